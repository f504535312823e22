package console_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

// cheap are hash parameters that keep tests fast (production uses
// DefaultHashParams; stored hashes carry their own).
var cheap = console.HashParams{Memory: 1024, Time: 1, Threads: 1}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a console over a real embedded store and the real case service.
type env struct {
	t     *testing.T
	db    *sqlite.DB
	srv   *console.Server
	ts    *httptest.Server
	clock *clock
	n     int
}

// now is the test's "today": Wednesday 2026-06-10 11:00 in Tokyo.
var now = time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, mod ...func(*console.Options)) *env {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: now}
	o := console.Options{Store: db, Cases: bot.NewCases(db, nil, bot.Options{}), BaseURL: "http://localhost:8080",
		Hash: cheap, Now: clk.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hours: func(ch consult.Channel, t time.Time) (bool, bool) {
			if ch == consult.Other {
				return false, false
			}
			h := t.In(time.FixedZone("JST", 9*3600)).Hour()
			return h >= 9 && h < 17, true
		}}
	for _, m := range mod {
		m(&o)
	}
	srv, err := console.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, clock: clk}
}

// user creates an account and returns its password.
func (e *env) user(name string, role consult.StaffRole, chs ...consult.Channel) string {
	e.t.Helper()
	pw := "correct horse battery " + name
	if _, _, err := console.AddUser(context.Background(), e.db, name, role, chs, pw, cheap); err != nil {
		e.t.Fatal(err)
	}
	return pw
}

// seed stores a case of resident r through a turn, the way the bot does,
// with transcript lines; ID, status and urgency get defaults.
func (e *env) seed(r string, c consult.Case, lines ...consult.Message) consult.Case {
	e.t.Helper()
	e.n++
	if c.ID == 0 {
		c.ID = consult.NewID(c.CreatedAt)
	}
	c.Resident = r
	if c.Status == "" {
		c.Status = consult.CaseNew
	}
	if c.Urgency == "" {
		c.Urgency = consult.Normal
	}
	for i := range lines {
		lines[i].Resident = r
	}
	ctx := context.Background()
	ev := consult.InboundEvent{ID: fmt.Sprintf("E%d", e.n), Resident: r, Source: consult.SourceUser, Type: consult.EventMessage,
		Timestamp: c.CreatedAt, MessageType: "text", Text: "x", ReceivedAt: c.CreatedAt}
	if _, err := e.db.RecordEvents(ctx, []consult.InboundEvent{ev}); err != nil {
		e.t.Fatal(err)
	}
	_, err := e.db.Turn(ctx, r, func(in consult.TurnInput) (consult.TurnOutput, error) {
		return consult.TurnOutput{Resident: in.Resident, Cases: []consult.Case{c}, Transcript: lines,
			CaseEvents: []consult.CaseEvent{{CaseID: c.ID, At: c.CreatedAt, Actor: "resident", Action: "created", Detail: string(c.Channel)}}}, nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// browser is an HTTP client with its own cookies.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns the status and body.
func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	res, err := b.c.Get(b.e.ts.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// post sends a form and returns the response (body read into the string).
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	res, err := b.c.PostForm(b.e.ts.URL+path, form)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// csrf reads the form token of a page.
func (b *browser) csrf(path string) string {
	b.e.t.Helper()
	code, body := b.get(path)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no csrf token on %s (%d)", path, code)
	}
	return m[1]
}

// login logs in and fails the test unless it works.
func (b *browser) login(name, password string) {
	b.e.t.Helper()
	res := b.tryLogin(name, password)
	if res.StatusCode != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: status %d", name, res.StatusCode)
	}
}

func (b *browser) tryLogin(name, password string) *http.Response {
	b.e.t.Helper()
	tok := b.csrf("/console/login")
	res, _ := b.post("/console/login", url.Values{"csrf": {tok}, "name": {name}, "password": {password}})
	return res
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func contains(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}
