package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// nextEvent reads the resident's next two pending events: the second only
// tells whether another turn will be needed.
const nextEvent = `
SELECT id, resident, source, type, standby, ts, reply_token, redelivery, message_type, body, unblocked, received_at
FROM inbound_events WHERE resident = ? AND processed_at IS NULL ORDER BY ts, id LIMIT 2`

const selectResident = `
SELECT id, followed_at, blocked_at, last_event_at, dv_safe, created_at FROM residents WHERE id = ?`

const selectSession = `
SELECT resident, flow, step, vars, version, updated_at FROM sessions WHERE resident = ?`

const (
	openCasesOf   = ` WHERE resident = ? AND status IN ('new', 'claimed') ORDER BY id`
	closedCasesOf = ` WHERE resident = ? AND status NOT IN ('new', 'claimed') ORDER BY closed_at DESC, id DESC LIMIT 10`
)

// Turn runs one resident turn in one write transaction (see bot.Store).
func (db *DB) Turn(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (bool, error) {
	found, _, err := db.TurnMore(ctx, resident, fn)
	return found, err
}

// TurnMore is Turn that also reports whether the resident has another
// event pending, which saves the processor a transaction that would find
// nothing (and hold the single writer meanwhile). The single writer
// connection serialises turns, so no further lock is needed.
func (db *DB) TurnMore(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (found, more bool, err error) {
	err = db.inTx(ctx, func(tx *wtx) error {
		in, ok, m, err := loadTurn(ctx, tx, resident)
		if err != nil || !ok {
			return err
		}
		found, more = true, m
		out, err := fn(in)
		if err != nil {
			return err
		}
		return writeTurn(ctx, tx, in, out)
	})
	if err != nil {
		return false, false, fmt.Errorf("turn: %w", wrapErr(err))
	}
	return found, more, nil
}

func loadTurn(ctx context.Context, tx *wtx, resident string) (in consult.TurnInput, found, more bool, err error) {
	n, err := nextEvents(ctx, tx, resident, &in.Event)
	if err != nil || n == 0 {
		return in, false, false, err
	}
	more = n > 1

	r, err := scanResident(tx.QueryRowContext(ctx, selectResident, resident))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		in.Resident = consult.Resident{ID: resident}
	case err != nil:
		return in, false, false, fmt.Errorf("load resident: %w", err)
	default:
		in.Resident, in.Known = r, true
	}

	s := &in.Session
	var vars string
	var upd int64
	err = tx.QueryRowContext(ctx, selectSession, resident).Scan(&s.Resident, &s.Flow, &s.Step, &vars, &s.Version, &upd)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		in.Session = consult.Session{Resident: resident, Vars: map[string]string{}}
	case err != nil:
		return in, false, false, fmt.Errorf("load session: %w", err)
	default:
		s.UpdatedAt = time.UnixMilli(upd).UTC()
		if err := json.Unmarshal([]byte(vars), &s.Vars); err != nil {
			return in, false, false, fmt.Errorf("decode session vars: %w", err)
		}
		if s.Vars == nil {
			s.Vars = map[string]string{}
		}
	}

	in.OpenCases, err = queryCases(ctx, tx, selectCases+openCasesOf, resident)
	if err != nil {
		return in, false, false, fmt.Errorf("load open cases: %w", err)
	}
	in.RecentClosed, err = queryCases(ctx, tx, selectCases+closedCasesOf, resident)
	if err != nil {
		return in, false, false, fmt.Errorf("load closed cases: %w", err)
	}
	return in, true, more, nil
}

// nextEvents reads the resident's first pending event into e and counts
// the pending events (at most two).
func nextEvents(ctx context.Context, tx *wtx, resident string, e *consult.InboundEvent) (int, error) {
	rows, err := tx.QueryContext(ctx, nextEvent, resident)
	if err != nil {
		return 0, fmt.Errorf("next event: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if n++; n > 1 {
			continue
		}
		var body, source, typ string
		var standby, redeliv, unblocked int
		var tsMS, recvMS int64
		if err := rows.Scan(&e.ID, &e.Resident, &source, &typ, &standby, &tsMS,
			&e.ReplyToken, &redeliv, &e.MessageType, &body, &unblocked, &recvMS); err != nil {
			return 0, fmt.Errorf("next event: %w", err)
		}
		e.Source, e.Type = consult.SourceKind(source), consult.EventType(typ)
		e.Standby, e.Redelivery, e.Unblocked = standby == 1, redeliv == 1, unblocked == 1
		e.Timestamp, e.ReceivedAt = time.UnixMilli(tsMS).UTC(), time.UnixMilli(recvMS).UTC()
		if e.Type == consult.EventPostback {
			e.PostbackData = body
		} else {
			e.Text = body
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("next event: %w", err)
	}
	return n, nil
}

func scanResident(row *sql.Row) (consult.Resident, error) {
	var r consult.Resident
	var followed, blocked, last sql.NullInt64
	var dv int
	var created int64
	err := row.Scan(&r.ID, &followed, &blocked, &last, &dv, &created)
	r.FollowedAt, r.BlockedAt, r.LastEventAt = fromMS(followed), fromMS(blocked), fromMS(last)
	r.DVSafe, r.CreatedAt = dv == 1, time.UnixMilli(created).UTC()
	return r, err
}

const upsertResident = `
INSERT INTO residents (id, followed_at, blocked_at, last_event_at, dv_safe, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (id) DO UPDATE SET followed_at = ?2, blocked_at = ?3, last_event_at = ?4, dv_safe = ?5`

const upsertSession = `
INSERT INTO sessions (resident, flow, step, vars, version, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)
ON CONFLICT (resident) DO UPDATE SET flow = ?2, step = ?3, vars = ?4, version = sessions.version + 1, updated_at = ?5`

const insertMessage = `
INSERT INTO messages (resident, case_id, direction, body, out, author, event_id, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const cancelPushes = `
UPDATE outbox SET state = 'cancelled', done_at = ?2, last_error = 'resident blocked the account'
WHERE okey = ?1 AND state = 'pending'`

const markProcessed = `UPDATE inbound_events SET processed_at = ?2, outcome = 'done', body = '' WHERE id = ?1`

func writeTurn(ctx context.Context, tx *wtx, in consult.TurnInput, out consult.TurnOutput) error {
	now := time.Now().UTC()
	r := out.Resident
	if r.ID == "" {
		r = in.Resident
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	if !in.Known || r != in.Resident {
		if _, err := tx.ExecContext(ctx, upsertResident, r.ID, ms(r.FollowedAt), ms(r.BlockedAt), ms(r.LastEventAt),
			b2i(r.DVSafe), msOf(r.CreatedAt)); err != nil {
			return fmt.Errorf("save resident: %w", err)
		}
	}
	if out.Session.Resident != "" {
		vars, err := json.Marshal(out.Session.Vars)
		if err != nil {
			return fmt.Errorf("encode session vars: %w", err)
		}
		upd := out.Session.UpdatedAt
		if upd.IsZero() {
			upd = now
		}
		if _, err := tx.ExecContext(ctx, upsertSession, out.Session.Resident, out.Session.Flow, out.Session.Step,
			string(vars), msOf(upd)); err != nil {
			return fmt.Errorf("save session: %w", err)
		}
	}
	for _, m := range out.Transcript {
		if err := insertMsg(ctx, tx, m, now); err != nil {
			return err
		}
	}
	for _, c := range out.Cases {
		if err := saveCase(ctx, tx, c, now); err != nil {
			return err
		}
	}
	for _, ev := range out.CaseEvents {
		if err := addCaseEvent(ctx, tx, ev, now); err != nil {
			return err
		}
	}
	if out.CancelPushes {
		if _, err := tx.ExecContext(ctx, cancelPushes, consult.LINEOrderKey(r.ID), msOf(now)); err != nil {
			return fmt.Errorf("cancel pushes: %w", err)
		}
	}
	for _, o := range out.Outbox {
		if err := enqueue(ctx, tx, o, now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, markProcessed, in.Event.ID, msOf(now)); err != nil {
		return fmt.Errorf("mark event processed: %w", err)
	}
	return nil
}

func insertMsg(ctx context.Context, tx *wtx, m consult.Message, now time.Time) error {
	var outJSON *string
	if m.Out != nil {
		b, err := json.Marshal(m.Out)
		if err != nil {
			return fmt.Errorf("encode message: %w", err)
		}
		s := string(b)
		outJSON = &s
	}
	at := m.At
	if at.IsZero() {
		at = now
	}
	if _, err := tx.ExecContext(ctx, insertMessage, m.Resident, nullID(m.CaseID), string(m.Direction), m.Text, outJSON,
		m.Author, m.EventID, msOf(at)); err != nil {
		return fmt.Errorf("save message: %w", err)
	}
	return nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nowMS() int64 { return time.Now().UnixMilli() }
