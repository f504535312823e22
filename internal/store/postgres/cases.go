package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

const selectCases = `
SELECT id, resident, channel, status, urgency, crisis, for_whom, summary, contact, triage, dv_safe,
	out_of_hours, created_at, notified_at, claimed_at, claimed_by, closed_at, closed_by, referred_to,
	slack_channel, slack_ts, escalated_at, follow_up_at, follow_up_answer, updated_at
FROM cases`

// querier is what both a pool and a transaction offer.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func queryCases(ctx context.Context, q querier, sql string, args ...any) ([]consult.Case, error) {
	return casesFrom(q.Query(ctx, sql, args...))
}

// casesFrom reads the rows of a selectCases query.
func casesFrom(rows pgx.Rows, err error) ([]consult.Case, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []consult.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCase(row pgx.Row) (consult.Case, error) {
	var c consult.Case
	var channel, status, urgency, crisis, forWhom, referred string
	var contact, triage []byte
	var notified, claimed, closed, escalated, followUp *time.Time
	err := row.Scan(&c.ID, &c.Resident, &channel, &status, &urgency, &crisis, &forWhom, &c.Summary, &contact,
		&triage, &c.DVSafe, &c.OutOfHours, &c.CreatedAt, &notified, &claimed, &c.ClaimedBy, &closed, &c.ClosedBy,
		&referred, &c.SlackChannel, &c.SlackTS, &escalated, &followUp, &c.FollowUpAnswer, &c.UpdatedAt)
	if err != nil {
		return c, err
	}
	c.Channel, c.Status, c.Urgency = consult.Channel(channel), consult.CaseStatus(status), consult.Urgency(urgency)
	c.Crisis, c.ForWhom, c.ReferredTo = consult.Crisis(crisis), consult.Subject(forWhom), consult.Channel(referred)
	c.NotifiedAt, c.ClaimedAt, c.ClosedAt = fromTS(notified), fromTS(claimed), fromTS(closed)
	c.EscalatedAt, c.FollowUpAt = fromTS(escalated), fromTS(followUp)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := json.Unmarshal(contact, &c.Contact); err != nil {
		return c, fmt.Errorf("decode case contact: %w", err)
	}
	if err := json.Unmarshal(triage, &c.Triage); err != nil {
		return c, fmt.Errorf("decode case triage: %w", err)
	}
	return c, nil
}

// upsertCase inserts a case or updates its mutable fields. Slack thread
// fields and the first notification time are never overwritten with
// "unset", because the outbox fills them in outside the resident's lock.
const upsertCase = `
INSERT INTO cases (id, resident, channel, status, urgency, crisis, for_whom, summary, contact, triage,
	dv_safe, out_of_hours, created_at, notified_at, claimed_at, claimed_by, closed_at, closed_by,
	referred_to, slack_channel, slack_ts, escalated_at, follow_up_at, follow_up_answer, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
	$22, $23, $24, $25)
ON CONFLICT (id) DO UPDATE SET channel = $3, status = $4, urgency = $5, crisis = $6, for_whom = $7,
	summary = $8, contact = $9, triage = $10, dv_safe = $11, out_of_hours = $12,
	notified_at = coalesce(cases.notified_at, $14), claimed_at = $15, claimed_by = $16,
	closed_at = $17, closed_by = $18, referred_to = $19,
	slack_channel = CASE WHEN $20 = '' THEN cases.slack_channel ELSE $20 END,
	slack_ts = CASE WHEN $21 = '' THEN cases.slack_ts ELSE $21 END,
	escalated_at = $22, follow_up_at = $23, follow_up_answer = $24, updated_at = $25`

func caseArgs(c consult.Case, now time.Time) ([]any, error) {
	contact, err := json.Marshal(c.Contact)
	if err != nil {
		return nil, fmt.Errorf("encode case contact: %w", err)
	}
	triage, err := json.Marshal(c.Triage)
	if err != nil {
		return nil, fmt.Errorf("encode case triage: %w", err)
	}
	created := c.CreatedAt
	if created.IsZero() {
		created = now
	}
	return []any{c.ID, c.Resident, string(c.Channel), string(c.Status), string(c.Urgency), string(c.Crisis),
		string(c.ForWhom), c.Summary, contact, triage, c.DVSafe, c.OutOfHours, created.UTC(), ts(c.NotifiedAt),
		ts(c.ClaimedAt), c.ClaimedBy, ts(c.ClosedAt), c.ClosedBy, string(c.ReferredTo), c.SlackChannel,
		c.SlackTS, ts(c.EscalatedAt), ts(c.FollowUpAt), c.FollowUpAnswer, now}, nil
}

func queueCase(b *pgx.Batch, c consult.Case, now time.Time) error {
	if c.ID == 0 {
		return fmt.Errorf("case without id: %w", consult.ErrInvalid)
	}
	args, err := caseArgs(c, now)
	if err != nil {
		return err
	}
	b.Queue(upsertCase, args...)
	return nil
}

const insertCaseEvent = `INSERT INTO case_events (case_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`

func queueCaseEvent(b *pgx.Batch, ev consult.CaseEvent, now time.Time) {
	at := ev.At
	if at.IsZero() {
		at = now
	}
	b.Queue(insertCaseEvent, ev.CaseID, at.UTC(), ev.Actor, ev.Action, ev.Detail)
}
