package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// closedBefore selects the cases closed before the cutoff (?1).
const closedBefore = `SELECT id FROM cases WHERE status NOT IN ('new', 'claimed') AND closed_at < ?1`

// Retention statements (see the PostgreSQL store): ?1 is the cutoff, ?2 the
// time of the run.
const (
	purgeCases = `
UPDATE cases SET summary = '', contact = '{}', triage = json_set(triage, '$.evidence', json('[]')), purged_at = ?2
WHERE status NOT IN ('new', 'claimed') AND closed_at < ?1 AND purged_at IS NULL`
	purgeMessages = `
DELETE FROM messages WHERE case_id IN (` + closedBefore + `)
	OR (case_id IS NULL AND at < ?1
		AND resident NOT IN (SELECT resident FROM cases WHERE status IN ('new', 'claimed') OR closed_at >= ?1))`
	purgeCorrections = `UPDATE routing_corrections SET body = '' WHERE body <> '' AND case_id IN (` + closedBefore + `)`
	purgeOutbox      = `DELETE FROM outbox WHERE state <> 'pending' AND created_at < ?1`
	purgeEvents      = `DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND received_at < ?1`
	purgeSessions    = `
UPDATE sessions SET vars = json_remove(vars, '$.in', '$.tx', '$.ph', '$.tr')
WHERE updated_at < ?1 AND (json_type(vars, '$.in') IS NOT NULL OR json_type(vars, '$.tx') IS NOT NULL
	OR json_type(vars, '$.ph') IS NOT NULL OR json_type(vars, '$.tr') IS NOT NULL)`
	insertRetentionRun = `
INSERT INTO retention_runs (ran_at, cutoff, cases, messages, outbox, events, sessions) VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// Purge deletes or blanks what residents wrote and how to reach them, for
// cases closed before cutoff, and records the run. Figures stay.
func (db *DB) Purge(ctx context.Context, cutoff, now time.Time) (consult.RetentionRun, error) {
	run := consult.RetentionRun{At: time.UnixMilli(now.UnixMilli()).UTC(), Cutoff: time.UnixMilli(cutoff.UnixMilli()).UTC()}
	err := db.inTx(ctx, func(tx *wtx) error {
		exec := func(q string, args ...any) (int64, error) {
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		}
		c, at := msOf(run.Cutoff), msOf(run.At)
		var err error
		if run.Cases, err = exec(purgeCases, c, at); err != nil {
			return fmt.Errorf("cases: %w", err)
		}
		if run.Messages, err = exec(purgeMessages, c); err != nil {
			return fmt.Errorf("messages: %w", err)
		}
		if _, err = exec(purgeCorrections, c); err != nil {
			return fmt.Errorf("corrections: %w", err)
		}
		if run.Outbox, err = exec(purgeOutbox, c); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		if run.Events, err = exec(purgeEvents, c); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if run.Sessions, err = exec(purgeSessions, c); err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
		_, err = exec(insertRetentionRun, at, c, run.Cases, run.Messages, run.Outbox, run.Events, run.Sessions)
		return err
	})
	if err != nil {
		return run, fmt.Errorf("purge: %w", wrapErr(err))
	}
	return run, nil
}

// RetentionRuns returns the latest retention runs, newest first.
func (db *DB) RetentionRuns(ctx context.Context, limit int) ([]consult.RetentionRun, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT ran_at, cutoff, cases, messages, outbox, events, sessions FROM retention_runs
		ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("retention runs: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.RetentionRun
	for rows.Next() {
		var r consult.RetentionRun
		var at, cutoff int64
		if err := rows.Scan(&at, &cutoff, &r.Cases, &r.Messages, &r.Outbox, &r.Events, &r.Sessions); err != nil {
			return nil, fmt.Errorf("retention runs: %w", wrapErr(err))
		}
		r.At, r.Cutoff = time.UnixMilli(at).UTC(), time.UnixMilli(cutoff).UTC()
		out = append(out, r)
	}
	return out, wrapErr(rows.Err())
}
