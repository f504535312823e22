package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// selectCaseRows is selectCases with the console's two extra columns: the
// channel a staff referral came from and the coordinator's correction.
var selectCaseRows = func() string {
	const from = "\nFROM cases"
	if !strings.HasSuffix(selectCases, from) {
		panic("selectCases no longer ends with FROM cases")
	}
	return strings.TrimSuffix(selectCases, from) + `,
	coalesce((SELECT e.detail FROM case_events e WHERE e.case_id = cases.id AND e.action = 'referred-from'
		ORDER BY e.id LIMIT 1), ''),
	coalesce((SELECT rc.channel FROM routing_corrections rc WHERE rc.case_id = cases.id), '')` + from
}()

// rowScan appends the extra columns to what scanCase scans.
type rowScan struct {
	row   scanner
	extra []any
}

func (r rowScan) Scan(dest ...any) error { return r.row.Scan(append(dest, r.extra...)...) }

func scanCaseRow(row scanner) (consult.CaseRow, error) {
	var cr consult.CaseRow
	var from, corrected string
	c, err := scanCase(rowScan{row: row, extra: []any{&from, &corrected}})
	if err != nil {
		return cr, err
	}
	cr.Case, cr.ReferredFrom, cr.Corrected = c, consult.Channel(from), consult.Channel(corrected)
	return cr, nil
}

func queryCaseRows(ctx context.Context, q querier, query string, args ...any) ([]consult.CaseRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []consult.CaseRow
	for rows.Next() {
		cr, err := scanCaseRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, cr)
	}
	return out, rows.Err()
}

// where builds a parameterised filter.
type where struct {
	conds []string
	args  []any
	// none is set when the filter can match nothing (an empty scope).
	none bool
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, …)"; an empty list matches nothing.
func (w *where) in(col string, vals []string) {
	if len(vals) == 0 {
		w.none = true
		return
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	w.add(col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", args...)
}

func (w *where) scope(s consult.CaseScope) {
	if !s.All {
		chs := make([]string, len(s.Channels))
		for i, c := range s.Channels {
			chs[i] = string(c)
		}
		w.in("channel", chs)
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likePattern escapes LIKE wildcards in user text (used with ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// inboxOrder: see the PostgreSQL store.
const inboxOrder = `
ORDER BY CASE WHEN status IN ('new', 'claimed') THEN 0 ELSE 1 END,
	CASE WHEN status NOT IN ('new', 'claimed') THEN 0 WHEN urgency = 'emergency' THEN 0 WHEN urgency = 'urgent' THEN 1 ELSE 2 END,
	CASE WHEN status = 'new' THEN 0 ELSE 1 END,
	CASE WHEN status IN ('new', 'claimed') THEN created_at END,
	created_at DESC, id DESC`

// ListCases returns the cases of the console inbox within q's scope.
func (db *DB) ListCases(ctx context.Context, q consult.CaseQuery) ([]consult.CaseRow, error) {
	w := &where{}
	w.scope(q.Scope)
	if q.Channel != "" {
		w.add("channel = ?", string(q.Channel))
	}
	if q.Urgency != "" {
		w.add("urgency = ?", string(q.Urgency))
	}
	if len(q.Statuses) > 0 {
		st := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			st[i] = string(s)
		}
		w.in("status", st)
	}
	if !q.From.IsZero() {
		w.add("created_at >= ?", msOf(q.From))
	}
	if !q.To.IsZero() {
		w.add("created_at < ?", msOf(q.To))
	}
	if q.Text != "" {
		p := likePattern(q.Text)
		w.add(`(summary LIKE ? ESCAPE '\' OR json_extract(contact, '$.name') LIKE ? ESCAPE '\'
			OR json_extract(contact, '$.phone') LIKE ? ESCAPE '\' OR claimed_by LIKE ? ESCAPE '\'
			OR closed_by LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM messages m WHERE m.case_id = cases.id AND m.body LIKE ? ESCAPE '\'))`,
			p, p, p, p, p, p)
	}
	if w.none {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	query := selectCaseRows + w.sql() + inboxOrder + fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(q.Offset, 0))
	out, err := queryCaseRows(ctx, db.r, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", wrapErr(err))
	}
	return out, nil
}

// CaseRow returns one case if it is within scope, consult.ErrNotFound
// otherwise (a staff member cannot tell another channel's case exists).
func (db *DB) CaseRow(ctx context.Context, id int64, scope consult.CaseScope) (consult.CaseRow, error) {
	w := &where{}
	w.add("id = ?", id)
	w.scope(scope)
	if w.none {
		return consult.CaseRow{}, fmt.Errorf("case %d: %w", id, consult.ErrNotFound)
	}
	cr, err := scanCaseRow(db.r.QueryRowContext(ctx, selectCaseRows+w.sql(), w.args...))
	if err != nil {
		return cr, fmt.Errorf("case %d: %w", id, wrapErr(err))
	}
	return cr, nil
}

// CasesCreated returns every case created in [from, to), oldest first, for
// the quality and figures pages.
func (db *DB) CasesCreated(ctx context.Context, from, to time.Time) ([]consult.CaseRow, error) {
	out, err := queryCaseRows(ctx, db.r, selectCaseRows+` WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`,
		msOf(from), msOf(to))
	if err != nil {
		return nil, fmt.Errorf("cases created: %w", wrapErr(err))
	}
	return out, nil
}

// Transcript returns a resident's lines that belong to the given cases, or
// to no case and were written in (from, to]: the conversation that led to a
// case and what followed while it was open.
func (db *DB) Transcript(ctx context.Context, resident string, caseIDs []int64, from, to time.Time, limit int) ([]consult.Message, error) {
	w := &where{}
	w.add("resident = ?", resident)
	cond := "(case_id IS NULL AND at > ? AND at <= ?)"
	args := []any{msOf(from), msOf(to)}
	if len(caseIDs) > 0 {
		cond = "(case_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(caseIDs)), ", ") + ") OR " + cond + ")"
		args = make([]any, 0, len(caseIDs)+2)
		for _, id := range caseIDs {
			args = append(args, id)
		}
		args = append(args, msOf(from), msOf(to))
	}
	w.add(cond, args...)
	out, err := queryMessages(ctx, db.r, `SELECT id, resident, coalesce(case_id, 0), direction, body, out, author, event_id, at
		FROM messages`+w.sql()+` ORDER BY id LIMIT ?`, append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return out, nil
}
