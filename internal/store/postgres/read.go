package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

const selectMessages = `
SELECT id, resident, coalesce(case_id, 0), direction, body, out, author, event_id, at
FROM messages WHERE resident = $1 ORDER BY id LIMIT $2`

// Messages returns a resident's transcript, oldest first, at most limit lines.
func (db *DB) Messages(ctx context.Context, resident string, limit int) ([]consult.Message, error) {
	out, err := queryMessages(ctx, db.pool, selectMessages, resident, limit)
	if err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	return out, nil
}

// queryMessages runs a query selecting the columns of selectMessages.
func queryMessages(ctx context.Context, q querier, query string, args ...any) ([]consult.Message, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrapErr(err)
	}
	defer rows.Close()
	var out []consult.Message
	for rows.Next() {
		var m consult.Message
		var dir string
		var outJSON []byte
		if err := rows.Scan(&m.ID, &m.Resident, &m.CaseID, &dir, &m.Text, &outJSON, &m.Author, &m.EventID, &m.At); err != nil {
			return nil, wrapErr(err)
		}
		m.Direction, m.At = consult.Direction(dir), m.At.UTC()
		if len(outJSON) > 0 {
			m.Out = &consult.OutMessage{}
			if err := json.Unmarshal(outJSON, m.Out); err != nil {
				return nil, fmt.Errorf("decode: %w", err)
			}
		}
		out = append(out, m)
	}
	return out, wrapErr(rows.Err())
}

// Case returns one case, consult.ErrNotFound when there is none.
func (db *DB) Case(ctx context.Context, id int64) (consult.Case, error) {
	c, err := scanCase(db.pool.QueryRow(ctx, selectCases+` WHERE id = $1`, id))
	if err != nil {
		return c, fmt.Errorf("case %d: %w", id, wrapErr(err))
	}
	return c, nil
}

// CaseEvents returns a case's timeline, oldest first.
func (db *DB) CaseEvents(ctx context.Context, id int64) ([]consult.CaseEvent, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, case_id, at, actor, action, detail FROM case_events WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("case events: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.CaseEvent
	for rows.Next() {
		var e consult.CaseEvent
		var at time.Time
		if err := rows.Scan(&e.ID, &e.CaseID, &at, &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("case events: %w", wrapErr(err))
		}
		e.At = at.UTC()
		out = append(out, e)
	}
	return out, wrapErr(rows.Err())
}

// Resident returns one resident, consult.ErrNotFound when unknown.
func (db *DB) Resident(ctx context.Context, id string) (consult.Resident, error) {
	r, err := scanResident(db.pool.QueryRow(ctx, selectResident, id))
	if err != nil {
		return r, fmt.Errorf("resident: %w", wrapErr(err))
	}
	return r, nil
}

// ResidentCases returns all cases of a resident, newest first.
func (db *DB) ResidentCases(ctx context.Context, resident string) ([]consult.Case, error) {
	cs, err := queryCases(ctx, db.pool, selectCases+` WHERE resident = $1 ORDER BY created_at DESC, id DESC`, resident)
	if err != nil {
		return nil, fmt.Errorf("resident cases: %w", wrapErr(err))
	}
	return cs, nil
}
