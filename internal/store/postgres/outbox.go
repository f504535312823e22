package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

func lineKey(resident string) string { return consult.LINEOrderKey(resident) }

const insertOutbox = `
INSERT INTO outbox (kind, okey, resident, case_id, reply_token, event_at, retry_key, payload, state,
	next_at, prompted, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $9)`

func queueOutbox(b *pgx.Batch, o consult.OutboxItem, now time.Time) error {
	if len(o.Payload) == 0 {
		return fmt.Errorf("outbox item without payload: %w", consult.ErrInvalid)
	}
	next := o.NextAt
	if next.IsZero() {
		next = now
	}
	b.Queue(insertOutbox, string(o.Kind), o.OrderKey(), o.Resident, nullID(o.CaseID), o.ReplyToken,
		ts(o.EventAt), o.RetryKey, []byte(o.Payload), next.UTC(), o.Prompted)
	return nil
}

// claimOutbox leases due items that are first in their order key. SKIP
// LOCKED lets several replicas claim at once without waiting on each other.
const claimOutbox = `
WITH c AS (
	SELECT o.id FROM outbox o
	WHERE o.state = 'pending' AND o.kind = ANY($1) AND o.next_at <= $2
		AND (o.lease_until IS NULL OR o.lease_until < $2)
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.okey = o.okey AND p.state = 'pending' AND p.id < o.id)
	ORDER BY o.next_at, o.id
	LIMIT $5
	FOR UPDATE SKIP LOCKED)
UPDATE outbox o SET lease_owner = $3, lease_until = $4, attempts = o.attempts + 1
FROM c WHERE o.id = c.id
RETURNING o.id, o.kind, o.resident, coalesce(o.case_id, 0), o.reply_token, o.event_at, o.retry_key,
	o.payload, o.state, o.attempts, o.recorded, o.next_at, o.last_error, o.reply_unsure, o.prompted, o.created_at`

// ClaimOutbox leases deliverable items (see bot.Store).
func (db *DB) ClaimOutbox(ctx context.Context, kinds []consult.OutboxKind, owner string, now time.Time, lease time.Duration, limit int) ([]consult.OutboxItem, error) {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	rows, err := db.pool.Query(ctx, claimOutbox, ks, now.UTC(), owner, now.Add(lease).UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.OutboxItem
	for rows.Next() {
		var o consult.OutboxItem
		var kind, state string
		var eventAt *time.Time
		var payload []byte
		if err := rows.Scan(&o.ID, &kind, &o.Resident, &o.CaseID, &o.ReplyToken, &eventAt, &o.RetryKey, &payload,
			&state, &o.Attempts, &o.Recorded, &o.NextAt, &o.LastError, &o.ReplyUnsure, &o.Prompted, &o.CreatedAt); err != nil {
			return nil, fmt.Errorf("claim outbox: %w", wrapErr(err))
		}
		o.Kind, o.State, o.EventAt, o.Payload = consult.OutboxKind(kind), consult.OutboxState(state), fromTS(eventAt), payload
		o.NextAt, o.CreatedAt = o.NextAt.UTC(), o.CreatedAt.UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim outbox: %w", wrapErr(err))
	}
	return out, nil
}

const finishOutbox = `
UPDATE outbox SET state = $3, next_at = $4, recorded = recorded + 1, last_error = $5, reply_token = $6, reply_unsure = $7,
	lease_owner = '', lease_until = NULL, done_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $8::timestamptz END
WHERE id = $1 AND lease_owner = $2
RETURNING coalesce(case_id, 0)`

const setCaseSlack = `
UPDATE cases SET slack_channel = $2, slack_ts = $3, notified_at = coalesce(notified_at, $4), updated_at = $4
WHERE id = $1`

// FinishOutbox records delivery outcomes in one transaction (see
// bot.Store) of two round trips: BEGIN with the updates, then the Slack
// thread of each case posted with COMMIT.
func (db *DB) FinishOutbox(ctx context.Context, owner string, results ...consult.OutboxResult) (err error) {
	if len(results) == 0 {
		return nil
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("finish outbox: %w", wrapErr(err))
		}
	}()
	p, err := db.beginPipe(ctx)
	if err != nil {
		return err
	}
	defer p.end(ctx)
	b := &pgx.Batch{}
	for _, r := range results {
		at := r.At
		if at.IsZero() {
			at = time.Now()
		}
		next := r.NextAt
		if next.IsZero() {
			next = at
		}
		b.Queue(finishOutbox, r.ID, owner, string(r.State), next.UTC(), r.Error, r.ReplyToken, r.ReplyUnsure, at.UTC())
	}
	br, err := p.first(ctx, b)
	if err != nil {
		return err
	}
	caseIDs, err := finishRows(br, owner, results)
	if err != nil {
		return err
	}
	last := &pgx.Batch{}
	for i, r := range results {
		if r.SlackTS == "" || caseIDs[i] == 0 {
			continue
		}
		at := r.At
		if at.IsZero() {
			at = time.Now()
		}
		last.Queue(setCaseSlack, caseIDs[i], r.SlackChannel, r.SlackTS, at.UTC())
	}
	return p.commit(ctx, last)
}

// finishRows reads the case IDs the finishOutbox updates returned; an item
// no longer leased by owner is a conflict.
func finishRows(br pgx.BatchResults, owner string, results []consult.OutboxResult) (ids []int64, err error) {
	defer func() {
		if cerr := br.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	ids = make([]int64, len(results))
	for i, r := range results {
		err := br.QueryRow().Scan(&ids[i])
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("outbox item %d is not leased by %s: %w", r.ID, owner, consult.ErrConflict)
		}
		if err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// OutboxDepth counts pending items per kind.
func (db *DB) OutboxDepth(ctx context.Context) (map[consult.OutboxKind]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT kind, count(*) FROM outbox WHERE state = 'pending' GROUP BY kind`)
	if err != nil {
		return nil, fmt.Errorf("outbox depth: %w", wrapErr(err))
	}
	defer rows.Close()
	out := map[consult.OutboxKind]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("outbox depth: %w", wrapErr(err))
		}
		out[consult.OutboxKind(k)] = n
	}
	return out, wrapErr(rows.Err())
}
