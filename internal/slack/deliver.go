package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

// noteUnclaimed is the note of the timers' escalation (bot.NoteUnclaimed);
// any other note of an escalation is the crisis that raised the case.
const noteUnclaimed = "unclaimed"

// Deliver makes one attempt at a Slack outbox item (an outbox.Deliverer).
// The case's message is rendered from the case as it is now.
func (s *Slack) Deliver(ctx context.Context, it consult.OutboxItem) consult.Delivery {
	var job consult.SlackJob
	if err := json.Unmarshal(it.Payload, &job); err != nil {
		return consult.Delivery{Permanent: true, Err: fmt.Errorf("decode slack job: %w", err)}
	}
	if job.CaseID == 0 {
		job.CaseID = it.CaseID
	}
	c, err := s.store.Case(ctx, job.CaseID)
	if errors.Is(err, consult.ErrNotFound) {
		return consult.Delivery{Permanent: true, Err: fmt.Errorf("slack job for case %d: %w", job.CaseID, err)}
	}
	if err != nil {
		return consult.Delivery{Err: fmt.Errorf("read case %d: %w", job.CaseID, err)}
	}
	d := &delivery{s: s, item: it, job: job, c: c}
	return d.finish(d.run(ctx))
}

// delivery is one attempt at one job.
type delivery struct {
	s      *Slack
	item   consult.OutboxItem
	job    consult.SlackJob
	c      consult.Case
	posted bool // the case's main message was posted by this attempt
}

func (d *delivery) run(ctx context.Context) error {
	switch d.job.Op {
	case consult.SlackPost:
		return d.post(ctx)
	case consult.SlackUpdate:
		if d.c.SlackTS == "" {
			return d.ensureMain(ctx)
		}
		return d.updateAll(ctx)
	case consult.SlackThread:
		return d.thread(ctx)
	case consult.SlackEscalate:
		return d.escalate(ctx)
	case consult.SlackRemind:
		return d.remind(ctx)
	}
	return fmt.Errorf("unknown slack op %q: %w", d.job.Op, consult.ErrInvalid)
}

func (d *delivery) finish(err error) consult.Delivery {
	var out consult.Delivery
	switch {
	case err == nil:
		out = consult.Delivery{Done: true, Method: string(d.job.Op)}
	case errors.Is(err, errSkip):
		out = consult.Delivery{Done: true, Method: "skipped"}
	case errors.Is(err, consult.ErrInvalid):
		out = consult.Delivery{Permanent: true, Err: err}
	default:
		out = outcome(err)
	}
	if d.posted {
		out.SlackChannel, out.SlackTS = d.c.SlackChannel, d.c.SlackTS
	}
	return out
}

// post puts a new case in its channel, with a note in its thread when it
// came from another channel.
func (d *delivery) post(ctx context.Context) error {
	if d.c.SlackTS != "" {
		return d.updateAll(ctx)
	}
	if err := d.ensureMain(ctx); err != nil {
		return err
	}
	if from, ok := strings.CutPrefix(d.job.Note, "referred-from:"); ok {
		text := fill(d.s.texts.Thread.ReferredFrom, "channel", escape(d.s.render.channelName(consult.Channel(from))))
		_, _, err := d.postOnce(ctx, "note", d.c.SlackChannel, d.c.SlackTS, message{Text: text}, false)
		return err
	}
	return nil
}

// ensureMain posts the case's main message unless it has one. A case that
// closed before it was ever posted is not posted at all.
func (d *delivery) ensureMain(ctx context.Context) error {
	if d.c.SlackTS != "" {
		return nil
	}
	if !d.c.Status.Open() {
		return errSkip
	}
	var notes []string
	if from, ok := strings.CutPrefix(d.job.Note, "referred-from:"); ok {
		notes = append(notes, fill(d.s.texts.Labels.ReferredFrom, "channel", escape(d.s.render.channelName(consult.Channel(from)))))
	}
	ch, ts, err := d.postOnce(ctx, "main", d.s.route(d.c.Channel), "", d.s.render.caseMessage(d.c, notes...), false)
	if err != nil {
		return err
	}
	d.c.SlackChannel, d.c.SlackTS, d.posted = ch, ts, true
	return nil
}

// updateAll re-renders the main message and its copies in place.
func (d *delivery) updateAll(ctx context.Context) error {
	if err := d.update(ctx, d.c.SlackChannel, d.c.SlackTS, d.s.render.caseMessage(d.c)); err != nil {
		return err
	}
	copies, err := d.s.store.SlackMessages(ctx, d.c.ID)
	if err != nil {
		return fmt.Errorf("read copies of case %d: %w", d.c.ID, err)
	}
	for _, m := range copies {
		if err := d.update(ctx, m.Channel, m.TS, d.s.render.caseMessage(d.c, d.copyNote(ctx))); err != nil {
			return err
		}
	}
	return nil
}

func (d *delivery) update(ctx context.Context, channel, ts string, msg message) error {
	_, _, _, err := d.s.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
	d.s.countError("chat.update", err)
	if goneCodes[slackCode(err)] {
		d.s.log.WarnContext(ctx, "slack message of case gone, not updated", "case", d.c.ID, "error", slackCode(err))
		return nil
	}
	if err != nil {
		return fmt.Errorf("update slack message of case %d: %w", d.c.ID, err)
	}
	return nil
}

// thread posts a resident's message or a note into the case's thread.
func (d *delivery) thread(ctx context.Context) error {
	if err := d.ensureMain(ctx); err != nil {
		return err
	}
	var text string
	switch {
	case d.job.Text != "":
		text = d.s.render.relay(d.c, d.job.Text)
	case strings.HasPrefix(d.job.Note, "referred-to:"):
		to := consult.Channel(strings.TrimPrefix(d.job.Note, "referred-to:"))
		text = fill(d.s.texts.Thread.ReferredTo, "channel", escape(d.s.render.channelName(to)), "who", d.s.render.who(d.c.ClosedBy))
	case d.job.Note == "withdrawn":
		text = d.s.texts.Thread.Withdrawn
	default:
		return nil
	}
	_, _, err := d.postOnce(ctx, "thread", d.c.SlackChannel, d.c.SlackTS, message{Text: text}, false)
	return err
}

// escalate alerts the channel (@channel, shown in the channel too) and
// posts a copy with buttons to the escalation channel.
func (d *delivery) escalate(ctx context.Context) error {
	if err := d.ensureMain(ctx); err != nil {
		return err
	}
	if !d.posted {
		// The case may have become an emergency since it was posted.
		if err := d.update(ctx, d.c.SlackChannel, d.c.SlackTS, d.s.render.caseMessage(d.c)); err != nil {
			return err
		}
	}
	if d.c.Status != consult.CaseNew {
		return nil // claimed in the meantime
	}
	alert := fill(d.s.texts.Thread.Escalate, "minutes", strconv.Itoa(int(d.s.cfg.EscalateAfter.Minutes())))
	if d.job.Note != noteUnclaimed {
		alert = fill(d.s.texts.Thread.EscalateRaised, "crisis", d.s.texts.Crisis[consult.Crisis(d.job.Note)])
	}
	if _, _, err := d.postOnce(ctx, "alert", d.c.SlackChannel, d.c.SlackTS, message{Text: alert}, true); err != nil {
		return err
	}
	esc := d.s.cfg.EscalationChannel
	if esc == d.c.SlackChannel || esc == d.s.route(d.c.Channel) {
		return nil
	}
	ch, ts, err := d.postOnce(ctx, "copy", esc, "", d.s.render.caseMessage(d.c, d.copyNote(ctx)), false)
	if err != nil {
		return err
	}
	if err := d.s.store.AddSlackMessage(ctx, consult.SlackMessage{CaseID: d.c.ID, Channel: ch, TS: ts, Kind: "escalation", At: d.s.now()}); err != nil {
		return fmt.Errorf("record escalation copy of case %d: %w", d.c.ID, err)
	}
	return nil
}

// copyNote is the note on a copy: whose case it is and a link to the thread.
func (d *delivery) copyNote(ctx context.Context) string {
	link, err := d.s.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: d.c.SlackChannel, Ts: d.c.SlackTS})
	d.s.countError("chat.getPermalink", err)
	if err != nil {
		link = ""
	}
	return fill(d.s.texts.Thread.EscalationCopy, "channel", escape(d.s.render.channelName(d.c.Channel)), "link", link)
}

// remind tells the channel that a case is still unclaimed.
func (d *delivery) remind(ctx context.Context) error {
	if err := d.ensureMain(ctx); err != nil {
		return err
	}
	if d.c.Status != consult.CaseNew {
		return nil
	}
	text := fill(d.s.texts.Thread.Remind, "at", stamp(d.c.CreatedAt))
	_, _, err := d.postOnce(ctx, "remind", d.c.SlackChannel, d.c.SlackTS, message{Text: text}, true)
	return err
}
