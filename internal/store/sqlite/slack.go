package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// slackEventTTL is how long Slack event IDs are remembered: Slack retries a
// delivery for about an hour.
const slackEventTTL = 72 * time.Hour

// unclaimedLimit bounds one timer query; the rest come on the next tick.
const unclaimedLimit = 100

const caseBySlackThread = selectCases + `
WHERE id = coalesce(
	(SELECT id FROM cases WHERE slack_channel = ?1 AND slack_ts = ?2 AND slack_ts <> '' LIMIT 1),
	(SELECT case_id FROM slack_messages WHERE channel = ?1 AND ts = ?2))`

// CaseBySlackThread returns the case whose main Slack message, or one of
// its copies, is (channel, ts); consult.ErrNotFound when none is.
func (db *DB) CaseBySlackThread(ctx context.Context, channel, ts string) (consult.Case, error) {
	c, err := scanCase(db.r.QueryRowContext(ctx, caseBySlackThread, channel, ts))
	if err != nil {
		return c, fmt.Errorf("case by slack thread: %w", wrapErr(err))
	}
	return c, nil
}

const unclaimedEmergencies = selectCases + `
WHERE status = 'new' AND urgency = 'emergency' AND escalated_at IS NULL AND created_at <= ?1
ORDER BY created_at, id LIMIT ?2`

// UnclaimedEmergencies lists emergencies made at or before olderThan that
// nobody has claimed and that were not escalated yet, oldest first.
func (db *DB) UnclaimedEmergencies(ctx context.Context, olderThan time.Time) ([]consult.Case, error) {
	cs, err := queryCases(ctx, db.r, unclaimedEmergencies, msOf(olderThan), unclaimedLimit)
	if err != nil {
		return nil, fmt.Errorf("unclaimed emergencies: %w", wrapErr(err))
	}
	return cs, nil
}

const unclaimedSince = selectCases + `
WHERE status = 'new' AND reminded_at IS NULL AND created_at < ?1
ORDER BY created_at, id LIMIT ?2`

// UnclaimedSince lists cases made before the given time that nobody has
// claimed and that were not reminded yet, oldest first.
func (db *DB) UnclaimedSince(ctx context.Context, before time.Time) ([]consult.Case, error) {
	cs, err := queryCases(ctx, db.r, unclaimedSince, msOf(before), unclaimedLimit)
	if err != nil {
		return nil, fmt.Errorf("unclaimed cases: %w", wrapErr(err))
	}
	return cs, nil
}

const markReminded = `UPDATE cases SET reminded_at = ?2 WHERE id = ?1 AND reminded_at IS NULL AND status = 'new'`

// MarkReminded records that an unclaimed case was reminded and queues the
// reminder, in one transaction. It reports false, writing nothing, when the
// case was reminded already or is no longer unclaimed.
func (db *DB) MarkReminded(ctx context.Context, id int64, at time.Time, item consult.OutboxItem) (bool, error) {
	var marked bool
	err := db.inTx(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, markReminded, id, msOf(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		marked = true
		return enqueue(ctx, tx, item, at.UTC())
	})
	if err != nil {
		return false, fmt.Errorf("mark case %d reminded: %w", id, wrapErr(err))
	}
	return marked, nil
}

const addSlackMessage = `
INSERT INTO slack_messages (channel, ts, case_id, kind, created_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (channel, ts) DO NOTHING`

// AddSlackMessage remembers a further Slack message of a case; adding the
// same message again changes nothing.
func (db *DB) AddSlackMessage(ctx context.Context, m consult.SlackMessage) error {
	at := m.At
	if at.IsZero() {
		at = time.Now()
	}
	err := db.inTx(ctx, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, addSlackMessage, m.Channel, m.TS, m.CaseID, m.Kind, msOf(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("add slack message: %w", wrapErr(err))
	}
	return nil
}

// SlackMessages lists the further Slack messages of a case, oldest first.
func (db *DB) SlackMessages(ctx context.Context, caseID int64) ([]consult.SlackMessage, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT channel, ts, case_id, kind, created_at FROM slack_messages
		WHERE case_id = ? ORDER BY created_at, ts`, caseID)
	if err != nil {
		return nil, fmt.Errorf("slack messages: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.SlackMessage
	for rows.Next() {
		var m consult.SlackMessage
		var at int64
		if err := rows.Scan(&m.Channel, &m.TS, &m.CaseID, &m.Kind, &at); err != nil {
			return nil, fmt.Errorf("slack messages: %w", wrapErr(err))
		}
		m.At = time.UnixMilli(at).UTC()
		out = append(out, m)
	}
	return out, wrapErr(rows.Err())
}

// MarkSlackEvent records a Slack Events API event ID. It reports false when
// the ID was recorded before (a retried delivery). IDs older than three
// days are forgotten.
func (db *DB) MarkSlackEvent(ctx context.Context, id string, at time.Time) (bool, error) {
	if id == "" {
		return false, fmt.Errorf("slack event without id: %w", consult.ErrInvalid)
	}
	var first bool
	err := db.inTx(ctx, func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM slack_events WHERE received_at < ?`, msOf(at.Add(-slackEventTTL))); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO slack_events (id, received_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, id, msOf(at))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark slack event: %w", wrapErr(err))
	}
	return first, nil
}
