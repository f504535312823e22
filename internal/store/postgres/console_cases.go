package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	row   pgx.Row
	extra []any
}

func (r rowScan) Scan(dest ...any) error { return r.row.Scan(append(dest, r.extra...)...) }

func scanCaseRow(row pgx.Row) (consult.CaseRow, error) {
	var cr consult.CaseRow
	var from, corrected string
	c, err := scanCase(rowScan{row: row, extra: []any{&from, &corrected}})
	if err != nil {
		return cr, err
	}
	cr.Case, cr.ReferredFrom, cr.Corrected = c, consult.Channel(from), consult.Channel(corrected)
	return cr, nil
}

func queryCaseRows(ctx context.Context, q querier, sql string, args ...any) ([]consult.CaseRow, error) {
	rows, err := q.Query(ctx, sql, args...)
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

// caseWhere builds the parameterised filter of a console case query.
type caseWhere struct {
	conds []string
	args  []any
}

func (w *caseWhere) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *caseWhere) scope(s consult.CaseScope) {
	if !s.All {
		chs := make([]string, len(s.Channels))
		for i, c := range s.Channels {
			chs[i] = string(c)
		}
		w.add("channel = ANY(?::text[])", chs)
	}
}

func (w *caseWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likePattern escapes LIKE wildcards in user text.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// inboxOrder puts open cases first, emergencies first among them, then
// unclaimed before claimed, the longest waiting first; closed cases follow,
// the newest first.
const inboxOrder = `
ORDER BY CASE WHEN status IN ('new', 'claimed') THEN 0 ELSE 1 END,
	CASE WHEN status NOT IN ('new', 'claimed') THEN 0 WHEN urgency = 'emergency' THEN 0 WHEN urgency = 'urgent' THEN 1 ELSE 2 END,
	CASE WHEN status = 'new' THEN 0 ELSE 1 END,
	CASE WHEN status IN ('new', 'claimed') THEN created_at END,
	created_at DESC, id DESC`

// ListCases returns the cases of the console inbox within q's scope.
func (db *DB) ListCases(ctx context.Context, q consult.CaseQuery) ([]consult.CaseRow, error) {
	w := &caseWhere{}
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
		w.add("status = ANY(?::text[])", st)
	}
	if !q.From.IsZero() {
		w.add("created_at >= ?", q.From.UTC())
	}
	if !q.To.IsZero() {
		w.add("created_at < ?", q.To.UTC())
	}
	if q.Text != "" {
		p := likePattern(q.Text)
		w.add(`(summary ILIKE ? OR contact->>'name' ILIKE ? OR contact->>'phone' LIKE ? OR claimed_by ILIKE ?
			OR closed_by ILIKE ? OR EXISTS (SELECT 1 FROM messages m WHERE m.case_id = cases.id AND m.body ILIKE ?))`,
			p, p, p, p, p, p)
	}
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	sql := selectCaseRows + w.sql() + inboxOrder + fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(q.Offset, 0))
	out, err := queryCaseRows(ctx, db.pool, sql, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", wrapErr(err))
	}
	return out, nil
}

// CaseRow returns one case if it is within scope, consult.ErrNotFound
// otherwise (a staff member cannot tell another channel's case exists).
func (db *DB) CaseRow(ctx context.Context, id int64, scope consult.CaseScope) (consult.CaseRow, error) {
	w := &caseWhere{}
	w.add("id = ?", id)
	w.scope(scope)
	cr, err := scanCaseRow(db.pool.QueryRow(ctx, selectCaseRows+w.sql(), w.args...))
	if err != nil {
		return cr, fmt.Errorf("case %d: %w", id, wrapErr(err))
	}
	return cr, nil
}

// CasesCreated returns every case created in [from, to), oldest first, for
// the quality and figures pages.
func (db *DB) CasesCreated(ctx context.Context, from, to time.Time) ([]consult.CaseRow, error) {
	out, err := queryCaseRows(ctx, db.pool, selectCaseRows+` WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id`,
		from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("cases created: %w", wrapErr(err))
	}
	return out, nil
}

const selectTranscript = `
SELECT id, resident, coalesce(case_id, 0), direction, body, out, author, event_id, at FROM messages
WHERE resident = $1 AND (case_id = ANY($2::bigint[]) OR (case_id IS NULL AND at > $3 AND at <= $4))
ORDER BY id LIMIT $5`

// Transcript returns a resident's lines that belong to the given cases, or
// to no case and were written in (from, to]: the conversation that led to a
// case and what followed while it was open.
func (db *DB) Transcript(ctx context.Context, resident string, caseIDs []int64, from, to time.Time, limit int) ([]consult.Message, error) {
	if caseIDs == nil {
		caseIDs = []int64{}
	}
	out, err := queryMessages(ctx, db.pool, selectTranscript, resident, caseIDs, from.UTC(), to.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return out, nil
}
