package slack

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

// caseMessage renders a case as its Slack message: urgency header, the
// facts as fields, the request, the triage evidence, a link to the console
// and, while the case is open, the buttons. notes are extra context lines
// (mrkdwn) put under the header.
func (r *renderer) caseMessage(c consult.Case, notes ...string) message {
	id := strconv.FormatInt(c.ID, 10)
	var blocks []slack.Block
	blocks = append(blocks, slack.NewHeaderBlock(plain(r.header(c)), slack.HeaderBlockOptionBlockID("h")))
	if len(notes) > 0 {
		var els []slack.MixedElement
		for _, n := range notes {
			if len(els) < maxContext {
				els = append(els, mrkdwn(truncate(n, maxSection)))
			}
		}
		blocks = append(blocks, slack.NewContextBlock("n", els...))
	}
	field := func(label, value string) *slack.TextBlockObject {
		return mrkdwn(truncate("*"+label+"*\n"+value, maxField))
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, []*slack.TextBlockObject{
		field(r.texts.Labels.Channel, escape(r.channelName(c.Channel))),
		field(r.texts.Labels.ForWhom, r.forWhom(c.ForWhom)),
		field(r.texts.Labels.Contact, r.contact(c)),
		field(r.texts.Labels.Status, r.status(c)),
	}, nil, slack.SectionBlockOptionBlockID("f")))
	summary := r.texts.Labels.NoSummary
	if strings.TrimSpace(c.Summary) != "" {
		summary = r.resident(c, c.Summary)
	}
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(truncate("*"+r.texts.Labels.Summary+"*\n"+summary, maxSection)), nil, nil, slack.SectionBlockOptionBlockID("s")))
	if ev := r.evidence(c); ev != "" {
		blocks = append(blocks, slack.NewContextBlock("e", mrkdwn(ev)))
	}
	blocks = append(blocks, slack.NewContextBlock("c", r.caseContext(c)...))
	if c.Status.Open() {
		blocks = append(blocks, r.actions(c, id))
	}
	return message{Text: r.notification(c), Blocks: blocks[:min(len(blocks), maxBlocks)]}
}

// notification is the message's plain text: what a phone notification
// shows. It never holds what the resident wrote.
func (r *renderer) notification(c consult.Case) string {
	u := r.texts.Urgency[c.Urgency]
	if u == "" {
		u = r.texts.Urgency[consult.Normal]
	}
	return fill(r.texts.Notify, "urgency", u, "channel", escape(r.channelName(c.Channel)))
}

func (r *renderer) caseContext(c consult.Case) []slack.MixedElement {
	els := []slack.MixedElement{mrkdwn(fill(r.texts.Labels.Case, "id", strconv.FormatInt(c.ID, 10), "at", stamp(c.CreatedAt)))}
	if r.baseURL != "" {
		els = append(els, mrkdwn("<"+r.baseURL+"/console/cases/"+strconv.FormatInt(c.ID, 10)+"|"+r.texts.Labels.Console+">"))
	}
	if c.OutOfHours {
		els = append(els, mrkdwn(r.texts.Labels.OutOfHours))
	}
	if c.DVSafe {
		els = append(els, mrkdwn(r.texts.Labels.DVSafe))
	}
	if r.detail != DetailFull {
		els = append(els, mrkdwn(r.texts.Labels.Masked))
	}
	return els[:min(len(els), maxContext)]
}

func (r *renderer) actions(c consult.Case, id string) slack.Block {
	var els []slack.BlockElement
	if c.Status == consult.CaseNew {
		els = append(els, slack.NewButtonBlockElement(actionClaim, id, plain(r.texts.Buttons.Claim)).WithStyle(slack.StylePrimary))
	}
	els = append(els, slack.NewButtonBlockElement(actionResolve, id, plain(r.texts.Buttons.Resolve)))
	var opts []*slack.OptionBlockObject
	for _, ch := range consult.Channels() {
		if ch != c.Channel && len(opts) < maxOptions {
			opts = append(opts, slack.NewOptionBlockObject(id+":"+string(ch), plain(truncate(r.channelName(ch), maxButton)), nil))
		}
	}
	els = append(els, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(r.texts.Buttons.Reassign), actionReassign, opts...))
	return slack.NewActionBlock("a", els...)
}

// relay renders a resident's message for the case's thread.
func (r *renderer) relay(c consult.Case, text string) string {
	return truncate(fill(r.texts.Thread.Resident, "text", r.resident(c, text)), maxText)
}
