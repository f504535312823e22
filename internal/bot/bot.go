// Package bot is tsunagu's use case: one resident turn. It turns a stored
// LINE event into conversation input, runs the flow step, applies the
// step's effects (cases, staff notifications) and queues the replies, all
// as one TurnOutput that the store commits in one transaction. It owns the
// interfaces it needs and depends on no adapter.
package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Conversation is the flow engine (internal/flow).
type Conversation interface {
	// Step is pure: (state, input) → (state, messages, effects).
	Step(s consult.Session, in consult.Input) (consult.Session, []consult.OutMessage, []consult.Effect)
	// Notice renders a named system message ("group", "followup", "staff-reply").
	Notice(name string, vars map[string]string) ([]consult.OutMessage, error)
}

// Options configure the bot.
type Options struct {
	// Slack is true when Slack is configured: cases are then also posted
	// there; otherwise the console inbox is their only destination.
	Slack bool
	// FollowUpAfter is how long after a case is resolved the resident is
	// asked 「つながれましたか？」 (0: never).
	FollowUpAfter time.Duration
}

// Bot computes turns.
type Bot struct {
	conv Conversation
	opts Options
	now  func() time.Time
}

// New returns a bot using the conversation engine conv.
func New(conv Conversation, opts Options) *Bot {
	return &Bot{conv: conv, opts: opts, now: time.Now}
}

// maxPerCall is LINE's limit of messages in one reply or push.
const maxPerCall = 5

// tokenMaxAge: LINE refuses a reply token 20 minutes after its event, even
// on redelivery; older tokens are not even tried.
const tokenMaxAge = 19 * time.Minute

// noticeGroupVar marks a group or room that has had its one notice.
const noticeGroupVar = "_group_notice"

// Turn computes the output of one turn from what the store loaded. It does
// no I/O and is safe to retry.
func (b *Bot) Turn(in consult.TurnInput) (consult.TurnOutput, error) {
	now := b.now().UTC()
	ev := in.Event
	r := in.Resident
	if !in.Known {
		r = consult.Resident{ID: ev.Resident, CreatedAt: now}
	}
	t := &turn{bot: b, in: in, now: now, out: consult.TurnOutput{Resident: r, Session: in.Session.Clone()}}
	if t.out.Session.Resident == "" {
		t.out.Session.Resident = ev.Resident
	}
	if ev.Standby {
		// Another module answers this chat: send nothing, keep nothing.
		return t.out, nil
	}
	switch ev.Type {
	case consult.EventUnfollow:
		t.unfollow()
		return t.out, nil
	case consult.EventFollow:
		t.follow()
	}
	if ev.Source != consult.SourceUser {
		return t.out, t.group()
	}
	input, ok := t.input()
	if !ok {
		return t.out, nil
	}
	t.recordResident()
	sess, msgs, effects := b.conv.Step(t.out.Session, input)
	sess.Resident, sess.UpdatedAt = ev.Resident, now
	t.out.Session = sess
	if err := t.apply(effects); err != nil {
		return consult.TurnOutput{}, err
	}
	return t.out, t.send(msgs)
}

// turn is the working state of one Turn.
type turn struct {
	bot *Bot
	in  consult.TurnInput
	out consult.TurnOutput
	now time.Time
}

func (t *turn) unfollow() {
	ev, r := t.in.Event, &t.out.Resident
	if !ev.Timestamp.Before(r.LastEventAt) {
		r.BlockedAt, r.LastEventAt = ev.Timestamp, ev.Timestamp
		t.out.CancelPushes = true
	}
}

func (t *turn) follow() {
	ev, r := t.in.Event, &t.out.Resident
	if !ev.Timestamp.Before(r.LastEventAt) {
		r.FollowedAt, r.BlockedAt, r.LastEventAt = ev.Timestamp, time.Time{}, ev.Timestamp
	}
}

// group answers a group or room once: the account is for one-to-one chats.
func (t *turn) group() error {
	if t.out.Session.Vars[noticeGroupVar] != "" {
		return nil
	}
	ev := t.in.Event
	if ev.Type != consult.EventMessage && ev.Type != consult.EventJoin && ev.Type != consult.EventPostback {
		return nil
	}
	msgs, err := t.bot.conv.Notice("group", nil)
	if err != nil {
		return fmt.Errorf("group notice: %w", err)
	}
	t.out.Session.Vars[noticeGroupVar] = "1"
	t.out.Session.UpdatedAt = t.now
	return t.send(msgs)
}

// input turns the event into conversation input.
func (t *turn) input() (consult.Input, bool) {
	ev := t.in.Event
	in := consult.Input{Now: ev.Timestamp, CaseOpen: t.staffInCharge()}
	switch ev.Type {
	case consult.EventFollow:
		in.Kind, in.Unblocked = consult.InputFollow, ev.Unblocked
	case consult.EventPostback:
		in.Kind, in.Data = consult.InputPostback, ev.PostbackData
	case consult.EventMessage:
		if ev.MessageType == "text" {
			in.Kind, in.Text = consult.InputText, ev.Text
		} else {
			in.Kind = consult.InputOther
		}
	default:
		return in, false
	}
	return in, true
}

// staffInCharge reports whether a case is open, so the bot stays quiet.
func (t *turn) staffInCharge() bool { return len(t.in.OpenCases) > 0 }

// currentCase is the resident's most recent open case, or nil.
func (t *turn) currentCase() *consult.Case {
	var cur *consult.Case
	for i := range t.in.OpenCases {
		c := &t.in.OpenCases[i]
		if cur == nil || c.CreatedAt.After(cur.CreatedAt) {
			cur = c
		}
	}
	return cur
}

func (t *turn) caseID() int64 {
	if c := t.currentCase(); c != nil {
		return c.ID
	}
	return 0
}

// recordResident adds what the resident did to the transcript.
func (t *turn) recordResident() {
	ev := t.in.Event
	text := ev.Text
	switch {
	case ev.Type == consult.EventPostback:
		text = "[postback] " + ev.PostbackData
	case ev.Type == consult.EventFollow:
		text = "[follow]"
	case ev.MessageType != "text":
		text = "[" + ev.MessageType + "]"
	}
	t.out.Transcript = append(t.out.Transcript, consult.Message{Resident: ev.Resident, CaseID: t.caseID(),
		Direction: consult.FromResident, Text: text, EventID: ev.ID, At: ev.Timestamp})
}

// send records the bot's messages and queues them: the first five with the
// reply token, any more as pushes (the flows keep a turn within five).
func (t *turn) send(msgs []consult.OutMessage) error {
	if len(msgs) == 0 || t.out.Resident.Blocked() {
		return nil
	}
	ev := t.in.Event
	for i := range msgs {
		m := msgs[i]
		t.out.Transcript = append(t.out.Transcript, consult.Message{Resident: ev.Resident, CaseID: t.caseID(),
			Direction: consult.FromBot, Text: Plain(m), Out: &m, EventID: ev.ID, At: t.now})
	}
	token := ev.ReplyToken
	if t.now.Sub(ev.Timestamp) > tokenMaxAge {
		token = ""
	}
	for start := 0; start < len(msgs); start += maxPerCall {
		chunk := msgs[start:min(start+maxPerCall, len(msgs))]
		payload, err := json.Marshal(chunk)
		if err != nil {
			return fmt.Errorf("encode messages: %w", err)
		}
		item := consult.OutboxItem{Kind: consult.OutLINEReply, Resident: ev.Resident, ReplyToken: token,
			EventAt: ev.ReceivedAt, RetryKey: uuid.NewString(), Payload: payload, Prompted: true}
		if start > 0 {
			item.Kind, item.ReplyToken = consult.OutLINEPush, ""
		}
		t.out.Outbox = append(t.out.Outbox, item)
	}
	return nil
}

// Plain renders a bot message as plain text for the transcript.
func Plain(m consult.OutMessage) string {
	var b strings.Builder
	if m.Card != nil {
		b.WriteString("[" + m.Card.Title + "]")
		if m.Card.Subtitle != "" {
			b.WriteString(" " + m.Card.Subtitle)
		}
		for _, l := range m.Card.Lines {
			b.WriteString("\n" + l)
		}
		for _, a := range m.Card.Buttons {
			b.WriteString("\n(" + a.Label + ")")
		}
	} else {
		b.WriteString(m.Text)
	}
	for i, a := range m.QuickReplies {
		if i == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
		b.WriteString("<" + a.Label + ">")
	}
	return b.String()
}
