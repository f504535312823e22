package consult

import "time"

// CaseStatus is where a case is in its lifecycle:
// new → claimed → resolved | referred | withdrawn.
type CaseStatus string

// Case statuses.
const (
	CaseNew       CaseStatus = "new"
	CaseClaimed   CaseStatus = "claimed"
	CaseResolved  CaseStatus = "resolved"
	CaseReferred  CaseStatus = "referred"
	CaseWithdrawn CaseStatus = "withdrawn"
)

// Open reports whether staff still have to act on a case in this status.
func (s CaseStatus) Open() bool { return s == CaseNew || s == CaseClaimed }

// ContactMethod is how the resident wants staff to reach them.
type ContactMethod string

// Contact methods.
const (
	ContactLINE  ContactMethod = "line"
	ContactPhone ContactMethod = "phone"
)

// Contact is how to reach a resident. Phone is sensitive: shown only in the
// console (and in Slack when SLACK_DETAIL=full), never logged.
type Contact struct {
	Method ContactMethod `json:"method,omitempty"`
	Phone  string        `json:"phone,omitempty"`
	Name   string        `json:"name,omitempty"`
}

// Case is one consultation handed to staff.
type Case struct {
	ID       int64
	Resident string
	Channel  Channel
	Status   CaseStatus
	Urgency  Urgency
	Crisis   Crisis
	ForWhom  Subject
	// Summary is a short description of the need for staff (sensitive).
	Summary string
	Contact Contact
	// Triage is the decision that led to the case, with its evidence.
	Triage TriageResult
	// DVSafe: never push to this resident unprompted.
	DVSafe bool
	// OutOfHours is true when the case was made while the channel was closed.
	OutOfHours bool

	CreatedAt  time.Time
	NotifiedAt time.Time // first posted to staff (Slack or console inbox)
	ClaimedAt  time.Time
	ClaimedBy  string
	ClosedAt   time.Time // resolved, referred or withdrawn
	ClosedBy   string
	ReferredTo Channel
	// Slack thread of the case, once posted.
	SlackChannel string
	SlackTS      string
	// Escalated is set when an unclaimed emergency was escalated.
	EscalatedAt time.Time
	// FollowUp records the resident's answer to 「つながれましたか？」.
	FollowUpAt     time.Time
	FollowUpAnswer string
	UpdatedAt      time.Time
}

// EffectKind is something a conversation step asks the bot to do besides
// sending messages.
type EffectKind string

// Effects a conversation step can ask for.
const (
	// EffectHandoff: the resident consented; open a case for Channel.
	EffectHandoff EffectKind = "handoff"
	// EffectCrisis: alert staff at once (no consent needed to protect life).
	EffectCrisis EffectKind = "crisis"
	// EffectWithdraw: the resident withdrew; close their open cases.
	EffectWithdraw EffectKind = "withdraw"
	// EffectDVSafe: mark the resident DV-safe (no unprompted pushes).
	EffectDVSafe EffectKind = "dv-safe"
	// EffectFollowUp: record the answer to the follow-up question.
	EffectFollowUp EffectKind = "follow-up"
	// EffectToStaff: the resident's message belongs to their open case and
	// goes to its staff thread.
	EffectToStaff EffectKind = "to-staff"
)

// Effect is one effect of a conversation step.
type Effect struct {
	Kind    EffectKind    `json:"kind"`
	Channel Channel       `json:"channel,omitempty"`
	Urgency Urgency       `json:"urgency,omitempty"`
	Crisis  Crisis        `json:"crisis,omitempty"`
	ForWhom Subject       `json:"for_whom,omitempty"`
	Contact *Contact      `json:"contact,omitempty"`
	Summary string        `json:"summary,omitempty"`
	Triage  *TriageResult `json:"triage,omitempty"`
	// CaseID targets a specific case (follow-up answers).
	CaseID int64 `json:"case_id,omitempty"`
	// Value is a free value (the follow-up answer).
	Value string `json:"value,omitempty"`
}
