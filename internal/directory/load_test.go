package directory

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/consult"
)

// original returns flows/channels.yaml as text.
func original(t *testing.T) string {
	t.Helper()
	data, err := fs.ReadFile(flows.FS, FileName)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lineOf returns the 1-based line where s starts in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in %s", s, FileName)
	}
	return strings.Count(text[:i], "\n") + 1
}

func TestLoadRejectsMalformedFiles(t *testing.T) {
	text := original(t)
	nodoka := fmt.Sprintf("channels.yaml:%d: place \"nodoka\"", lineOf(t, text, "- id: nodoka"))
	hotroom := fmt.Sprintf("channels.yaml:%d: place \"hotroom\"", lineOf(t, text, "- id: hotroom"))
	childline := fmt.Sprintf("channels.yaml:%d: hotline \"childline\"", lineOf(t, text, "- id: childline"))
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown channel ID",
			"channel: kosodate\n    name: 子ども家庭支援センター「のどか」", "channel: kosodat\n    name: 子ども家庭支援センター「のどか」",
			[]string{nodoka + `: channel: unknown channel ID "kosodat"`}},
		{"bad time",
			"opens_at: \"9:00\"\n          closes_at: \"16:00\"\n        - byday: [SA]\n          opens_at: \"9:00\"",
			"opens_at: \"9:60\"\n          closes_at: \"16:00\"\n        - byday: [SA]\n          opens_at: \"9:00\"",
			[]string{nodoka + `: hours.schedule[0].opens_at: bad time "9:60"`}},
		{"closing before opening without 翌",
			"opens_at: \"14:00\"\n          closes_at: \"20:00\"", "opens_at: \"14:00\"\n          closes_at: \"2:00\"",
			[]string{hotroom + `: hours.schedule[0].closes_at: "2:00" is not after opens_at "14:00" (write 翌2:00 for the next day)`}},
		{"missing source",
			"    source: city.nishitokyo.lg.jp/smph/kosodate/KO/kodomosoudannshitsu.html\n", "",
			[]string{hotroom + ": source: missing"}},
		{"bad checked date",
			`checked: "2021-05-20"`, `checked: "2021/05/20"`,
			[]string{hotroom + `: checked: bad date "2021/05/20"`}},
		{"text that disagrees with the schedule",
			"土曜日 10:00〜16:00", "土曜日 10:00〜17:00",
			[]string{hotroom + `: hours.text: does not say "10:00〜16:00"`}},
		{"unknown day code",
			"- byday: [SA]\n          opens_at: \"10:00\"", "- byday: [SAT]\n          opens_at: \"10:00\"",
			[]string{hotroom + `: hours.schedule[1].byday: unknown day "SAT"`}},
		{"both always and a schedule",
			"    hours:\n      text: 毎日 16:00〜21:00\n      schedule:\n        - byday: [MO, TU, WE, TH, FR, SA, SU]\n          opens_at: \"16:00\"\n          closes_at: \"21:00\"\n    note: 18さい",
			"    hours:\n      text: 毎日 16:00〜21:00\n      always: true\n      schedule:\n        - byday: [MO, TU, WE, TH, FR, SA, SU]\n          opens_at: \"16:00\"\n          closes_at: \"21:00\"\n    note: 18さい",
			[]string{childline + ": hours: give exactly one of always: true, unknown: true or schedule"}},
		{"bad phone",
			"phone: 0120-9109-77", "phone: 0120-9109-7",
			[]string{hotroom + `: phone: bad phone number "0120-9109-7"`}},
		{"reading in kanji",
			"reading: こどもそうだんしつ「ほっとルーム」", "reading: 子ども相談室",
			[]string{hotroom + `: reading: "子ども相談室" is not kana only`}},
		{"duplicate id",
			"- id: hotroom", "- id: nodoka",
			[]string{`id: "nodoka" is already used at ` + nodoka}},
		{"unknown field",
			"phone: 0120-9109-77", "phnoe: 0120-9109-77",
			[]string{fmt.Sprintf("line %d: field phnoe not found", lineOf(t, text, "phone: 0120-9109-77"))}},
		{"unknown crisis kind",
			"  fire: [fire-ambulance]", "  flood: [fire-ambulance]",
			[]string{`crises: unknown crisis kind "flood"`, `crises: no lines for crisis "fire"`}},
		{"hotline that does not exist",
			"seikatsu-soudan: [yorisoi]", "seikatsu-soudan: [yorisou]",
			[]string{`after_hours.seikatsu-soudan: "yorisou" is not the id of a hotline`}},
		{"unconfirmed note without the council's number",
			"電話は 042-497-5061 です。\n\nlabels", "電話は ここに ききます。\n\nlabels",
			[]string{"unconfirmed_note: must give the council's number 042-497-5061"}},
		{"a channel without places",
			"    channel: fureai\n", "    channel: volunteer\n",
			[]string{`places: no place for channel "fureai"`}},
		{"bad slack channel",
			"checked: \"2021-05-20\"\n    slack_channel: \"\"", "checked: \"2021-05-20\"\n    slack_channel: kosodate",
			[]string{hotroom + `: slack_channel: "kosodate" is neither a channel ID`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := strings.Count(text, tt.old); n != 1 {
				t.Fatalf("%q occurs %d times in %s, want once", tt.old, n, FileName)
			}
			mutated := strings.Replace(text, tt.old, tt.new, 1)
			_, err := Load(fstest.MapFS{FileName: {Data: []byte(mutated)}})
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	_, err = Load(fstest.MapFS{FileName: {Data: []byte("places: [\n")}})
	if err == nil || !strings.Contains(err.Error(), "channels.yaml") {
		t.Errorf("broken YAML: %v", err)
	}
	_, err = Load(fstest.MapFS{FileName: {Data: []byte("version: 1\n")}})
	if !errors.Is(err, consult.ErrInvalid) {
		t.Errorf("empty directory: %v, want consult.ErrInvalid", err)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 11 {
		t.Errorf("empty directory: want a ValidationError listing every missing piece, got %v", err)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		s         string
		allowNext bool
		want      int
		ok        bool
	}{
		{"8:30", false, 510, true},
		{"08:30", false, 510, true},
		{"0:00", false, 0, true},
		{"23:59", false, 1439, true},
		{"24:00", false, 0, false},
		{"24:00", true, 1440, true},
		{"翌5:30", true, 1770, true},
		{"翌5:30", false, 0, false},
		{"翌24:00", true, 0, false},
		{"8:3", false, 0, false},
		{"8.30", false, 0, false},
		{"25:00", true, 0, false},
		{"-1:00", false, 0, false},
		{"", false, 0, false},
		{"８:３０", false, 0, false},
	}
	for _, tt := range tests {
		got, err := parseClock(tt.s, tt.allowNext)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseClock(%q, %v) = %d, %v; want %d ok %v", tt.s, tt.allowNext, got, err, tt.want, tt.ok)
		}
	}
}
