package console

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/n-csw/tsunagu/internal/consult"
)

//go:embed web/templates/*.html web/static/* web/labels.yaml
var webFS embed.FS

// tokyo is the zone every time is shown and every month is counted in.
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}()

// Labels maps "kind" → ID → the words shown for it (web/labels.yaml).
type Labels map[string]map[string]string

// Get returns the label of id of a kind, or id itself when there is none.
func (l Labels) Get(kind, id string) string {
	if s, ok := l[kind][id]; ok {
		return s
	}
	return id
}

func loadLabels(fsys fs.FS) (Labels, error) {
	b, err := fs.ReadFile(fsys, "web/labels.yaml")
	if err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	var l Labels
	if err := yaml.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	return l, nil
}

// pages are the templates, one per page, each with the layout.
var pages = []string{"login", "cases", "case", "quality", "figures", "users", "audit", "settings", "account", "error"}

func parseTemplates(fsys fs.FS, labels Labels) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"label": func(kind string, id any) string { return labels.Get(kind, fmt.Sprint(id)) },
		"jst":   formatTime("2006-01-02 15:04"),
		"date":  formatTime("2006-01-02"),
		"clock": formatTime("15:04"),
		"pct":   func(v float64) string { return fmt.Sprintf("%.1f", v*100) },
		"num": func(v float64) string {
			if math.IsNaN(v) {
				return labels.Get("unit", "none")
			}
			return fmt.Sprintf("%.1f", v)
		},
		"percent": func(v float64) string {
			if math.IsNaN(v) {
				return labels.Get("unit", "none")
			}
			return fmt.Sprintf("%.1f%%", v*100)
		},
		"dur":      func(d time.Duration) string { return humanDuration(d, labels) },
		"list":     func(xs ...string) []string { return xs },
		"addf":     func(a, b float64) float64 { return a + b },
		"channels": consult.Channels,
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.New(p).Funcs(funcs).ParseFS(fsys, "web/templates/layout.html", "web/templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}

func formatTime(layout string) func(t time.Time) string {
	return func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(tokyo).Format(layout)
	}
}

// humanDuration writes d as "2時間15分" or "3日4時間" with the unit labels.
func humanDuration(d time.Duration, l Labels) string {
	if d < 0 {
		d = 0
	}
	m := int(d / time.Minute)
	day, hour, min := m/(24*60), m/60%24, m%60
	u := func(n int, unit string) string { return fmt.Sprintf("%d%s", n, l.Get("unit", unit)) }
	switch {
	case day > 0:
		return u(day, "day") + u(hour, "hour")
	case hour > 0:
		return u(hour, "hour") + u(min, "minute")
	}
	return u(min, "minute")
}

// view is what every page template gets.
type view struct {
	User   *viewer
	CSRF   string
	Nav    string
	Notice string
	Now    time.Time
	Data   any
}

// viewer is the logged-in user as templates see it.
type viewer struct{ consult.StaffUser }

// Coordinates reports whether the user sees every case and the quality and
// figures pages.
func (v *viewer) Coordinates() bool {
	return v != nil && (v.Role == consult.RoleCoordinator || v.Role == consult.RoleAdmin)
}

// Admin reports whether the user manages accounts and settings.
func (v *viewer) Admin() bool { return v != nil && v.Role == consult.RoleAdmin }

// render writes page p with status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, p string, nav string, data any) {
	v := view{Nav: nav, Now: s.now(), Data: data}
	if done := r.URL.Query().Get("done"); s.labels["notice"][done] != "" {
		v.Notice = done
	}
	if u, sess, ok := current(r); ok {
		v.User, v.CSRF = &viewer{u}, sess.CSRF
	}
	var buf bytes.Buffer
	if err := s.tmpl[p].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", p, "error", err.Error())
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w)
}

// fail writes the error page for code with the message of key (a label of
// kind "error"; "" uses the code's own message).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, key string) {
	if key == "" {
		key = fmt.Sprint(code)
	}
	s.render(w, r, code, "error", "", struct {
		Code int
		Key  string
	}{code, key})
}

// failErr maps an error to a status, logging only server errors (never
// what a resident wrote: errors carry IDs and operations only).
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, op string, err error) {
	code := statusOf(err)
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "console request failed", "op", op, "error", err.Error())
	}
	s.fail(w, r, code, "")
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, consult.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, consult.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, consult.ErrConflict):
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// trim shortens s to n characters for lists.
func trim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
