package consult

import "time"

// Resident is a person who writes to the council's LINE account, identified
// by their LINE user ID. For a group or room the ID is the group's or room's.
type Resident struct {
	ID string
	// FollowedAt is when the resident last added the account as a friend.
	FollowedAt time.Time
	// BlockedAt is set when the resident blocked the account (unfollow);
	// zero when they can be reached. No push goes to a blocked resident.
	BlockedAt time.Time
	// LastEventAt is the timestamp of the latest follow/unfollow applied, so
	// that out-of-order events are resolved by time.
	LastEventAt time.Time
	// DVSafe marks a resident whose situation makes unprompted pushes
	// dangerous (domestic violence): nothing is pushed unless they wrote first.
	DVSafe    bool
	CreatedAt time.Time
}

// Blocked reports whether the resident has blocked the account.
func (r Resident) Blocked() bool { return !r.BlockedAt.IsZero() }

// Session is where a resident is in the conversation.
type Session struct {
	Resident string
	// Flow and Step name the current position in flows/*.yaml; empty means
	// the conversation has not started.
	Flow string
	Step string
	// Vars holds answers and facts collected so far (who it is for, the
	// triage result, the chosen channel …).
	Vars      map[string]string
	UpdatedAt time.Time
	// Version increases with every saved turn.
	Version int64
}

// Clone returns a deep copy of s, so a pure step can change it freely.
func (s Session) Clone() Session {
	c := s
	c.Vars = make(map[string]string, len(s.Vars))
	for k, v := range s.Vars {
		c.Vars[k] = v
	}
	return c
}
