package slack

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Masker hides personal details in what a resident wrote before it goes to
// Slack (SLACK_DETAIL=minimal): phone numbers in any Japanese format
// (full-width digits, kanji digits, +81, brackets), postal codes and
// addresses (〒, 丁目/番地/号, 1-2-3, 西東京市 and its towns), e-mail
// addresses, and names (the resident's stated name and 「名前は…」,
// 「…と申します」). It over-masks rather than let a detail through.
type Masker struct {
	repl  map[maskKind]string
	towns []string // longest first
}

type maskKind int

const (
	maskPhone maskKind = iota
	maskAddress
	maskEmail
	maskName
)

// NewMasker returns a masker using the replacement texts and town names of t.
func NewMasker(t *Texts) *Masker {
	towns := append([]string(nil), t.Mask.Towns...)
	sort.Slice(towns, func(i, j int) bool { return len(towns[i]) > len(towns[j]) })
	return &Masker{towns: towns, repl: map[maskKind]string{
		maskPhone: t.Mask.Phone, maskAddress: t.Mask.Address, maskEmail: t.Mask.Email, maskName: t.Mask.Name,
	}}
}

// Character classes, on NFKC-normalised text (full-width digits and signs
// are then ASCII).
const (
	digit   = `[0-9〇一二三四五六七八九]`
	num     = `[0-9〇一二三四五六七八九十百]+`
	dash    = `[-‐‑‒–—―−ー~〜]`
	phoneSp = `[\s.()\-‐‑‒–—―−ー]`
)

var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// A phone number: at least 7 digits with at most two separators between
	// digits (090-1234-5678, (042)497-5061, +81 90 1234 5678, 4975061).
	rePhone  = regexp.MustCompile(`(?:\+\s?)?\(?` + digit + `(?:` + phoneSp + `{0,2}` + digit + `){6,}`)
	rePostal = regexp.MustCompile(`〒\s*` + digit + `{3}\s*` + dash + `?\s*` + digit + `{4}`)
	// Block numbers of an address.
	reAddress = []*regexp.Regexp{
		regexp.MustCompile(num + `\s*丁目(?:\s*` + num + `\s*(?:番地?|` + dash + `|の)?\s*(?:` + num + `\s*(?:号室?)?)?)?`),
		regexp.MustCompile(num + `\s*番地(?:\s*の?\s*` + num + `(?:\s*号室?)?)?`),
		regexp.MustCompile(num + `\s*番\s*` + num + `\s*号室?`),
		regexp.MustCompile(num + `\s*号室`),
		regexp.MustCompile(num + `\s*` + dash + `\s*` + num + `\s*` + dash + `\s*` + num + `(?:\s*号室?)?`),
		regexp.MustCompile(`[\p{Han}\p{Katakana}ヶ]{0,10}(?:町|村|区|市|台|丘|沢|見|谷)\s*` + num + `\s*` + dash + `\s*` + num),
	}
	reCity = regexp.MustCompile(`(?:東京都\s*)?西東京市`)
	// Names introduced as names.
	reNameIntro = regexp.MustCompile(`(?:名前|なまえ|氏名)(?:は|が|:|：)\s*([\p{Han}\p{Katakana}ーA-Za-z]{1,12})`)
	reNameSelf  = regexp.MustCompile(`([\p{Han}\p{Katakana}ー]{1,10})\s*(?:と申します|ともうします|といいます|と言います)`)
)

type span struct {
	start, end int
	kind       maskKind
}

// Mask returns s, NFKC-normalised, with personal details replaced. names
// are the resident's stated names (the contact name), masked wherever they
// occur, also without spaces and part by part.
func (m *Masker) Mask(s string, names ...string) string {
	s = norm.NFKC.String(s)
	var spans []span
	add := func(kind maskKind, locs [][]int) {
		for _, l := range locs {
			spans = append(spans, span{l[0], l[1], kind})
		}
	}
	add(maskEmail, reEmail.FindAllStringIndex(s, -1))
	add(maskAddress, rePostal.FindAllStringIndex(s, -1))
	for _, re := range reAddress {
		for _, l := range re.FindAllStringIndex(s, -1) {
			spans = append(spans, span{m.placeStart(s, l[0]), l[1], maskAddress})
		}
	}
	for _, l := range reCity.FindAllStringIndex(s, -1) {
		end := l[1]
		rest := strings.TrimLeft(s[end:], " ")
		for _, t := range m.towns {
			if strings.HasPrefix(rest, t) {
				end = len(s) - len(rest) + len(t)
				break
			}
		}
		if end > l[1] {
			spans = append(spans, span{l[0], end, maskAddress})
		}
	}
	add(maskPhone, rePhone.FindAllStringIndex(s, -1))
	for _, l := range reNameIntro.FindAllStringSubmatchIndex(s, -1) {
		spans = append(spans, span{l[2], l[3], maskName})
	}
	for _, l := range reNameSelf.FindAllStringSubmatchIndex(s, -1) {
		spans = append(spans, span{l[2], l[3], maskName})
	}
	for _, n := range nameVariants(names) {
		for i := 0; i < len(s); {
			j := strings.Index(s[i:], n)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(n), maskName})
			i += j + len(n)
		}
	}
	return m.apply(s, spans)
}

// placeStart extends an address back over the place name before it: a run
// of kanji or katakana (田無町, 西東京市南町), a town of 西東京市 written
// partly in kana (ひばりが丘), and 東京都/西東京市 before that.
func (m *Masker) placeStart(s string, i int) int {
	for n := 0; n < 16 && i > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.Is(unicode.Han, r) && !unicode.Is(unicode.Katakana, r) && r != 'ヶ' && r != 'ー' {
			break
		}
		i -= size
	}
	for _, t := range m.towns {
		// A town partly in kana (ひばりが丘) ends where the kanji run began.
		for k := len(t); k > 0; k-- {
			if strings.HasSuffix(s[:i], t[:k]) && strings.HasPrefix(s[i:], t[k:]) {
				i -= k
				break
			}
		}
	}
	if loc := reCity.FindAllStringIndex(s[:i], -1); len(loc) > 0 && strings.TrimSpace(s[loc[len(loc)-1][1]:i]) == "" {
		i = loc[len(loc)-1][0]
	}
	return i
}

// nameVariants are the forms of the stated names to look for: each as
// written, without spaces, and each part of two or more characters.
func nameVariants(names []string) []string {
	seen := map[string]bool{}
	var out []string
	addV := func(v string) {
		if utf8.RuneCountInString(v) >= 2 && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, n := range names {
		n = strings.TrimSpace(norm.NFKC.String(n))
		addV(n)
		addV(strings.Join(strings.Fields(n), ""))
		for _, p := range strings.Fields(n) {
			addV(p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// apply replaces the spans, merging overlaps (the kind of the earliest,
// longest span wins; a phone number before an address of the same extent).
func (m *Masker) apply(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		if spans[i].end != spans[j].end {
			return spans[i].end > spans[j].end
		}
		return spans[i].kind < spans[j].kind
	})
	var b strings.Builder
	pos := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		j := i + 1
		for ; j < len(spans) && spans[j].start < cur.end; j++ {
			cur.end = max(cur.end, spans[j].end)
		}
		if cur.start > pos {
			b.WriteString(s[pos:cur.start])
		}
		if cur.start >= pos {
			b.WriteString(m.repl[cur.kind])
		}
		pos = max(pos, cur.end)
		i = j
	}
	b.WriteString(s[pos:])
	return b.String()
}
