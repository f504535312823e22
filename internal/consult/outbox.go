package consult

import (
	"encoding/json"
	"time"
)

// OutboxKind says which adapter delivers an outbox item.
type OutboxKind string

// Outbox kinds.
const (
	// OutLINEReply sends Messages with the reply token, falling back to a
	// push when the token is missing, expired or refused.
	OutLINEReply OutboxKind = "line.reply"
	// OutLINEPush pushes Messages (staff replies, follow-ups).
	OutLINEPush OutboxKind = "line.push"
	// OutSlack posts or updates a case in Slack.
	OutSlack OutboxKind = "slack"
)

// OutboxState is the delivery state of an outbox item.
type OutboxState string

// Outbox states.
const (
	OutboxPending   OutboxState = "pending"
	OutboxDone      OutboxState = "done"
	OutboxFailed    OutboxState = "failed"    // gave up after too many attempts
	OutboxCancelled OutboxState = "cancelled" // no longer deliverable (blocked)
)

// OutboxItem is one outbound delivery, written in the same transaction as
// the turn that caused it and delivered later, with retries, exactly once.
type OutboxItem struct {
	ID       int64
	Kind     OutboxKind
	Resident string
	CaseID   int64
	// ReplyToken and EventAt (the event's timestamp) let the sender use the
	// free reply while the token is fresh.
	ReplyToken string
	EventAt    time.Time
	// RetryKey is a UUID sent as X-Line-Retry-Key on pushes so that a retry
	// after an unknown outcome is not delivered twice.
	RetryKey string
	// Payload is the adapter's JSON: []OutMessage for LINE, a SlackJob for Slack.
	Payload json.RawMessage
	State   OutboxState
	// Attempts counts delivery attempts; NextAt is the earliest next one.
	Attempts int
	// Recorded counts attempts whose outcome was recorded; an attempt not
	// recorded (the process died during it) may or may not have delivered.
	Recorded  int
	NextAt    time.Time
	LastError string
	// ReplyUnsure is set when a reply attempt ended without a clear answer
	// (timeout), so a later "Invalid reply token" may mean it was delivered.
	ReplyUnsure bool
	// Key, when set, replaces the default order key: an item scheduled for
	// later (a follow-up in days) must not hold up the resident's others.
	Key string
	// Prompted is true when the resident wrote first (a reply or an answer
	// in the same turn); unprompted pushes are withheld for DV-safe residents.
	Prompted  bool
	CreatedAt time.Time
	DoneAt    time.Time
}

// OutcomeUnknown reports whether an earlier attempt may have delivered the
// item without it being recorded: a timeout, or a crash during delivery.
func (o OutboxItem) OutcomeUnknown() bool { return o.ReplyUnsure || o.Attempts-1 > o.Recorded }

// Messages decodes the LINE payload of an item.
func (o OutboxItem) Messages() ([]OutMessage, error) {
	var m []OutMessage
	err := json.Unmarshal(o.Payload, &m)
	return m, err
}

// OutboxResult is the outcome of one delivery attempt of a leased item.
type OutboxResult struct {
	ID int64
	// State is OutboxDone, OutboxFailed or OutboxCancelled when the item is
	// finished, or OutboxPending to try again at NextAt.
	State  OutboxState
	NextAt time.Time
	Error  string
	// ReplyToken replaces the item's token ("" switches it to push).
	ReplyToken  string
	ReplyUnsure bool
	// Slack fields learned on delivery (the posted message's channel and ts),
	// stored on the item's case.
	SlackChannel string
	SlackTS      string
	At           time.Time
}
