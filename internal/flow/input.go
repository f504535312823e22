package flow

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Postback data, versioned so that old buttons in a resident's chat history
// still mean something after the flows change (at most 300 characters):
//
//	v1:a:<flow>.<step>:<option>   answer to a question (quick reply)
//	v1:e:<entry>[:<arg>]          a named entry point (card buttons)
//	v1:c:<command>                a global command (rich menu, cards)
//	v1:f:<case>:<value>           answer to the follow-up question
//
// Anything else, an unknown version included, is answered with the "stale"
// notice and the current question again. Data is never trusted: a step is
// only reached through an option of the question the resident is at, an
// entry or a command defined in the flows.
const postbackVersion = "v1"

func postbackAnswer(stepRef, key string) string {
	return postbackVersion + ":a:" + stepRef + ":" + key
}

func postbackEntry(name, arg string) string {
	if arg == "" {
		return postbackVersion + ":e:" + name
	}
	return postbackVersion + ":e:" + name + ":" + arg
}

func postbackCommand(id string) string { return postbackVersion + ":c:" + id }

func postbackFollowup(caseID int64, value string) string {
	return postbackVersion + ":f:" + strconv.FormatInt(caseID, 10) + ":" + value
}

// postback is decoded postback data.
type postback struct {
	kind byte // 'a', 'e', 'c', 'f'
	a, b string
}

// parsePostback decodes data; ok is false for anything not of this format.
func parsePostback(data string) (postback, bool) {
	if len(data) > 300 {
		return postback{}, false
	}
	parts := strings.SplitN(data, ":", 4)
	if len(parts) < 3 || parts[0] != postbackVersion || len(parts[1]) != 1 || parts[2] == "" {
		return postback{}, false
	}
	pb := postback{kind: parts[1][0], a: parts[2]}
	if len(parts) == 4 {
		pb.b = parts[3]
	}
	switch pb.kind {
	case 'a', 'f':
		if pb.b == "" {
			return postback{}, false
		}
	case 'c':
		if len(parts) == 4 {
			return postback{}, false
		}
	case 'e':
	default:
		return postback{}, false
	}
	return pb, true
}

// normalize folds typed text for matching command words and option labels:
// NFKC (full-width → half-width), no spaces, no final punctuation, lower case.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), "。.!！?？、,・")
}

// phoneNumber validates a Japanese phone number as typed ("090-1234-5678",
// "０４２（４９７）５０６１", "+81 90 1234 5678") and returns its digits.
func phoneNumber(s string) (string, bool) {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case unicode.IsSpace(r), strings.ContainsRune("-‐‑‒–—―−ー()（）", r):
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "+81") {
		d = "0" + strings.TrimPrefix(d[3:], "0")
	}
	if len(d) < 10 || d[0] != '0' || strings.ContainsRune(d, '+') {
		return "", false
	}
	eleven := false
	for _, p := range []string{"070", "080", "090", "050", "020", "0800"} {
		if strings.HasPrefix(d, p) {
			eleven = true
		}
	}
	switch {
	case eleven && len(d) == 11:
		return d, true
	case !eleven && len(d) == 10 && d[1] != '0':
		return d, true
	}
	return "", false
}
