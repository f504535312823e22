package consult

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// TurnInput is everything a bot turn may read, loaded by the store inside
// the turn's transaction while it holds the resident's lock.
type TurnInput struct {
	Event InboundEvent
	// Resident is the stored resident, or a zero Resident with only ID set
	// when the resident is new (Known false).
	Resident Resident
	Known    bool
	Session  Session
	// OpenCases are the resident's cases in status new or claimed.
	OpenCases []Case
	// RecentClosed are the resident's ten most recently closed cases (for
	// follow-up answers).
	RecentClosed []Case
}

// TurnOutput is everything a bot turn writes. The store commits all of it,
// and marks the event processed, in ONE transaction.
type TurnOutput struct {
	Resident   Resident
	Session    Session
	Transcript []Message
	// Cases are inserted when new (no row with that ID) or updated.
	Cases      []Case
	CaseEvents []CaseEvent
	Outbox     []OutboxItem
	// CancelPushes cancels the resident's undelivered LINE messages
	// (the resident blocked the account).
	CancelPushes bool
}

// CaseEvent is one line of a case's timeline (created, notified, claimed,
// resolved, reassigned, note, withdrawn …).
type CaseEvent struct {
	ID     int64
	CaseID int64
	At     time.Time
	// Actor is "resident", "bot", or a staff member's name or Slack user.
	Actor  string
	Action string
	// Detail is a short structured detail (channel IDs, status), never
	// what a resident wrote.
	Detail string
}

// idEpoch is the start of tsunagu's ID clock.
var idEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// NewID returns a positive, time-ordered, practically unique 63-bit ID
// (milliseconds since 2024 in the high bits, 20 random bits below), so that
// any replica can name a case before it is stored.
func NewID(t time.Time) int64 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	ms := t.Sub(idEpoch).Milliseconds()
	if ms < 0 {
		ms = 0
	}
	return ms<<20 | int64(binary.BigEndian.Uint32(b[:])&0xFFFFF)
}
