// Package sqlq builds the parameterised filters of the console's queries
// once for both stores: which conditions a case or audit query has is the
// same on PostgreSQL and on SQLite; only how a dialect writes placeholders,
// lists, times and text search differs (Dialect).
package sqlq

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Dialect is what differs between the stores' SQL.
type Dialect struct {
	// Numbered placeholders ($1, $2 … for PostgreSQL) instead of ?.
	Numbered bool
	// AnyArray writes a list as "col = ANY(?::text[])" with one array
	// argument (PostgreSQL) instead of "col IN (?, …)".
	AnyArray bool
	// Time is how a time is passed as an argument.
	Time func(time.Time) any
	// TextMatch is the condition of a console text search: six ? for
	// LikePattern(text) over summary, name, phone, claimed_by, closed_by
	// and the transcript.
	TextMatch string
}

// Where is a filter under construction. None is set when it can match
// nothing (an empty channel scope): the caller need not ask the database.
type Where struct {
	d     *Dialect
	conds []string
	args  []any
	None  bool
}

// New starts an empty filter in dialect d.
func New(d *Dialect) *Where { return &Where{d: d} }

// Add adds cond, whose ? are args in order.
func (w *Where) Add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		if w.d.Numbered {
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
		}
	}
	w.conds = append(w.conds, cond)
}

// In adds "col is one of vals"; an empty list matches nothing.
func (w *Where) In(col string, vals []string) {
	switch {
	case len(vals) == 0:
		w.None = true
	case w.d.AnyArray:
		w.Add(col+" = ANY(?::text[])", vals)
	default:
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = v
		}
		w.Add(col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", args...)
	}
}

// Scope limits the filter to the channels s may see.
func (w *Where) Scope(s consult.CaseScope) {
	if !s.All {
		chs := make([]string, len(s.Channels))
		for i, c := range s.Channels {
			chs[i] = string(c)
		}
		w.In("channel", chs)
	}
}

// SQL is the WHERE clause ("" without conditions).
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Args are the arguments of SQL's placeholders.
func (w *Where) Args() []any { return w.args }

// Cases is the filter of the console inbox for q.
func Cases(d *Dialect, q consult.CaseQuery) *Where {
	w := New(d)
	w.Scope(q.Scope)
	if q.Channel != "" {
		w.Add("channel = ?", string(q.Channel))
	}
	if q.Urgency != "" {
		w.Add("urgency = ?", string(q.Urgency))
	}
	if len(q.Statuses) > 0 {
		st := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			st[i] = string(s)
		}
		w.In("status", st)
	}
	if !q.From.IsZero() {
		w.Add("created_at >= ?", d.Time(q.From))
	}
	if !q.To.IsZero() {
		w.Add("created_at < ?", d.Time(q.To))
	}
	if q.Text != "" {
		p := LikePattern(q.Text)
		w.Add(d.TextMatch, p, p, p, p, p, p)
	}
	return w
}

// Audit is the filter of the audit log for q.
func Audit(d *Dialect, q consult.AuditQuery) *Where {
	w := New(d)
	if q.CaseID != 0 {
		w.Add("case_id = ?", q.CaseID)
	}
	if q.Actor != "" {
		w.Add("actor = ?", q.Actor)
	}
	if q.Action != "" {
		w.Add("action = ?", q.Action)
	}
	if q.Before > 0 {
		w.Add("id < ?", q.Before)
	}
	return w
}

// Page is the LIMIT and OFFSET of a console list: limit within (0, 1000],
// def otherwise.
func Page(limit, offset, def int) string {
	if limit <= 0 || limit > 1000 {
		limit = def
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
}

// LikePattern escapes LIKE wildcards in user text (with ESCAPE '\', the
// default in PostgreSQL) and matches it anywhere.
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// InboxOrder puts open cases first, emergencies first among them, then
// unclaimed before claimed, the longest waiting first; closed cases follow,
// the newest first.
const InboxOrder = `
ORDER BY CASE WHEN status IN ('new', 'claimed') THEN 0 ELSE 1 END,
	CASE WHEN status NOT IN ('new', 'claimed') THEN 0 WHEN urgency = 'emergency' THEN 0 WHEN urgency = 'urgent' THEN 1 ELSE 2 END,
	CASE WHEN status = 'new' THEN 0 ELSE 1 END,
	CASE WHEN status IN ('new', 'claimed') THEN created_at END,
	created_at DESC, id DESC`
