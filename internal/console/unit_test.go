package console

import (
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

var cheapParams = HashParams{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery staple", cheapParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash = %q", h)
	}
	h2, _ := HashPassword("correct horse battery staple", cheapParams)
	if h == h2 {
		t.Errorf("two hashes of one password are equal: no per-user salt")
	}
	if !CheckPassword("correct horse battery staple", h) || !CheckPassword("correct horse battery staple", h2) {
		t.Errorf("right password refused")
	}
	parts := strings.Split(h, "$")
	for name, bad := range map[string]string{
		"wrong password": "",
		"other key":      strings.Join(append(parts[:5:5], parts[5][:len(parts[5])-2]+"AA"), "$"),
		"argon2i":        strings.Replace(h, "argon2id", "argon2i", 1),
		"huge memory":    strings.Replace(h, "m=1024", "m=99999999", 1),
		"zero passes":    strings.Replace(h, "t=1", "t=0", 1),
		"garbage":        "$argon2id$garbage",
		"empty":          "",
	} {
		pw := "correct horse battery staple"
		if name == "wrong password" {
			pw, bad = "correct horse battery stapler", h
		}
		if CheckPassword(pw, bad) {
			t.Errorf("%s: accepted", name)
		}
	}
	if CheckPassword(strings.Repeat("x", 300), h) {
		t.Errorf("an over-long password was hashed")
	}
	if DefaultHashParams.Memory < 19*1024 || DefaultHashParams.Time < 2 {
		t.Errorf("default parameters below OWASP's argon2id minimum: %+v", DefaultHashParams)
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		p, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 20 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("password %q (len %d, seen %v)", p, len(p), seen[p])
		}
		for _, r := range p {
			if !strings.ContainsRune(passwordAlphabet, r) {
				t.Fatalf("password %q has %q", p, r)
			}
		}
		seen[p] = true
	}
}

func TestNewUser(t *testing.T) {
	pw := "a long enough password"
	for _, tc := range []struct {
		name  string
		role  consult.StaffRole
		chs   []consult.Channel
		pw    string
		valid bool
	}{
		{"sato", consult.RoleStaff, []consult.Channel{consult.KenriYougo, consult.Houkatsu, consult.Houkatsu}, pw, true},
		{"abe", consult.RoleCoordinator, nil, pw, true},
		{"sato", consult.RoleStaff, nil, pw, false},
		{"sato", consult.StaffRole("boss"), nil, pw, false},
		{"sato", consult.RoleStaff, []consult.Channel{"nowhere"}, pw, false},
		{"佐藤", consult.RoleAdmin, nil, pw, false},
		{"-x", consult.RoleAdmin, nil, pw, false},
		{"abe", consult.RoleAdmin, nil, "short", false},
	} {
		u, err := NewUser(tc.name, tc.role, tc.chs, tc.pw, cheapParams)
		if (err == nil) != tc.valid {
			t.Errorf("NewUser(%q, %q, %v): err %v, want valid %v", tc.name, tc.role, tc.chs, err, tc.valid)
		}
		if err == nil && tc.role == consult.RoleStaff && (len(u.Channels) != 2 || u.Channels[0] != consult.Houkatsu) {
			t.Errorf("staff channels = %v, want sorted, deduplicated", u.Channels)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(15*time.Minute, 3)
	t0 := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if b, _ := l.blocked("abe", t0); b {
			t.Fatalf("blocked after %d failures", i)
		}
		l.fail("abe", t0.Add(time.Duration(i)*time.Minute))
	}
	b, until := l.blocked("abe", t0.Add(3*time.Minute))
	if !b || !until.Equal(t0.Add(15*time.Minute)) {
		t.Errorf("after 3 failures: blocked %v until %v", b, until)
	}
	if b, _ := l.blocked("ito", t0); b {
		t.Errorf("another key is blocked")
	}
	if b, _ := l.blocked("abe", t0.Add(15*time.Minute)); b {
		t.Errorf("still blocked once the first failure left the window")
	}
	l.reset("abe")
	if b, _ := l.blocked("abe", t0.Add(3*time.Minute)); b {
		t.Errorf("blocked after reset")
	}
	l.maxKeys = 10
	for i := 0; i < 50; i++ {
		l.fail(strings.Repeat("k", i+1), t0)
	}
	if len(l.fails) > 10 {
		t.Errorf("limiter grew to %d keys", len(l.fails))
	}
}

func TestResidentText(t *testing.T) {
	at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	lines := []consult.Message{
		{Direction: consult.FromResident, Text: "[follow]", At: at},
		{Direction: consult.FromResident, Text: " 母が物忘れをします ", At: at},
		{Direction: consult.FromBot, Text: "地域包括支援センターです", At: at},
		{Direction: consult.FromResident, Text: "[postback] v1:a:handoff.consent:yes", At: at},
		{Direction: consult.FromResident, Text: "090-1234-5678", At: at},
		{Direction: consult.FromResident, Text: "でんわは０９０１２３４５６７８です", At: at},
		{Direction: consult.FromResident, Text: "[sticker]", At: at},
		{Direction: consult.FromResident, Text: "通帳がない", At: at},
		{Direction: consult.FromResident, Text: "あとで書いたこと", CaseID: 7, At: at},
		{Direction: consult.FromStaff, Text: "お電話します", CaseID: 7, At: at},
	}
	got := residentText(lines, consult.Contact{Phone: "09012345678"})
	if got != "母が物忘れをします\n通帳がない" {
		t.Errorf("residentText = %q", got)
	}
}

func TestHumanDuration(t *testing.T) {
	l := Labels{"unit": {"minute": "分", "hour": "時間", "day": "日"}}
	for d, want := range map[time.Duration]string{
		-time.Minute:             "0分",
		59 * time.Second:         "0分",
		12 * time.Minute:         "12分",
		135 * time.Minute:        "2時間15分",
		(3*24 + 4) * time.Hour:   "3日4時間",
		24*time.Hour + time.Hour: "1日1時間",
	} {
		if got := humanDuration(d, l); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/console/cases/1?x=2":   "/console/cases/1?x=2",
		"":                       "/console/cases",
		"//evil.example/console": "/console/cases",
		"https://evil.example/":  "/console/cases",
		"/console/\\evil":        "/console/cases",
		"/other":                 "/console/cases",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLabelsCoverIDs(t *testing.T) {
	l, err := loadLabels(webFS)
	if err != nil {
		t.Fatal(err)
	}
	check := func(kind string, ids ...string) {
		for _, id := range ids {
			if l[kind][id] == "" {
				t.Errorf("no label %s.%s", kind, id)
			}
		}
	}
	for _, ch := range append(consult.Channels(), "") {
		check("channel", string(ch))
	}
	for _, c := range consult.Crises() {
		check("crisis", string(c))
	}
	check("status", "new", "claimed", "resolved", "referred", "withdrawn")
	check("urgency", "emergency", "urgent", "normal")
	check("role", "admin", "coordinator", "staff")
	check("followup", "yes", "not-yet", "no-need")
	for _, k := range csvColumns {
		check("csv", k)
	}
	for k := range statusSets {
		check("statusset", k)
	}
}

func TestShowLinesNamesTappedButtons(t *testing.T) {
	card := &consult.OutMessage{Card: &consult.Card{Title: "t", Buttons: []consult.Action{
		{Kind: consult.ActionPostback, Label: "スタッフから れんらく して もらう", Data: "v1:e:handoff:houkatsu"}}}}
	ask := &consult.OutMessage{Text: "q", QuickReplies: []consult.Action{
		{Kind: consult.ActionPostback, Label: "はい、つたえる", Data: "v1:a:handoff.consent:yes"}}}
	msgs := []consult.Message{
		{Direction: consult.FromBot, Text: "t", Out: card},
		{Direction: consult.FromBot, Text: "q", Out: ask},
		{Direction: consult.FromResident, Text: "[postback] v1:e:handoff:houkatsu"},
		{Direction: consult.FromResident, Text: "[postback] v1:a:handoff.consent:yes"},
		{Direction: consult.FromResident, Text: "[postback] v1:c:restart"},
		{Direction: consult.FromResident, Text: "ふつうの文"},
	}
	var got []string
	for _, l := range showLines(msgs) {
		got = append(got, l.Tap)
	}
	want := []string{"", "", "スタッフから れんらく して もらう", "はい、つたえる", "v1:c:restart", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("taps = %q, want %q", got, want)
	}
}
