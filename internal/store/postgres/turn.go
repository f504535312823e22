package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

// lockResident serialises turns of one resident across connections and
// replicas for the rest of the transaction.
const lockResident = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`

const nextEvent = `
SELECT id, resident, source, type, standby, ts, reply_token, redelivery, message_type, body, unblocked, received_at
FROM inbound_events WHERE resident = $1 AND processed_at IS NULL ORDER BY ts, id LIMIT 1`

const selectResident = `
SELECT id, followed_at, blocked_at, last_event_at, dv_safe, created_at FROM residents WHERE id = $1`

const selectSession = `
SELECT resident, flow, step, vars, version, updated_at FROM sessions WHERE resident = $1`

// Turn runs one resident turn in one transaction (see bot.Store).
func (db *DB) Turn(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (bool, error) {
	found := false
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockResident, resident); err != nil {
			return err
		}
		in, ok, err := loadTurn(ctx, tx, resident)
		if err != nil || !ok {
			return err
		}
		found = true
		out, err := fn(in)
		if err != nil {
			return err
		}
		return writeTurn(ctx, tx, in, out)
	})
	if err != nil {
		return false, fmt.Errorf("turn: %w", wrapErr(err))
	}
	return found, nil
}

func loadTurn(ctx context.Context, tx pgx.Tx, resident string) (consult.TurnInput, bool, error) {
	var in consult.TurnInput
	e := &in.Event
	var body, source, typ string
	err := tx.QueryRow(ctx, nextEvent, resident).Scan(&e.ID, &e.Resident, &source, &typ, &e.Standby, &e.Timestamp,
		&e.ReplyToken, &e.Redelivery, &e.MessageType, &body, &e.Unblocked, &e.ReceivedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return in, false, nil
	}
	if err != nil {
		return in, false, fmt.Errorf("next event: %w", err)
	}
	e.Source, e.Type = consult.SourceKind(source), consult.EventType(typ)
	e.Timestamp, e.ReceivedAt = e.Timestamp.UTC(), e.ReceivedAt.UTC()
	if e.Type == consult.EventPostback {
		e.PostbackData = body
	} else {
		e.Text = body
	}

	r, err := scanResident(tx.QueryRow(ctx, selectResident, resident))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		in.Resident = consult.Resident{ID: resident}
	case err != nil:
		return in, false, fmt.Errorf("load resident: %w", err)
	default:
		in.Resident, in.Known = r, true
	}

	s := &in.Session
	var vars []byte
	err = tx.QueryRow(ctx, selectSession, resident).Scan(&s.Resident, &s.Flow, &s.Step, &vars, &s.Version, &s.UpdatedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		in.Session = consult.Session{Resident: resident, Vars: map[string]string{}}
	case err != nil:
		return in, false, fmt.Errorf("load session: %w", err)
	default:
		s.UpdatedAt = s.UpdatedAt.UTC()
		if err := json.Unmarshal(vars, &s.Vars); err != nil {
			return in, false, fmt.Errorf("decode session vars: %w", err)
		}
		if s.Vars == nil {
			s.Vars = map[string]string{}
		}
	}

	in.OpenCases, err = queryCases(ctx, tx, selectCases+` WHERE resident = $1 AND status IN ('new', 'claimed') ORDER BY id`, resident)
	if err != nil {
		return in, false, fmt.Errorf("load open cases: %w", err)
	}
	in.RecentClosed, err = queryCases(ctx, tx, selectCases+` WHERE resident = $1 AND status NOT IN ('new', 'claimed') ORDER BY closed_at DESC, id DESC LIMIT 10`, resident)
	if err != nil {
		return in, false, fmt.Errorf("load closed cases: %w", err)
	}
	return in, true, nil
}

func scanResident(row pgx.Row) (consult.Resident, error) {
	var r consult.Resident
	var followed, blocked, last *time.Time
	err := row.Scan(&r.ID, &followed, &blocked, &last, &r.DVSafe, &r.CreatedAt)
	r.FollowedAt, r.BlockedAt, r.LastEventAt = fromTS(followed), fromTS(blocked), fromTS(last)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

const upsertResident = `
INSERT INTO residents (id, followed_at, blocked_at, last_event_at, dv_safe, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET followed_at = $2, blocked_at = $3, last_event_at = $4, dv_safe = $5`

const upsertSession = `
INSERT INTO sessions (resident, flow, step, vars, version, updated_at) VALUES ($1, $2, $3, $4, 1, $5)
ON CONFLICT (resident) DO UPDATE SET flow = $2, step = $3, vars = $4, version = sessions.version + 1, updated_at = $5`

const insertMessage = `
INSERT INTO messages (resident, case_id, direction, body, out, author, event_id, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

const cancelPushes = `
UPDATE outbox SET state = 'cancelled', done_at = $2, last_error = 'resident blocked the account'
WHERE okey = $1 AND state = 'pending'`

const markProcessed = `UPDATE inbound_events SET processed_at = $2, outcome = 'done', body = '' WHERE id = $1`

func writeTurn(ctx context.Context, tx pgx.Tx, in consult.TurnInput, out consult.TurnOutput) error {
	now := time.Now().UTC()
	b := &pgx.Batch{}
	r := out.Resident
	if r.ID == "" {
		r = in.Resident
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	b.Queue(upsertResident, r.ID, ts(r.FollowedAt), ts(r.BlockedAt), ts(r.LastEventAt), r.DVSafe, r.CreatedAt.UTC())
	if out.Session.Resident != "" {
		vars, err := json.Marshal(out.Session.Vars)
		if err != nil {
			return fmt.Errorf("encode session vars: %w", err)
		}
		upd := out.Session.UpdatedAt
		if upd.IsZero() {
			upd = now
		}
		b.Queue(upsertSession, out.Session.Resident, out.Session.Flow, out.Session.Step, vars, upd.UTC())
	}
	for _, m := range out.Transcript {
		if err := queueMessage(b, m, now); err != nil {
			return err
		}
	}
	for _, c := range out.Cases {
		if err := queueCase(b, c, now); err != nil {
			return err
		}
	}
	for _, ev := range out.CaseEvents {
		queueCaseEvent(b, ev, now)
	}
	if out.CancelPushes {
		b.Queue(cancelPushes, lineKey(r.ID), now)
	}
	for _, o := range out.Outbox {
		if err := queueOutbox(b, o, now); err != nil {
			return err
		}
	}
	b.Queue(markProcessed, in.Event.ID, now)
	return tx.SendBatch(ctx, b).Close()
}

func queueMessage(b *pgx.Batch, m consult.Message, now time.Time) error {
	var outJSON []byte
	if m.Out != nil {
		var err error
		if outJSON, err = json.Marshal(m.Out); err != nil {
			return fmt.Errorf("encode message: %w", err)
		}
	}
	at := m.At
	if at.IsZero() {
		at = now
	}
	b.Queue(insertMessage, m.Resident, nullID(m.CaseID), string(m.Direction), m.Text, outJSON, m.Author, m.EventID, at.UTC())
	return nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
