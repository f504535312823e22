package consult

import (
	"slices"
	"time"
)

// StaffRole is what a console account may do.
type StaffRole string

// Console roles: staff see their channels' cases; coordinators see every
// case, the quality and figures pages; admins also manage accounts and
// settings and read the audit log.
const (
	RoleAdmin       StaffRole = "admin"
	RoleCoordinator StaffRole = "coordinator"
	RoleStaff       StaffRole = "staff"
)

// Valid reports whether r is a known role.
func (r StaffRole) Valid() bool { return r == RoleAdmin || r == RoleCoordinator || r == RoleStaff }

// StaffUser is a console account.
type StaffUser struct {
	ID   int64
	Name string
	Role StaffRole
	// Channels are the channels a staff member works for (staff role only).
	Channels []Channel
	// PasswordHash is an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// DisabledAt is set when the account may no longer log in.
	DisabledAt time.Time
}

// Scope is the cases the user may see.
func (u StaffUser) Scope() CaseScope {
	if u.Role == RoleAdmin || u.Role == RoleCoordinator {
		return CaseScope{All: true}
	}
	return CaseScope{Channels: slices.Clone(u.Channels)}
}

// StaffSession is one console login, kept server-side. The browser holds a
// random token; the store keeps only its SHA-256.
type StaffSession struct {
	TokenHash []byte
	UserID    int64
	// CSRF is the per-session token every console form must send back.
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// ExpiresAt is the absolute end of the session, whatever the activity.
	ExpiresAt time.Time
	// Remote is the client address at login (for the audit of sessions).
	Remote string
}

// CaseScope limits which cases a query returns. The zero value sees
// nothing: a scope must be granted, never assumed.
type CaseScope struct {
	All      bool
	Channels []Channel
}

// Allows reports whether a case of channel ch is in the scope.
func (s CaseScope) Allows(ch Channel) bool { return s.All || slices.Contains(s.Channels, ch) }

// CaseQuery filters the console inbox. Zero fields do not filter.
type CaseQuery struct {
	Scope    CaseScope
	Channel  Channel
	Urgency  Urgency
	Statuses []CaseStatus
	// From and To bound the creation time: From ≤ created_at < To.
	From, To time.Time
	// Text is searched in the summary, the contact name, the staff names and
	// the case's transcript lines.
	Text   string
	Limit  int
	Offset int
}

// CaseRow is a case as the console lists it.
type CaseRow struct {
	Case
	// ReferredFrom is the channel this case was referred from by staff, ""
	// when the bot routed it.
	ReferredFrom Channel
	// Corrected is the channel a coordinator said was right, "" when the
	// routing was not corrected.
	Corrected Channel
}

// RoutingCorrection is a coordinator's verdict that the bot routed a case to
// the wrong channel: a labelled example for `tsunagu eval` and dict/.
type RoutingCorrection struct {
	CaseID int64
	// Text is what the resident wrote in the case's conversation (sensitive;
	// blanked by retention).
	Text string
	// Predicted is the triage's channel ("" = unclear); Routed is the channel
	// the case was opened for.
	Predicted Channel
	Routed    Channel
	// Channel, Crisis and Urgency are the coordinator's labels.
	Channel Channel
	Crisis  Crisis
	Urgency Urgency
	By      string
	At      time.Time
}

// AuditEntry records who looked at or exported what, and when.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	// CaseID is the case concerned, 0 for none.
	CaseID int64
	// Detail is a short structured detail (filters, counts), never what a
	// resident wrote.
	Detail string
	Remote string
}

// AuditQuery selects audit entries, newest first.
type AuditQuery struct {
	CaseID int64
	Actor  string
	Action string
	// Before pages back: only entries with a smaller ID.
	Before int64
	Limit  int
}

// RetentionRun is what one retention pass removed.
type RetentionRun struct {
	At time.Time
	// Cutoff: cases closed before it lost their transcript and contact.
	Cutoff   time.Time
	Cases    int64
	Messages int64
	Outbox   int64
	Events   int64
	Sessions int64
}
