package directory

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/consult"
)

var (
	loadOnce sync.Once
	loaded   *Directory
	loadErr  error
)

// embedded loads flows/channels.yaml once for the tests.
func embedded(t *testing.T) *Directory {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = Load(flows.FS) })
	if loadErr != nil {
		t.Fatalf("Load(flows.FS): %v", loadErr)
	}
	return loaded
}

// sourcedNumbers are the numbers of docs/directory-facts.md: the directory
// may show no other.
var sourcedNumbers = map[string]bool{
	"042-497-5061": true, "042-497-5062": true, "042-438-4023": true, "042-466-3070": true,
	"042-439-0081": true, "042-497-5079": true, "0120-9109-77": true, "042-438-4033": true,
	"042-464-1311": true, "110": true, "119": true, "#7119": true, "042-521-2323": true,
	"189": true, "042-467-3711": true, "03-5937-2330": true, "#8008": true, "0120-279-889": true,
	"0120-783-556": true, "03-3264-4343": true, "042-327-4343": true, "0570-087478": true,
	"0570-064-556": true, "0120-279-338": true, "188": true, "#8000": true, "03-5285-8898": true,
	"0120-99-7777": true,
}

var numberInText = regexp.MustCompile(`#?[0-9]{2,5}-[0-9]{2,4}(-[0-9]{2,4})?|#[0-9]{4}`)

func TestEmbeddedNumbersAreSourced(t *testing.T) {
	d := embedded(t)
	check := func(who, field, text string) {
		for _, n := range numberInText.FindAllString(text, -1) {
			if !sourcedNumbers[n] {
				t.Errorf("%s %s: number %q is not in directory-facts.md", who, field, n)
			}
		}
	}
	for _, p := range d.All() {
		if !sourcedNumbers[p.Phone] {
			t.Errorf("place %s: phone %q is not in directory-facts.md", p.ID, p.Phone)
		}
		check(p.ID, "note", p.Note)
		check(p.ID, "helps", p.Helps)
		if p.Source == "" {
			t.Errorf("place %s: no source", p.ID)
		}
	}
	for _, h := range d.AllHotlines() {
		if !sourcedNumbers[h.Number] {
			t.Errorf("hotline %s: number %q is not in directory-facts.md", h.ID, h.Number)
		}
		check(h.ID, "note", h.Note)
	}
}

func TestEmbeddedPlaces(t *testing.T) {
	d := embedded(t)
	council := d.Council()
	if council.ID != "council" || council.Phone != "042-497-5061" || !council.PhoneConfirmed ||
		council.TelURI != "tel:0424975061" || council.Channel != consult.Other {
		t.Errorf("Council() = %+v", council)
	}
	for _, ch := range consult.Channels() {
		if len(d.Places(ch)) == 0 {
			t.Errorf("no place for %s", ch)
		}
	}
	ids := func(ps []Place) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if diff := cmp.Diff([]string{"nodoka", "famisapo", "hotroom"}, ids(d.Places(consult.Kosodate))); diff != "" {
		t.Errorf("Places(kosodate) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"council", "city-hall"}, ids(d.Places(consult.Other))); diff != "" {
		t.Errorf("Places(other) mismatch (-want +got):\n%s", diff)
	}
	if got := d.Places(""); len(got) != 0 {
		t.Errorf("Places(\"\") = %v, want none", ids(got))
	}
	// Places whose own number is not confirmed send residents to the council.
	for _, id := range []string{"hotnet", "link", "fureai-kondankai", "houkatsu", "kenri-yougo", "dv-soudan"} {
		p, ok := d.Place(id)
		if !ok {
			t.Fatalf("Place(%q) missing", id)
		}
		if p.PhoneConfirmed || p.Phone != council.Phone || p.TelURI != council.TelURI ||
			!strings.Contains(p.Note, council.Phone) {
			t.Errorf("place %s: phone %q confirmed %v note %q; want the council's number and a note",
				id, p.Phone, p.PhoneConfirmed, p.Note)
		}
	}
	nodoka, _ := d.Place("nodoka")
	if nodoka.Phone != "042-439-0081" || !nodoka.PhoneConfirmed || nodoka.Checked != jst(2016, 4, 18, 0, 0) {
		t.Errorf("nodoka = %+v", nodoka)
	}
	if _, ok := d.Place("nope"); ok {
		t.Error("Place(nope) found")
	}
}

func TestEmbeddedHotlines(t *testing.T) {
	d := embedded(t)
	ids := func(hs []Hotline) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	want := map[consult.Crisis][]string{
		consult.Suicide:  {"tokyo-inochi", "inochi-free", "tokyo-jisatsu", "yorisoi", "tama-inochi", "kokoro", "fire-ambulance"},
		consult.Violence: {"police", "dv-plus", "dv-navi", "jido-189"},
		consult.Medical:  {"fire-ambulance", "tfd-7119", "tfd-tama", "kodomo-iryo", "kodomo-iryo-tokyo"},
		consult.Fire:     {"fire-ambulance"},
	}
	for k, w := range want {
		if diff := cmp.Diff(w, ids(d.Hotlines(k))); diff != "" {
			t.Errorf("Hotlines(%s) mismatch (-want +got):\n%s", k, diff)
		}
	}
	if got := d.Hotlines(consult.NoCrisis); len(got) != 0 {
		t.Errorf("Hotlines(none) = %v", ids(got))
	}
	fire, _ := d.Hotline("fire-ambulance")
	if diff := cmp.Diff([]consult.Crisis{consult.Suicide, consult.Medical, consult.Fire}, fire.Crises); diff != "" {
		t.Errorf("119 crises mismatch (-want +got):\n%s", diff)
	}
	c189, _ := d.Hotline("jido-189")
	if diff := cmp.Diff([]consult.Channel{consult.Kosodate}, c189.Channels); diff != "" {
		t.Errorf("189 channels mismatch (-want +got):\n%s", diff)
	}
	tel := map[string]string{}
	for _, h := range d.AllHotlines() {
		tel[h.ID] = h.TelURI
	}
	for id, uri := range map[string]string{
		"police": "tel:110", "tfd-7119": "tel:%237119", "dv-navi": "tel:%238008",
		"kodomo-iryo": "tel:%238000", "tokyo-jisatsu": "tel:0570087478", "childline": "tel:0120997777",
	} {
		if tel[id] != uri {
			t.Errorf("%s TelURI = %q, want %q", id, tel[id], uri)
		}
	}
	// Hours that the facts do not give are unknown, never guessed.
	for _, id := range []string{"kodomo-iryo", "kodomo-iryo-tokyo", "dv-navi", "kokoro", "shohisha"} {
		if h, _ := d.Hotline(id); !h.Hours.Unknown {
			t.Errorf("%s: hours should be unknown", id)
		}
	}
}

func TestAfterHours(t *testing.T) {
	d := embedded(t)
	tests := []struct {
		ch   consult.Channel
		at   time.Time
		want []string
	}{
		// Saturday 20:00: のどか closed; 189, the centre's weekend hours and
		// チャイルドライン (16–21) fit; 小平 is closed and #8000's hours unknown.
		{consult.Kosodate, jst(2026, 11, 28, 20, 0), []string{"jido-189", "jido-center", "childline"}},
		// Wednesday 16:30: のどか closed at 16:00, 小平 open until 17:00.
		{consult.Kosodate, jst(2026, 11, 25, 16, 30), []string{"jido-189", "kodaira-jiso", "childline"}},
		// Wednesday 22:00: only the 24-hour lines and the night line.
		{consult.Kosodate, jst(2026, 11, 25, 22, 0), []string{"jido-189", "jido-center"}},
		// New Year's Day: 小平's New Year closing is not in the facts, but 1/1 is a holiday.
		{consult.Kosodate, jst(2027, 1, 1, 10, 0), []string{"jido-189", "jido-center"}},
		{consult.SeikatsuSoudan, jst(2026, 11, 28, 3, 0), []string{"yorisoi"}},
		{consult.DV, jst(2026, 11, 28, 3, 0), []string{"dv-plus", "police"}},
		{consult.Houkatsu, jst(2026, 11, 28, 3, 0), nil},
		{consult.KenriYougo, jst(2026, 11, 28, 3, 0), nil}, // 188: hours unknown
	}
	for _, tt := range tests {
		var got []string
		for _, h := range d.AfterHours(tt.ch, tt.at) {
			got = append(got, h.ID)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("AfterHours(%s, %s) mismatch (-want +got):\n%s", tt.ch, tt.at.Format(time.DateTime), diff)
		}
	}
}

func TestEmbeddedPlaceHours(t *testing.T) {
	d := embedded(t)
	tests := []struct {
		id   string
		at   time.Time
		open bool
		next time.Time
	}{
		{"seikatsu-support", jst(2026, 11, 27, 8, 30), true, time.Time{}},
		{"seikatsu-support", jst(2026, 11, 20, 17, 0), false, jst(2026, 11, 24, 8, 30)},
		{"nodoka", jst(2026, 11, 28, 12, 15), false, jst(2026, 11, 28, 13, 0)},
		{"hotroom", jst(2026, 11, 28, 15, 59), true, time.Time{}},
		{"city-hall", jst(2026, 11, 23, 9, 0), false, jst(2026, 11, 24, 8, 30)},
	}
	for _, tt := range tests {
		p, ok := d.Place(tt.id)
		if !ok {
			t.Fatalf("no place %s", tt.id)
		}
		got := p.Hours.Status(tt.at)
		if got.Open != tt.open || !got.NextOpen.Equal(tt.next) {
			t.Errorf("%s at %s: %+v, want open %v next %v", tt.id, tt.at.Format(time.DateTime), got, tt.open, tt.next)
		}
	}
	if st := d.Council().Hours.Status(jst(2026, 11, 27, 10, 0)); !st.Unknown || st.Open {
		t.Errorf("council hours: %+v, want unknown (not in the facts)", st)
	}
}

func TestWhen(t *testing.T) {
	d := embedded(t)
	now := jst(2026, 11, 27, 17, 0) // Friday
	tests := []struct {
		at   time.Time
		want string
	}{
		{jst(2026, 11, 27, 18, 5), "きょう 18:05"},
		{jst(2026, 11, 28, 9, 0), "あした 9:00"},
		{jst(2026, 11, 30, 8, 30), "11月30日（月曜日） 8:30"},
		{jst(2027, 1, 4, 8, 30), "1月4日（月曜日） 8:30"},
		{time.Date(2026, 11, 28, 23, 30, 0, 0, time.UTC), "11月29日（日曜日） 8:30"},
	}
	for _, tt := range tests {
		if got := d.When(tt.at, now); got != tt.want {
			t.Errorf("When(%s) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestTelURI(t *testing.T) {
	tests := []struct{ number, want string }{
		{"042-497-5061", "tel:0424975061"},
		{"0120-9109-77", "tel:0120910977"},
		{"0570-087478", "tel:0570087478"},
		{"03-5285-8898", "tel:0352858898"},
		{"110", "tel:110"},
		{"#8008", "tel:%238008"},
		{"#7119", "tel:%237119"},
	}
	for _, tt := range tests {
		got, err := TelURI(tt.number)
		if err != nil || got != tt.want {
			t.Errorf("TelURI(%q) = %q, %v; want %q", tt.number, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "042-497-506", "042-497-506111", "0424975061", "#71190", "7119#",
		"+81-42-497-5061", "042 497 5061", "042--497-5061", "1100", "０４２-４９７-５０６１"} {
		if got, err := TelURI(bad); err == nil {
			t.Errorf("TelURI(%q) = %q, want an error", bad, got)
		}
	}
}
