// Package linelimits checks bot messages against the limits of the LINE
// Messaging API (docs/platform-facts.md §5) before they are sent: a message
// over a limit is refused by LINE with a 400 and the resident gets nothing.
package linelimits

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Limits of the LINE Messaging API.
const (
	MaxMessages      = 5    // messages in one reply or push
	MaxTextUTF16     = 5000 // text message, in UTF-16 code units
	MaxQuickReplies  = 13   // quick reply items
	MaxQuickLabel    = 20   // quick reply label, in characters
	MaxFlexLabel     = 40   // Flex button label, in characters
	MaxCardButtons   = 4    // buttons on one card (tsunagu's bubble layout)
	MaxAltText       = 1500 // altText of a Flex message
	MaxPostbackData  = 300  // postback data
	MaxDisplayText   = 300  // postback displayText
	MaxURI           = 1000 // URI action
	MaxBubbleJSON    = 10 * 1024
	maxBubbleJSONDoc = 30 * 1024 // LINE's limit; the card JSON is a third of the bubble at most
)

// Rule names, as printed by `tsunagu flows check`.
const (
	RuleMessages    = "line-messages"
	RuleText        = "line-text"
	RuleQuickReply  = "line-quick-reply"
	RuleLabel       = "line-label"
	RuleButtons     = "line-buttons"
	RuleAltText     = "line-alt-text"
	RulePostback    = "line-postback"
	RuleURI         = "line-uri"
	RuleMessageKind = "line-message"
	RuleBubbleSize  = "line-bubble-size"
)

// Violation is one broken limit; Path says where, e.g. "message[2].card.buttons[1]".
type Violation struct {
	Path string
	Rule string
	Msg  string
}

func (v Violation) String() string { return v.Path + ": " + v.Rule + ": " + v.Msg }

// Check checks the messages of one turn (one reply or one push).
func Check(msgs []consult.OutMessage) []Violation {
	var out []Violation
	add := func(path, rule, format string, args ...any) {
		out = append(out, Violation{Path: path, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}
	if len(msgs) > MaxMessages {
		add("turn", RuleMessages, "%d messages in one turn > %d", len(msgs), MaxMessages)
	}
	for i, m := range msgs {
		p := fmt.Sprintf("message[%d]", i)
		switch {
		case m.Card == nil && m.Text == "":
			add(p, RuleMessageKind, "neither text nor card")
		case m.Card != nil && m.Text != "":
			add(p, RuleMessageKind, "both text and card")
		case m.Card == nil:
			if n := UTF16Len(m.Text); n > MaxTextUTF16 {
				add(p+".text", RuleText, "%d UTF-16 units > %d", n, MaxTextUTF16)
			}
		default:
			out = append(out, checkCard(p, m)...)
		}
		if len(m.QuickReplies) > 0 && i != len(msgs)-1 {
			add(p+".quick_replies", RuleQuickReply, "quick replies on a message that is not the last of the turn are never shown")
		}
		if len(m.QuickReplies) > MaxQuickReplies {
			add(p+".quick_replies", RuleQuickReply, "%d quick replies > %d", len(m.QuickReplies), MaxQuickReplies)
		}
		for j, a := range m.QuickReplies {
			out = append(out, checkAction(fmt.Sprintf("%s.quick_replies[%d]", p, j), a, MaxQuickLabel)...)
		}
	}
	return out
}

func checkCard(p string, m consult.OutMessage) []Violation {
	var out []Violation
	add := func(path, rule, format string, args ...any) {
		out = append(out, Violation{Path: path, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}
	c := m.Card
	if strings.TrimSpace(c.Title) == "" {
		add(p+".card.title", RuleMessageKind, "empty card title")
	}
	if strings.TrimSpace(m.AltText) == "" {
		add(p+".alt_text", RuleAltText, "a card needs altText")
	} else if n := Chars(m.AltText); n > MaxAltText {
		add(p+".alt_text", RuleAltText, "%d characters > %d", n, MaxAltText)
	}
	if len(c.Buttons) > MaxCardButtons {
		add(p+".card.buttons", RuleButtons, "%d buttons > %d", len(c.Buttons), MaxCardButtons)
	}
	for j, a := range c.Buttons {
		out = append(out, checkAction(fmt.Sprintf("%s.card.buttons[%d]", p, j), a, MaxFlexLabel)...)
	}
	if b, err := json.Marshal(c); err == nil && len(b) > MaxBubbleJSON {
		add(p+".card", RuleBubbleSize, "card JSON of %d bytes > %d (LINE allows %d for the whole bubble)", len(b), MaxBubbleJSON, maxBubbleJSONDoc)
	}
	return out
}

func checkAction(p string, a consult.Action, maxLabel int) []Violation {
	var out []Violation
	add := func(rule, format string, args ...any) {
		out = append(out, Violation{Path: p, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(a.Label) == "" {
		add(RuleLabel, "empty label")
	} else if n := Chars(a.Label); n > maxLabel {
		add(RuleLabel, "label %q has %d characters > %d", a.Label, n, maxLabel)
	}
	switch a.Kind {
	case consult.ActionPostback:
		if a.Data == "" {
			add(RulePostback, "empty postback data")
		} else if n := len([]rune(a.Data)); n > MaxPostbackData {
			add(RulePostback, "postback data of %d characters > %d", n, MaxPostbackData)
		}
		if n := Chars(a.DisplayText); n > MaxDisplayText {
			add(RulePostback, "displayText of %d characters > %d", n, MaxDisplayText)
		}
	case consult.ActionMessage:
		if strings.TrimSpace(a.Text) == "" {
			add(RuleMessageKind, "message action without text")
		} else if n := Chars(a.Text); n > MaxDisplayText {
			add(RuleMessageKind, "message action text of %d characters > %d", n, MaxDisplayText)
		}
	case consult.ActionURI:
		switch {
		case !strings.HasPrefix(a.URI, "tel:") && !strings.HasPrefix(a.URI, "https://"):
			add(RuleURI, "URI %q: only tel: and https: are allowed", a.URI)
		case len(a.URI) > MaxURI:
			add(RuleURI, "URI of %d characters > %d", len(a.URI), MaxURI)
		case strings.HasPrefix(a.URI, "tel:") && !validTel(a.URI[len("tel:"):]):
			add(RuleURI, "tel URI %q: only digits, + and %%23 (#)", a.URI)
		}
	default:
		add(RuleMessageKind, "unknown action kind %q", a.Kind)
	}
	return out
}

func validTel(s string) bool {
	s = strings.ReplaceAll(s, "%23", "")
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9') && !(r == '+' && i == 0) {
			return false
		}
	}
	return true
}

// UTF16Len is the length of s in UTF-16 code units (LINE's text count).
func UTF16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// Chars approximates LINE's count of characters (grapheme clusters) for
// labels: combining marks, variation selectors and zero-width joiners do not
// start a new character.
func Chars(s string) int {
	n := 0
	joined := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), r >= 0xFE00 && r <= 0xFE0F, r >= 0x1F3FB && r <= 0x1F3FF:
			continue
		case r == 0x200D:
			joined = true
			continue
		}
		if joined {
			joined = false
			continue
		}
		n++
	}
	return n
}
