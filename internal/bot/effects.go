package bot

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Case event actions recorded on the timeline.
const (
	ActionCreated   = "created"
	ActionEmergency = "emergency"
	ActionUpdated   = "updated"
	ActionWithdrawn = "withdrawn"
	ActionFollowUp  = "follow-up"
	ActionMessage   = "resident-message"
)

// apply turns the step's effects into case writes and staff notifications.
func (t *turn) apply(effects []consult.Effect) error {
	for _, e := range effects {
		var err error
		switch e.Kind {
		case consult.EffectCrisis:
			err = t.crisis(e)
		case consult.EffectHandoff:
			err = t.handoff(e)
		case consult.EffectWithdraw:
			err = t.withdraw()
		case consult.EffectDVSafe:
			t.dvSafe()
		case consult.EffectFollowUp:
			t.followUp(e)
		case consult.EffectToStaff:
			err = t.toStaff()
		default:
			err = fmt.Errorf("unknown effect %q: %w", e.Kind, consult.ErrInvalid)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// openCase finds the open case of a channel, including ones this turn made.
func (t *turn) openCase(ch consult.Channel) *consult.Case {
	for i := range t.out.Cases {
		if c := &t.out.Cases[i]; c.Channel == ch && c.Status.Open() {
			return c
		}
	}
	for _, c := range t.in.OpenCases {
		if c.Channel == ch {
			t.out.Cases = append(t.out.Cases, c)
			return &t.out.Cases[len(t.out.Cases)-1]
		}
	}
	return nil
}

func (t *turn) newCase(ch consult.Channel, e consult.Effect) *consult.Case {
	c := consult.Case{ID: consult.NewID(t.now), Resident: t.in.Event.Resident, Channel: ch, Status: consult.CaseNew,
		Urgency: e.Urgency, Crisis: e.Crisis, ForWhom: e.ForWhom, Summary: e.Summary, DVSafe: t.out.Resident.DVSafe,
		CreatedAt: t.now}
	if c.Urgency == "" {
		c.Urgency = consult.Normal
	}
	if e.Contact != nil {
		c.Contact = *e.Contact
	}
	if e.Triage != nil {
		c.Triage = *e.Triage
	}
	if !t.bot.opts.Slack {
		// The console inbox is the only destination: it is there now.
		c.NotifiedAt = t.now
	}
	t.out.Cases = append(t.out.Cases, c)
	t.event(c.ID, "resident", ActionCreated, string(ch))
	return &t.out.Cases[len(t.out.Cases)-1]
}

// crisis alerts staff at once: a new emergency case, or an open case of the
// same channel raised to emergency.
func (t *turn) crisis(e consult.Effect) error {
	ch := e.Channel
	if ch == "" {
		ch = consult.Other
	}
	e.Urgency = consult.Emergency
	if c := t.openCase(ch); c != nil {
		raised := c.Urgency != consult.Emergency
		c.Urgency, c.Crisis = consult.Emergency, e.Crisis
		if e.Summary != "" {
			c.Summary = e.Summary
		}
		t.event(c.ID, "resident", ActionEmergency, string(e.Crisis))
		if raised {
			// Escalated now; the unclaimed-emergency timer must not do it again.
			c.EscalatedAt = t.now
			return t.slack(c.ID, consult.SlackJob{Op: consult.SlackEscalate, Note: string(e.Crisis)})
		}
		return t.slack(c.ID, consult.SlackJob{Op: consult.SlackThread, Text: e.Summary})
	}
	c := t.newCase(ch, e)
	t.event(c.ID, "bot", ActionEmergency, string(e.Crisis))
	return t.slack(c.ID, consult.SlackJob{Op: consult.SlackPost})
}

// handoff opens a case the resident consented to, or updates the open one.
func (t *turn) handoff(e consult.Effect) error {
	if !e.Channel.Valid() {
		return fmt.Errorf("handoff to channel %q: %w", e.Channel, consult.ErrInvalid)
	}
	if c := t.openCase(e.Channel); c != nil {
		if e.Contact != nil {
			c.Contact = *e.Contact
		}
		if e.Summary != "" {
			c.Summary = e.Summary
		}
		if e.Urgency.Rank() > c.Urgency.Rank() {
			c.Urgency = e.Urgency
		}
		t.event(c.ID, "resident", ActionUpdated, "")
		return t.slack(c.ID, consult.SlackJob{Op: consult.SlackUpdate})
	}
	c := t.newCase(e.Channel, e)
	return t.slack(c.ID, consult.SlackJob{Op: consult.SlackPost})
}

// withdraw closes every open case at the resident's request.
func (t *turn) withdraw() error {
	for _, oc := range t.in.OpenCases {
		c := t.openCase(oc.Channel)
		if c == nil {
			continue
		}
		c.Status, c.ClosedAt, c.ClosedBy = consult.CaseWithdrawn, t.now, "resident"
		t.event(c.ID, "resident", ActionWithdrawn, "")
		if err := t.slack(c.ID, consult.SlackJob{Op: consult.SlackUpdate, Note: "withdrawn"}); err != nil {
			return err
		}
	}
	// Cases made earlier in this same turn are withdrawn too.
	for i := range t.out.Cases {
		if c := &t.out.Cases[i]; c.Status.Open() {
			c.Status, c.ClosedAt, c.ClosedBy = consult.CaseWithdrawn, t.now, "resident"
		}
	}
	return nil
}

func (t *turn) dvSafe() {
	t.out.Resident.DVSafe = true
	for _, oc := range t.in.OpenCases {
		if c := t.openCase(oc.Channel); c != nil {
			c.DVSafe = true
		}
	}
	for i := range t.out.Cases {
		t.out.Cases[i].DVSafe = true
	}
}

// followUp records the answer to 「つながれましたか？」 — only on a case of
// this resident (postback data is untrusted), and only once.
func (t *turn) followUp(e consult.Effect) {
	for _, c := range append(append([]consult.Case{}, t.in.RecentClosed...), t.in.OpenCases...) {
		if c.ID != e.CaseID || c.Resident != t.in.Event.Resident || !c.FollowUpAt.IsZero() {
			continue
		}
		c.FollowUpAt, c.FollowUpAnswer = t.now, e.Value
		t.out.Cases = append(t.out.Cases, c)
		t.event(c.ID, "resident", ActionFollowUp, e.Value)
		return
	}
}

// toStaff relays the resident's message to the staff of their open case.
func (t *turn) toStaff() error {
	c := t.currentCase()
	if c == nil {
		return nil
	}
	ev := t.in.Event
	text := ev.Text
	if ev.Type != consult.EventMessage || ev.MessageType != "text" {
		text = "[" + ev.MessageType + "]"
	}
	t.event(c.ID, "resident", ActionMessage, "")
	return t.slack(c.ID, consult.SlackJob{Op: consult.SlackThread, Text: text})
}

func (t *turn) event(caseID int64, actor, action, detail string) {
	t.out.CaseEvents = append(t.out.CaseEvents, consult.CaseEvent{CaseID: caseID, At: t.now, Actor: actor, Action: action, Detail: detail})
}

// slack queues a Slack job for a case when Slack is configured.
func (t *turn) slack(caseID int64, job consult.SlackJob) error {
	if !t.bot.opts.Slack {
		return nil
	}
	job.CaseID = caseID
	payload, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("encode slack job: %w", err)
	}
	t.out.Outbox = append(t.out.Outbox, consult.OutboxItem{Kind: consult.OutSlack, Resident: t.in.Event.Resident,
		CaseID: caseID, Payload: payload, RetryKey: strconv.FormatInt(caseID, 10)})
	return nil
}
