package consult

import "time"

// Delivery is what an adapter reports after one attempt to deliver an
// outbox item; the outbox dispatcher turns it into the next state.
type Delivery struct {
	// Done: delivered, nothing more to do.
	Done bool
	// Cancel: it can never be delivered (the resident blocked the account).
	Cancel bool
	// Permanent: refused for good (a malformed message); give up now.
	Permanent bool
	// RetryAfter is the wait the server asked for (429 Retry-After).
	RetryAfter time.Duration
	// ReplyToken is the token to keep for the next attempt; "" means push.
	ReplyToken  string
	ReplyUnsure bool
	// SlackChannel and SlackTS name the posted Slack message.
	SlackChannel string
	SlackTS      string
	// Method says how it went out, for metrics: reply, push, presumed …
	Method string
	// Err describes the failure; it never contains personal data.
	Err error
}
