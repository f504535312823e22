package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

const selectCases = `
SELECT id, resident, channel, status, urgency, crisis, for_whom, summary, contact, triage, dv_safe,
	out_of_hours, created_at, notified_at, claimed_at, claimed_by, closed_at, closed_by, referred_to,
	slack_channel, slack_ts, escalated_at, follow_up_at, follow_up_answer, updated_at
FROM cases`

// querier is what both a pool and a transaction offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanner is a row or rows.
type scanner interface{ Scan(dest ...any) error }

func queryCases(ctx context.Context, q querier, query string, args ...any) ([]consult.Case, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

func scanCase(row scanner) (consult.Case, error) {
	var c consult.Case
	var channel, status, urgency, crisis, forWhom, referred, contact, triage string
	var dv, ooh int
	var created, updated int64
	var notified, claimed, closed, escalated, followUp sql.NullInt64
	err := row.Scan(&c.ID, &c.Resident, &channel, &status, &urgency, &crisis, &forWhom, &c.Summary, &contact,
		&triage, &dv, &ooh, &created, &notified, &claimed, &c.ClaimedBy, &closed, &c.ClosedBy,
		&referred, &c.SlackChannel, &c.SlackTS, &escalated, &followUp, &c.FollowUpAnswer, &updated)
	if err != nil {
		return c, err
	}
	c.Channel, c.Status, c.Urgency = consult.Channel(channel), consult.CaseStatus(status), consult.Urgency(urgency)
	c.Crisis, c.ForWhom, c.ReferredTo = consult.Crisis(crisis), consult.Subject(forWhom), consult.Channel(referred)
	c.DVSafe, c.OutOfHours = dv == 1, ooh == 1
	c.NotifiedAt, c.ClaimedAt, c.ClosedAt = fromMS(notified), fromMS(claimed), fromMS(closed)
	c.EscalatedAt, c.FollowUpAt = fromMS(escalated), fromMS(followUp)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	if err := json.Unmarshal([]byte(contact), &c.Contact); err != nil {
		return c, fmt.Errorf("decode case contact: %w", err)
	}
	if err := json.Unmarshal([]byte(triage), &c.Triage); err != nil {
		return c, fmt.Errorf("decode case triage: %w", err)
	}
	return c, nil
}

// upsertCase: see the PostgreSQL store for the rules on Slack fields.
const upsertCase = `
INSERT INTO cases (id, resident, channel, status, urgency, crisis, for_whom, summary, contact, triage,
	dv_safe, out_of_hours, created_at, notified_at, claimed_at, claimed_by, closed_at, closed_by,
	referred_to, slack_channel, slack_ts, escalated_at, follow_up_at, follow_up_answer, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
	?22, ?23, ?24, ?25)
ON CONFLICT (id) DO UPDATE SET channel = ?3, status = ?4, urgency = ?5, crisis = ?6, for_whom = ?7,
	summary = ?8, contact = ?9, triage = ?10, dv_safe = ?11, out_of_hours = ?12,
	notified_at = coalesce(cases.notified_at, ?14), claimed_at = ?15, claimed_by = ?16,
	closed_at = ?17, closed_by = ?18, referred_to = ?19,
	slack_channel = CASE WHEN ?20 = '' THEN cases.slack_channel ELSE ?20 END,
	slack_ts = CASE WHEN ?21 = '' THEN cases.slack_ts ELSE ?21 END,
	escalated_at = ?22, follow_up_at = ?23, follow_up_answer = ?24, updated_at = ?25`

func saveCase(ctx context.Context, tx *wtx, c consult.Case, now time.Time) error {
	if c.ID == 0 {
		return fmt.Errorf("case without id: %w", consult.ErrInvalid)
	}
	contact, err := json.Marshal(c.Contact)
	if err != nil {
		return fmt.Errorf("encode case contact: %w", err)
	}
	triage, err := json.Marshal(c.Triage)
	if err != nil {
		return fmt.Errorf("encode case triage: %w", err)
	}
	created := c.CreatedAt
	if created.IsZero() {
		created = now
	}
	_, err = tx.ExecContext(ctx, upsertCase, c.ID, c.Resident, string(c.Channel), string(c.Status), string(c.Urgency),
		string(c.Crisis), string(c.ForWhom), c.Summary, string(contact), string(triage), b2i(c.DVSafe),
		b2i(c.OutOfHours), msOf(created), ms(c.NotifiedAt), ms(c.ClaimedAt), c.ClaimedBy, ms(c.ClosedAt),
		c.ClosedBy, string(c.ReferredTo), c.SlackChannel, c.SlackTS, ms(c.EscalatedAt), ms(c.FollowUpAt),
		c.FollowUpAnswer, msOf(now))
	if err != nil {
		return fmt.Errorf("save case: %w", err)
	}
	return nil
}

const insertCaseEvent = `INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`

func addCaseEvent(ctx context.Context, tx *wtx, ev consult.CaseEvent, now time.Time) error {
	at := ev.At
	if at.IsZero() {
		at = now
	}
	if _, err := tx.ExecContext(ctx, insertCaseEvent, ev.CaseID, msOf(at), ev.Actor, ev.Action, ev.Detail); err != nil {
		return fmt.Errorf("save case event: %w", err)
	}
	return nil
}
