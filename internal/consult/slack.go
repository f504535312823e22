package consult

// SlackOp is what a Slack outbox job does.
type SlackOp string

// Slack operations.
const (
	// SlackPost posts a new case to its channel's Slack channel.
	SlackPost SlackOp = "post"
	// SlackUpdate re-renders the case's message in place (status changed).
	SlackUpdate SlackOp = "update"
	// SlackThread posts Text into the case's thread (a resident's reply, a note).
	SlackThread SlackOp = "thread"
	// SlackEscalate reposts an unclaimed emergency with @channel and to the
	// escalation channel.
	SlackEscalate SlackOp = "escalate"
	// SlackRemind reminds a channel of a case not claimed in time.
	SlackRemind SlackOp = "remind"
)

// SlackJob is the payload of an OutSlack outbox item. The message itself is
// rendered at delivery time from the current state of the case.
type SlackJob struct {
	Op     SlackOp `json:"op"`
	CaseID int64   `json:"case_id"`
	// Text is relayed into the thread (sensitive: never logged).
	Text string `json:"text,omitempty"`
	// Note says why (e.g. "referred from houkatsu", "withdrawn").
	Note string `json:"note,omitempty"`
	// Channel overrides the Slack channel (reassignment notes in the old thread).
	Channel string `json:"channel,omitempty"`
	TS      string `json:"ts,omitempty"`
}
