package console

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

const (
	// lookBack bounds how far before a case its conversation is looked for.
	lookBack = 24 * time.Hour
	// settle covers the gap between a resident's event time (LINE's clock)
	// and the case's creation (ours) in the same turn.
	settle = 2 * time.Minute
	// maxLines bounds the transcript shown on a case page.
	maxLines = 500
)

// thread is a case with what the console shows around it.
type thread struct {
	// Root is the case the bot opened; a staff referral chain leads back to it.
	Root consult.Case
	// Chain is the case IDs from the root to the case, in order.
	Chain []int64
	// Next is the case a referral of this one opened, when there is one.
	Next *consult.Case
	// Others are the resident's other cases.
	Others []consult.Case
	Lines  []consult.Message
}

// shownLine is a transcript line as the case page shows it.
type shownLine struct {
	consult.Message
	// Tap is set for a button the resident tapped: its label when the bot's
	// earlier message has it, else the postback data.
	Tap string
}

const postbackMark = "[postback] "

// showLines names the buttons residents tapped, from the buttons of the
// bot's earlier messages.
func showLines(msgs []consult.Message) []shownLine {
	out := make([]shownLine, len(msgs))
	for i, m := range msgs {
		out[i].Message = m
		data, ok := strings.CutPrefix(m.Text, postbackMark)
		if m.Direction != consult.FromResident || !ok {
			continue
		}
		out[i].Tap = data
		for j := i - 1; j >= 0; j-- {
			if label, ok := buttonLabel(msgs[j].Out, data); ok {
				out[i].Tap = label
				break
			}
		}
	}
	return out
}

func buttonLabel(m *consult.OutMessage, data string) (string, bool) {
	if m == nil {
		return "", false
	}
	actions := m.QuickReplies
	if m.Card != nil {
		actions = append(append([]consult.Action{}, m.Card.Buttons...), actions...)
	}
	for _, a := range actions {
		if a.Kind == consult.ActionPostback && a.Data == data {
			return a.Label, true
		}
	}
	return "", false
}

// referredFrom finds the case c was referred from: the referred case of the
// same resident whose referral closed it when c was created.
func referredFrom(c consult.Case, all []consult.Case) (consult.Case, bool) {
	for _, p := range all {
		if p.ID != c.ID && p.Status == consult.CaseReferred && p.ReferredTo == c.Channel && p.ClosedAt.Equal(c.CreatedAt) {
			return p, true
		}
	}
	return consult.Case{}, false
}

// referredTo finds the case a referral of c opened.
func referredTo(c consult.Case, all []consult.Case) (consult.Case, bool) {
	if c.Status != consult.CaseReferred {
		return consult.Case{}, false
	}
	for _, n := range all {
		if n.ID != c.ID && n.Channel == c.ReferredTo && n.CreatedAt.Equal(c.ClosedAt) {
			return n, true
		}
	}
	return consult.Case{}, false
}

// loadThread gathers a case's referral chain and transcript: the lines of
// every case in the chain, and the lines of no case written before the
// root was opened, back to the resident's previous case (at most a day).
func (s *Server) loadThread(ctx context.Context, c consult.Case) (thread, error) {
	all, err := s.store.ResidentCases(ctx, c.Resident)
	if err != nil {
		return thread{}, err
	}
	t := thread{Root: c, Chain: []int64{c.ID}}
	for i := 0; i < 20; i++ {
		p, ok := referredFrom(t.Root, all)
		if !ok {
			break
		}
		t.Root, t.Chain = p, append([]int64{p.ID}, t.Chain...)
	}
	if n, ok := referredTo(c, all); ok {
		t.Next = &n
	}
	from := t.Root.CreatedAt.Add(-lookBack)
	in := map[int64]bool{}
	for _, id := range t.Chain {
		in[id] = true
	}
	for _, o := range all {
		if in[o.ID] {
			continue
		}
		if t.Next == nil || o.ID != t.Next.ID {
			t.Others = append(t.Others, o)
		}
		if !o.CreatedAt.Before(t.Root.CreatedAt) {
			continue
		}
		mark := o.CreatedAt
		if !o.ClosedAt.IsZero() && o.ClosedAt.Before(t.Root.CreatedAt) {
			mark = o.ClosedAt
		}
		if mark.After(from) {
			from = mark
		}
	}
	to := t.Root.CreatedAt.Add(settle)
	t.Lines, err = s.store.Transcript(ctx, c.Resident, t.Chain, from, to, maxLines)
	return t, err
}

var (
	// markerRE matches what the bot records for a non-text input:
	// "[postback] …", "[follow]", "[sticker]".
	markerRE = regexp.MustCompile(`^\[[a-z]+\]`)
	// phoneRE matches a line that is (mostly) a phone number.
	phoneRE = regexp.MustCompile(`^[\s+()0-9０-９\-ー－‐−]{9,}$`)
)

// residentText is what the resident wrote before the case was opened, as
// one labelled example: their typed lines, without button taps and without
// lines that are phone numbers.
func residentText(lines []consult.Message, contact consult.Contact) string {
	var parts []string
	for _, m := range lines {
		text := strings.TrimSpace(m.Text)
		if m.Direction != consult.FromResident || m.CaseID != 0 || text == "" || markerRE.MatchString(text) ||
			phoneRE.MatchString(text) || (contact.Phone != "" && strings.Contains(digits(text), contact.Phone)) {
			continue
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, "\n")
}

// digits keeps the ASCII and full-width digits of s, as ASCII.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		}
	}
	return b.String()
}
