package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

// closedBefore selects the cases closed before the cutoff ($1).
const closedBefore = `SELECT id FROM cases WHERE status NOT IN ('new', 'claimed') AND closed_at < $1`

// Retention statements, run in order in one transaction. $1 is the cutoff,
// $2 the time of the run.
const (
	// Cases keep channel, status, urgency, crisis and times for the figures;
	// the summary, the contact and the triage's evidence (words the resident
	// wrote) go.
	purgeCases = `
UPDATE cases SET summary = '', contact = '{}'::jsonb, triage = jsonb_set(triage, '{evidence}', '[]'::jsonb),
	purged_at = $2
WHERE status NOT IN ('new', 'claimed') AND closed_at < $1 AND purged_at IS NULL`
	// The transcript of those cases, and the resident's lines older than the
	// cutoff that belong to no case, unless the resident has a case still
	// kept (open, or closed after the cutoff): they may be its conversation.
	purgeMessages = `
DELETE FROM messages WHERE case_id IN (` + closedBefore + `)
	OR (case_id IS NULL AND at < $1
		AND resident NOT IN (SELECT resident FROM cases WHERE status IN ('new', 'claimed') OR closed_at >= $1))`
	// The labelled text of corrections on those cases.
	purgeCorrections = `UPDATE routing_corrections SET body = '' WHERE body <> '' AND case_id IN (` + closedBefore + `)`
	// Delivered or abandoned outbox items (their payloads hold message text).
	purgeOutbox = `DELETE FROM outbox WHERE state <> 'pending' AND created_at < $1`
	// Processed webhook events (kept only to drop redeliveries).
	purgeEvents = `DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND received_at < $1`
	// Conversation variables holding what the resident wrote, in sessions
	// resting since before the cutoff.
	purgeSessions = `
UPDATE sessions SET vars = vars - 'in' - 'tx' - 'ph' - 'tr'
WHERE updated_at < $1 AND vars ?| array['in', 'tx', 'ph', 'tr']`
	insertRetentionRun = `
INSERT INTO retention_runs (ran_at, cutoff, cases, messages, outbox, events, sessions)
VALUES ($1, $2, $3, $4, $5, $6, $7)`
)

// Purge deletes or blanks what residents wrote and how to reach them, for
// cases closed before cutoff, and records the run. Figures stay.
func (db *DB) Purge(ctx context.Context, cutoff, now time.Time) (consult.RetentionRun, error) {
	run := consult.RetentionRun{At: now.UTC().Truncate(time.Microsecond), Cutoff: cutoff.UTC().Truncate(time.Microsecond)}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		exec := func(sql string, args ...any) (int64, error) {
			tag, err := tx.Exec(ctx, sql, args...)
			return tag.RowsAffected(), err
		}
		var err error
		if run.Cases, err = exec(purgeCases, run.Cutoff, run.At); err != nil {
			return fmt.Errorf("cases: %w", err)
		}
		if run.Messages, err = exec(purgeMessages, run.Cutoff); err != nil {
			return fmt.Errorf("messages: %w", err)
		}
		if _, err = exec(purgeCorrections, run.Cutoff); err != nil {
			return fmt.Errorf("corrections: %w", err)
		}
		if run.Outbox, err = exec(purgeOutbox, run.Cutoff); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		if run.Events, err = exec(purgeEvents, run.Cutoff); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if run.Sessions, err = exec(purgeSessions, run.Cutoff); err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
		_, err = exec(insertRetentionRun, run.At, run.Cutoff, run.Cases, run.Messages, run.Outbox, run.Events, run.Sessions)
		return err
	})
	if err != nil {
		return run, fmt.Errorf("purge: %w", wrapErr(err))
	}
	return run, nil
}

// RetentionRuns returns the latest retention runs, newest first.
func (db *DB) RetentionRuns(ctx context.Context, limit int) ([]consult.RetentionRun, error) {
	rows, err := db.pool.Query(ctx, `SELECT ran_at, cutoff, cases, messages, outbox, events, sessions FROM retention_runs
		ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("retention runs: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.RetentionRun
	for rows.Next() {
		var r consult.RetentionRun
		if err := rows.Scan(&r.At, &r.Cutoff, &r.Cases, &r.Messages, &r.Outbox, &r.Events, &r.Sessions); err != nil {
			return nil, fmt.Errorf("retention runs: %w", wrapErr(err))
		}
		r.At, r.Cutoff = r.At.UTC(), r.Cutoff.UTC()
		out = append(out, r)
	}
	return out, wrapErr(rows.Err())
}
