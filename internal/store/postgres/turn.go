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

// nextEvent reads the resident's next two pending events: the second only
// tells whether another turn will be needed.
const nextEvent = `
SELECT id, resident, source, type, standby, ts, reply_token, redelivery, message_type, body, unblocked, received_at
FROM inbound_events WHERE resident = $1 AND processed_at IS NULL ORDER BY ts, id LIMIT 2`

const selectResident = `
SELECT id, followed_at, blocked_at, last_event_at, dv_safe, created_at FROM residents WHERE id = $1`

const selectSession = `
SELECT resident, flow, step, vars, version, updated_at FROM sessions WHERE resident = $1`

const (
	openCasesOf   = ` WHERE resident = $1 AND status IN ('new', 'claimed') ORDER BY id`
	closedCasesOf = ` WHERE resident = $1 AND status NOT IN ('new', 'claimed') ORDER BY closed_at DESC, id DESC LIMIT 10`
)

// Turn runs one resident turn in one transaction (see bot.Store).
func (db *DB) Turn(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (bool, error) {
	found, _, err := db.TurnMore(ctx, resident, fn)
	return found, err
}

// TurnMore is Turn that also reports whether the resident has another
// event pending, which saves the processor a transaction that would find
// nothing. The transaction takes two round trips: BEGIN, the lock and every
// read; then every write and COMMIT.
func (db *DB) TurnMore(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (found, more bool, err error) {
	defer func() {
		if err != nil {
			found, more, err = false, false, fmt.Errorf("turn: %w", wrapErr(err))
		}
	}()
	p, err := db.beginPipe(ctx)
	if err != nil {
		return false, false, err
	}
	defer p.end(ctx)
	in, found, more, err := loadTurn(ctx, p, resident)
	if err != nil || !found {
		return false, false, err
	}
	out, err := fn(in)
	if err != nil {
		return false, false, err
	}
	b, err := turnWrites(in, out)
	if err != nil {
		return false, false, err
	}
	if err := p.commit(ctx, b); err != nil {
		return false, false, err
	}
	return true, more, nil
}

// loadTurn begins the transaction, takes the resident's lock and reads what
// a turn needs, in one batch: lock, next events, resident, session, open and
// recent cases.
func loadTurn(ctx context.Context, p *pipeTx, resident string) (in consult.TurnInput, found, more bool, err error) {
	b := &pgx.Batch{}
	b.Queue(lockResident, resident)
	b.Queue(nextEvent, resident)
	b.Queue(selectResident, resident)
	b.Queue(selectSession, resident)
	b.Queue(selectCases+openCasesOf, resident)
	b.Queue(selectCases+closedCasesOf, resident)
	br, err := p.first(ctx, b)
	if err != nil {
		return in, false, false, fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if cerr := br.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if _, err := br.Exec(); err != nil {
		return in, false, false, fmt.Errorf("lock resident: %w", err)
	}
	n, err := scanEvents(br, &in.Event)
	if err != nil || n == 0 {
		return in, false, false, err
	}
	more = n > 1

	r, err := scanResident(br.QueryRow())
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		in.Resident = consult.Resident{ID: resident}
	case err != nil:
		return in, false, false, fmt.Errorf("load resident: %w", err)
	default:
		in.Resident, in.Known = r, true
	}

	s := &in.Session
	var vars []byte
	err = br.QueryRow().Scan(&s.Resident, &s.Flow, &s.Step, &vars, &s.Version, &s.UpdatedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		in.Session = consult.Session{Resident: resident, Vars: map[string]string{}}
	case err != nil:
		return in, false, false, fmt.Errorf("load session: %w", err)
	default:
		s.UpdatedAt = s.UpdatedAt.UTC()
		if err := json.Unmarshal(vars, &s.Vars); err != nil {
			return in, false, false, fmt.Errorf("decode session vars: %w", err)
		}
		if s.Vars == nil {
			s.Vars = map[string]string{}
		}
	}

	if in.OpenCases, err = casesFrom(br.Query()); err != nil {
		return in, false, false, fmt.Errorf("load open cases: %w", err)
	}
	if in.RecentClosed, err = casesFrom(br.Query()); err != nil {
		return in, false, false, fmt.Errorf("load closed cases: %w", err)
	}
	return in, true, more, nil
}

// scanEvents reads the first pending event into e and counts the rows (at
// most two).
func scanEvents(br pgx.BatchResults, e *consult.InboundEvent) (int, error) {
	rows, err := br.Query()
	if err != nil {
		return 0, fmt.Errorf("next event: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if n > 1 {
			continue
		}
		var body, source, typ string
		if err := rows.Scan(&e.ID, &e.Resident, &source, &typ, &e.Standby, &e.Timestamp,
			&e.ReplyToken, &e.Redelivery, &e.MessageType, &body, &e.Unblocked, &e.ReceivedAt); err != nil {
			return 0, fmt.Errorf("next event: %w", err)
		}
		e.Source, e.Type = consult.SourceKind(source), consult.EventType(typ)
		e.Timestamp, e.ReceivedAt = e.Timestamp.UTC(), e.ReceivedAt.UTC()
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

// insertMessages adds transcript lines in one statement, in order.
const insertMessages = `
INSERT INTO messages (resident, case_id, direction, body, out, author, event_id, at)
SELECT r, c, d, b, o::jsonb, a, e, t
FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
	WITH ORDINALITY AS u(r, c, d, b, o, a, e, t, n)
ORDER BY n`

const cancelPushes = `
UPDATE outbox SET state = 'cancelled', done_at = $2, last_error = 'resident blocked the account'
WHERE okey = $1 AND state = 'pending'`

const markProcessed = `UPDATE inbound_events SET processed_at = $2, outcome = 'done', body = '' WHERE id = $1`

// turnWrites is every write of a turn, as one batch; an unchanged resident
// is not written again.
func turnWrites(in consult.TurnInput, out consult.TurnOutput) (*pgx.Batch, error) {
	now := time.Now().UTC()
	b := &pgx.Batch{}
	r := out.Resident
	if r.ID == "" {
		r = in.Resident
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	if !in.Known || r != in.Resident {
		b.Queue(upsertResident, r.ID, ts(r.FollowedAt), ts(r.BlockedAt), ts(r.LastEventAt), r.DVSafe, r.CreatedAt.UTC())
	}
	if out.Session.Resident != "" {
		vars, err := json.Marshal(out.Session.Vars)
		if err != nil {
			return nil, fmt.Errorf("encode session vars: %w", err)
		}
		upd := out.Session.UpdatedAt
		if upd.IsZero() {
			upd = now
		}
		b.Queue(upsertSession, out.Session.Resident, out.Session.Flow, out.Session.Step, vars, upd.UTC())
	}
	if err := queueMessages(b, out.Transcript, now); err != nil {
		return nil, err
	}
	for _, c := range out.Cases {
		if err := queueCase(b, c, now); err != nil {
			return nil, err
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
			return nil, err
		}
	}
	b.Queue(markProcessed, in.Event.ID, now)
	return b, nil
}

// queueMessages queues one insert of every transcript line in msgs.
func queueMessages(b *pgx.Batch, msgs []consult.Message, now time.Time) error {
	if len(msgs) == 0 {
		return nil
	}
	n := len(msgs)
	var (
		residents, dirs, bodies, authors, events = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		cases                                    = make([]*int64, n)
		outs                                     = make([]*string, n)
		ats                                      = make([]time.Time, n)
	)
	for i, m := range msgs {
		if m.Out != nil {
			j, err := json.Marshal(m.Out)
			if err != nil {
				return fmt.Errorf("encode message: %w", err)
			}
			s := string(j)
			outs[i] = &s
		}
		at := m.At
		if at.IsZero() {
			at = now
		}
		residents[i], cases[i], dirs[i], bodies[i] = m.Resident, nullID(m.CaseID), string(m.Direction), m.Text
		authors[i], events[i], ats[i] = m.Author, m.EventID, at.UTC()
	}
	b.Queue(insertMessages, residents, cases, dirs, bodies, outs, authors, events, ats)
	return nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
