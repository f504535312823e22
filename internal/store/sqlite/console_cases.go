package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/store/sqlq"
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

// dialect is how this store writes the console's filters (sqlq).
var dialect = &sqlq.Dialect{
	Time: func(t time.Time) any { return msOf(t) },
	TextMatch: `(summary LIKE ? ESCAPE '\' OR json_extract(contact, '$.name') LIKE ? ESCAPE '\'
			OR json_extract(contact, '$.phone') LIKE ? ESCAPE '\' OR claimed_by LIKE ? ESCAPE '\'
			OR closed_by LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM messages m WHERE m.case_id = cases.id AND m.body LIKE ? ESCAPE '\'))`,
}

// ListCases returns the cases of the console inbox within q's scope.
func (db *DB) ListCases(ctx context.Context, q consult.CaseQuery) ([]consult.CaseRow, error) {
	w := sqlq.Cases(dialect, q)
	if w.None {
		return nil, nil
	}
	query := selectCaseRows + w.SQL() + sqlq.InboxOrder + sqlq.Page(q.Limit, q.Offset, 200)
	out, err := queryCaseRows(ctx, db.r, query, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", wrapErr(err))
	}
	return out, nil
}

// CaseRow returns one case if it is within scope, consult.ErrNotFound
// otherwise (a staff member cannot tell another channel's case exists).
func (db *DB) CaseRow(ctx context.Context, id int64, scope consult.CaseScope) (consult.CaseRow, error) {
	w := sqlq.New(dialect)
	w.Add("id = ?", id)
	w.Scope(scope)
	if w.None {
		return consult.CaseRow{}, fmt.Errorf("case %d: %w", id, consult.ErrNotFound)
	}
	cr, err := scanCaseRow(db.r.QueryRowContext(ctx, selectCaseRows+w.SQL(), w.Args()...))
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
	w := sqlq.New(dialect)
	w.Add("resident = ?", resident)
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
	w.Add(cond, args...)
	out, err := queryMessages(ctx, db.r, `SELECT id, resident, coalesce(case_id, 0), direction, body, out, author, event_id, at
		FROM messages`+w.SQL()+` ORDER BY id LIMIT ?`, append(w.Args(), limit)...)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return out, nil
}
