package consult

import "time"

// SlackMessage is a further Slack message of a case besides its main one
// (SlackChannel/SlackTS on the case): the copy of an unclaimed emergency in
// the escalation channel. Status changes re-render every copy, and a staff
// reply in a copy's thread reaches the case too.
type SlackMessage struct {
	CaseID  int64
	Channel string
	TS      string
	// Kind says why the message exists ("escalation").
	Kind string
	At   time.Time
}
