package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

const insertOutbox = `
INSERT INTO outbox (kind, okey, resident, case_id, reply_token, event_at, retry_key, payload, state,
	next_at, prompted, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9, ?10, ?9)`

func enqueue(ctx context.Context, tx *wtx, o consult.OutboxItem, now time.Time) error {
	if len(o.Payload) == 0 {
		return fmt.Errorf("outbox item without payload: %w", consult.ErrInvalid)
	}
	next := o.NextAt
	if next.IsZero() {
		next = now
	}
	if _, err := tx.ExecContext(ctx, insertOutbox, string(o.Kind), o.OrderKey(), o.Resident, nullID(o.CaseID),
		o.ReplyToken, ms(o.EventAt), o.RetryKey, string(o.Payload), msOf(next), b2i(o.Prompted)); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}

// claimOutbox leases due items that are first in their order key.
const claimOutbox = `
UPDATE outbox SET lease_owner = ?1, lease_until = ?2, attempts = attempts + 1
WHERE id IN (
	SELECT o.id FROM outbox o
	WHERE o.state = 'pending' AND o.kind IN (%s) AND o.next_at <= ?3
		AND (o.lease_until IS NULL OR o.lease_until < ?3)
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.okey = o.okey AND p.state = 'pending' AND p.id < o.id)
	ORDER BY o.next_at, o.id
	LIMIT ?4)
RETURNING id, kind, resident, coalesce(case_id, 0), reply_token, event_at, retry_key, payload, state, attempts,
	recorded, next_at, last_error, reply_unsure, prompted, created_at`

// claimFor is claimOutbox for n kinds (?5 … ?(4+n)).
func claimFor(n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = fmt.Sprintf("?%d", 5+i)
	}
	return fmt.Sprintf(claimOutbox, strings.Join(marks, ", "))
}

// ClaimOutbox leases deliverable items (see bot.Store).
func (db *DB) ClaimOutbox(ctx context.Context, kinds []consult.OutboxKind, owner string, now time.Time, lease time.Duration, limit int) ([]consult.OutboxItem, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{owner, msOf(now.Add(lease)), msOf(now), limit}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	var out []consult.OutboxItem
	err := db.inTx(ctx, func(tx *wtx) error {
		rows, err := tx.QueryContext(ctx, claimFor(len(kinds)), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o consult.OutboxItem
			var kind, state, payload string
			var eventAt sql.NullInt64
			var next, created int64
			var unsure, prompted int
			if err := rows.Scan(&o.ID, &kind, &o.Resident, &o.CaseID, &o.ReplyToken, &eventAt, &o.RetryKey, &payload,
				&state, &o.Attempts, &o.Recorded, &next, &o.LastError, &unsure, &prompted, &created); err != nil {
				return err
			}
			o.Kind, o.State, o.EventAt, o.Payload = consult.OutboxKind(kind), consult.OutboxState(state), fromMS(eventAt), []byte(payload)
			o.NextAt, o.CreatedAt = time.UnixMilli(next).UTC(), time.UnixMilli(created).UTC()
			o.ReplyUnsure, o.Prompted = unsure == 1, prompted == 1
			out = append(out, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", wrapErr(err))
	}
	// RETURNING gives no order guarantee.
	sortItems(out)
	return out, nil
}

const finishOutbox = `
UPDATE outbox SET state = ?3, next_at = ?4, recorded = recorded + 1, last_error = ?5, reply_token = ?6, reply_unsure = ?7,
	lease_owner = '', lease_until = NULL, done_at = CASE WHEN ?3 = 'pending' THEN NULL ELSE ?8 END
WHERE id = ?1 AND lease_owner = ?2
RETURNING coalesce(case_id, 0)`

const setCaseSlack = `
UPDATE cases SET slack_channel = ?2, slack_ts = ?3, notified_at = coalesce(notified_at, ?4), updated_at = ?4
WHERE id = ?1`

// FinishOutbox records delivery outcomes in one transaction (see bot.Store).
func (db *DB) FinishOutbox(ctx context.Context, owner string, results ...consult.OutboxResult) error {
	if len(results) == 0 {
		return nil
	}
	err := db.inTx(ctx, func(tx *wtx) error {
		for _, r := range results {
			at := r.At
			if at.IsZero() {
				at = time.Now()
			}
			next := r.NextAt
			if next.IsZero() {
				next = at
			}
			var caseID int64
			err := tx.QueryRowContext(ctx, finishOutbox, r.ID, owner, string(r.State), msOf(next), r.Error,
				r.ReplyToken, b2i(r.ReplyUnsure), msOf(at)).Scan(&caseID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("outbox item %d is not leased by %s: %w", r.ID, owner, consult.ErrConflict)
			}
			if err != nil {
				return err
			}
			if r.SlackTS != "" && caseID != 0 {
				if _, err := tx.ExecContext(ctx, setCaseSlack, caseID, r.SlackChannel, r.SlackTS, msOf(at)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish outbox: %w", wrapErr(err))
	}
	return nil
}

// OutboxDepth counts pending items per kind.
func (db *DB) OutboxDepth(ctx context.Context) (map[consult.OutboxKind]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT kind, count(*) FROM outbox WHERE state = 'pending' GROUP BY kind`)
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

func sortItems(items []consult.OutboxItem) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && less(items[j], items[j-1]); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

func less(a, b consult.OutboxItem) bool {
	if !a.NextAt.Equal(b.NextAt) {
		return a.NextAt.Before(b.NextAt)
	}
	return a.ID < b.ID
}
