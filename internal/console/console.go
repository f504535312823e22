// Package console is the coordinators' web console of tsunagu, under
// /console/: the inbox of cases with filters, the case page (transcript,
// triage evidence, timeline, contact details, staff actions and routing
// corrections), the quality page (the bot against coordinators'
// corrections, with a JSON-lines export for `tsunagu eval`), monthly
// figures with SVG charts and an Excel-ready CSV, accounts, the audit log
// and the retention job.
//
// Pages are server-rendered with html/template from embedded files
// (web/templates, web/static, web/labels.yaml: every word on screen is
// there, none in Go code). Sessions live in the database; every form
// carries a per-session CSRF token; every case view and every export
// leaves an audit row. The console never imports the bot or an adapter:
// it declares what it needs (Store, Cases, Hours) and cmd/tsunagu wires it.
package console

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Options configure the console.
type Options struct {
	Store Store
	Cases Cases
	// Hours says whether a channel was open (for the out-of-hours share);
	// nil counts every case as of unknown hours.
	Hours Hours
	// BaseURL is the public URL (TSUNAGU_BASE_URL): https turns on Secure,
	// __Host- cookies.
	BaseURL string
	// RetentionDays: transcripts and contacts of cases closed longer ago are
	// removed by the daily job.
	RetentionDays int
	// IdleTimeout and MaxAge bound a login (default 1 h idle, 12 h in all).
	IdleTimeout time.Duration
	MaxAge      time.Duration
	// Hash are the parameters of new password hashes (DefaultHashParams).
	Hash HashParams
	// Slack says whether cases also go to Slack (shown on the settings page).
	Slack bool
	Log   *slog.Logger
	// Now is the clock (tests).
	Now func() time.Time
}

// Server serves /console/.
type Server struct {
	store    Store
	cases    Cases
	hours    Hours
	opts     Options
	log      *slog.Logger
	labels   Labels
	tmpl     map[string]*template.Template
	static   http.Handler
	mux      *http.ServeMux
	handler  http.Handler
	secure   bool
	cookie   string
	loginCk  string
	byName   *limiter
	byAddr   *limiter
	hashSem  chan struct{}
	dummyPHC string
	now      func() time.Time
}

// New builds the console.
func New(o Options) (*Server, error) {
	if o.Store == nil || o.Cases == nil {
		return nil, errors.New("console: a store and a case service are required")
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = time.Hour
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 12 * time.Hour
	}
	if o.Hash == (HashParams{}) {
		o.Hash = DefaultHashParams
	}
	if o.RetentionDays <= 0 {
		o.RetentionDays = 365
	}
	if o.Hours == nil {
		o.Hours = func(consult.Channel, time.Time) (bool, bool) { return false, false }
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("console: base URL: %w", err)
	}
	labels, err := loadLabels(webFS)
	if err != nil {
		return nil, err
	}
	tmpl, err := parseTemplates(webFS, labels)
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(webFS, "web/static")
	if err != nil {
		return nil, err
	}
	s := &Server{store: o.Store, cases: o.Cases, hours: o.Hours, opts: o, log: o.Log, labels: labels, tmpl: tmpl,
		static: http.StripPrefix("/console/static/", http.FileServerFS(static)), mux: http.NewServeMux(),
		secure: u.Scheme == "https", byName: newLimiter(15*time.Minute, 5), byAddr: newLimiter(15*time.Minute, 30),
		hashSem: make(chan struct{}, 2), now: o.Now}
	s.cookie, s.loginCk = "tsunagu_console", "tsunagu_login"
	if s.secure {
		s.cookie, s.loginCk = "__Host-tsunagu_console", "__Host-tsunagu_login"
	}
	if s.dummyPHC, err = HashPassword("not a password", o.Hash); err != nil {
		return nil, err
	}
	s.routes()
	// Browsers say where a form post comes from (Sec-Fetch-Site, Origin):
	// another site's is refused before any handler, on top of the tokens.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusForbidden, "")
	}))
	s.handler = cop.Handler(s.mux)
	return s, nil
}

func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /console/static/", s.static)
	m.HandleFunc("GET /console/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/cases", http.StatusSeeOther)
	})
	m.HandleFunc("GET /console/login", s.loginPage)
	m.HandleFunc("POST /console/login", s.login)
	m.Handle("POST /console/logout", s.auth(anyRole, s.logout))

	m.Handle("GET /console/cases", s.auth(anyRole, s.inbox))
	m.Handle("GET /console/cases/{id}", s.auth(anyRole, s.casePage))
	m.Handle("POST /console/cases/{id}/act", s.auth(anyRole, s.act))
	m.Handle("POST /console/cases/{id}/correct", s.auth(coordinators, s.correct))

	m.Handle("GET /console/quality", s.auth(coordinators, s.qualityPage))
	m.Handle("GET /console/quality/corrections.jsonl", s.auth(coordinators, s.exportCorrections))
	m.Handle("GET /console/figures", s.auth(coordinators, s.figuresPage))
	m.Handle("GET /console/figures.csv", s.auth(coordinators, s.exportFigures))

	m.Handle("GET /console/account", s.auth(anyRole, s.accountPage))
	m.Handle("POST /console/account", s.auth(anyRole, s.changePassword))
	m.Handle("GET /console/users", s.auth(admins, s.usersPage))
	m.Handle("POST /console/users", s.auth(admins, s.addUser))
	m.Handle("POST /console/users/{id}", s.auth(admins, s.updateUser))
	m.Handle("GET /console/audit", s.auth(admins, s.auditPage))
	m.Handle("GET /console/settings", s.auth(admins, s.settingsPage))
	m.Handle("POST /console/settings/retention", s.auth(admins, s.runRetention))
	m.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, http.StatusNotFound, "") })
}

// ServeHTTP serves /console/ with headers that keep pages out of caches,
// frames and other origins.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	if !strings.HasPrefix(r.URL.Path, "/console/static/") {
		h.Set("Cache-Control", "no-store")
	}
	if s.secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.handler.ServeHTTP(w, r)
}

func isErr(err, target error) bool { return errors.Is(err, target) }
