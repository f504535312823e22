package slack

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Block Kit limits (platform-facts.md §12) that slack-go does not check.
const (
	maxHeader   = 150
	maxButton   = 75
	maxSection  = 3000
	maxField    = 2000
	maxContext  = 10
	maxBlocks   = 50
	maxText     = 3900 // a thread note's text: well below Slack's 4,000 advice
	maxEvidence = 6
	maxOptions  = 100
)

// Action IDs of the case buttons; the value of each button is the case ID,
// and each option of the channel select is "caseID:channel".
const (
	actionClaim    = "claim"
	actionResolve  = "resolve"
	actionReassign = "reassign"
)

// Detail says how much of a case goes to Slack.
type Detail string

// Detail levels (SLACK_DETAIL).
const (
	// DetailMinimal masks phone numbers, addresses, e-mail addresses and
	// names; the details are in the console (the default).
	DetailMinimal Detail = "minimal"
	// DetailFull sends everything, for councils whose rules allow it.
	DetailFull Detail = "full"
)

// renderer builds the Slack messages of cases.
type renderer struct {
	texts   *Texts
	masker  *Masker
	detail  Detail
	baseURL string
	names   map[consult.Channel]string
}

// message is one Slack message: the notification text and the blocks.
type message struct {
	Text   string
	Blocks []slack.Block
}

var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}()

func stamp(t time.Time) string { return t.In(tokyo).Format("1/2 15:04") }

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// escape makes text safe inside Slack mrkdwn: a resident cannot write
// <!channel> or a link.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// truncate cuts s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func (r *renderer) channelName(ch consult.Channel) string {
	if n := r.names[ch]; n != "" {
		return n
	}
	return string(ch)
}

// resident returns what a resident wrote, masked unless SLACK_DETAIL=full,
// and escaped for mrkdwn.
func (r *renderer) resident(c consult.Case, text string) string {
	if r.detail != DetailFull {
		text = r.masker.Mask(text, c.Contact.Name)
	}
	return escape(text)
}

var reSlackActor = regexp.MustCompile(`\(slack:([UW][A-Z0-9]+)\)`)

// who renders a staff member: a Slack user as a mention, anyone else (a
// console user) by name.
func (r *renderer) who(actor string) string {
	if m := reSlackActor.FindStringSubmatch(actor); m != nil {
		return "<@" + m[1] + ">"
	}
	return escape(actor)
}

func (r *renderer) status(c consult.Case) string {
	t := r.texts.Status[c.Status]
	switch c.Status {
	case consult.CaseClaimed:
		return fill(t, "who", r.who(c.ClaimedBy), "at", stamp(c.ClaimedAt))
	case consult.CaseResolved:
		return fill(t, "who", r.who(c.ClosedBy), "at", stamp(c.ClosedAt))
	case consult.CaseReferred:
		return fill(t, "who", r.who(c.ClosedBy), "at", stamp(c.ClosedAt), "channel", escape(r.channelName(c.ReferredTo)))
	case consult.CaseWithdrawn:
		return fill(t, "at", stamp(c.ClosedAt))
	}
	return t
}

func (r *renderer) header(c consult.Case) string {
	u := r.texts.Urgency[c.Urgency]
	if u == "" {
		u = r.texts.Urgency[consult.Normal]
	}
	h := fill(r.texts.Header, "urgency", u, "channel", r.channelName(c.Channel))
	if c.Crisis != consult.NoCrisis {
		h = fill(r.texts.HeaderCrisis, "urgency", u, "crisis", r.texts.Crisis[c.Crisis], "channel", r.channelName(c.Channel))
	}
	return truncate(h, maxHeader)
}

func (r *renderer) forWhom(s consult.Subject) string {
	if s == consult.SubjectUnknown {
		return r.texts.ForWhom["unknown"]
	}
	if t := r.texts.ForWhom[string(s)]; t != "" {
		return t
	}
	return string(s)
}

func (r *renderer) contact(c consult.Case) string {
	var parts []string
	switch c.Contact.Method {
	case consult.ContactLINE:
		parts = append(parts, r.texts.Contact.LINE)
	case consult.ContactPhone:
		if r.detail == DetailFull && c.Contact.Phone != "" {
			parts = append(parts, fill(r.texts.Contact.PhoneFull, "phone", escape(c.Contact.Phone)))
		} else {
			parts = append(parts, r.texts.Contact.Phone)
		}
	default:
		parts = append(parts, r.texts.Contact.Unknown)
	}
	if r.detail == DetailFull && c.Contact.Name != "" {
		parts = append(parts, fill(r.texts.Contact.NameFull, "name", escape(c.Contact.Name)))
	}
	return strings.Join(parts, "\n")
}

func (r *renderer) evidence(c consult.Case) string {
	ev := append([]consult.Evidence(nil), c.Triage.Evidence...)
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Weight > ev[j].Weight })
	var parts []string
	for i, e := range ev {
		if i == maxEvidence {
			break
		}
		target := r.channelName(e.Channel)
		switch {
		case e.Crisis != consult.NoCrisis:
			target = r.texts.Crisis[e.Crisis]
		case e.Urgency != "":
			target = r.texts.Urgency[e.Urgency]
		}
		p := fmt.Sprintf("%s → %s (%+.1f)", escape(e.Term), escape(target), e.Weight)
		if note := r.texts.EvidenceNotes[e.Note]; note != "" {
			p += "・" + note
		} else if e.Note != "" {
			p += "・" + escape(e.Note)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	line := "*" + r.texts.Labels.Evidence + "*：" + strings.Join(parts, "、")
	if c.Triage.Confidence > 0 {
		line += "\n" + fill(r.texts.Labels.Confidence, "percent", strconv.Itoa(int(c.Triage.Confidence*100+0.5)))
	}
	if c.Triage.RunnerUp != "" {
		line += "・" + fill(r.texts.Labels.RunnerUp, "channel", escape(r.channelName(c.Triage.RunnerUp)))
	}
	return truncate(line, maxSection)
}
