package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

const insertEvents = `
INSERT INTO inbound_events (id, resident, source, type, standby, ts, reply_token, redelivery,
	message_type, body, unblocked, received_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::timestamptz[],
	$7::text[], $8::bool[], $9::text[], $10::text[], $11::bool[], $12::timestamptz[])
ON CONFLICT (id) DO NOTHING
RETURNING id`

// RecordEvents stores events not seen before in one statement and returns
// the new ones.
func (db *DB) RecordEvents(ctx context.Context, evs []consult.InboundEvent) ([]consult.InboundEvent, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	n := len(evs)
	var (
		ids, residents, sources, types, tokens, mtypes, bodies = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		standby, redeliv, unblocked                            = make([]bool, n), make([]bool, n), make([]bool, n)
		tss, recv                                              = make([]time.Time, n), make([]time.Time, n)
	)
	for i, e := range evs {
		ids[i], residents[i], sources[i], types[i] = e.ID, e.Resident, string(e.Source), string(e.Type)
		standby[i], tss[i], tokens[i], redeliv[i] = e.Standby, e.Timestamp.UTC(), e.ReplyToken, e.Redelivery
		mtypes[i], bodies[i], unblocked[i], recv[i] = e.MessageType, eventBody(e), e.Unblocked, e.ReceivedAt.UTC()
	}
	rows, err := db.pool.Query(ctx, insertEvents, ids, residents, sources, types, standby, tss, tokens, redeliv, mtypes, bodies, unblocked, recv)
	if err != nil {
		return nil, fmt.Errorf("record events: %w", wrapErr(err))
	}
	fresh := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("record events: %w", wrapErr(err))
		}
		fresh[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("record events: %w", wrapErr(err))
	}
	var out []consult.InboundEvent
	for _, e := range evs {
		if fresh[e.ID] {
			out = append(out, e)
			delete(fresh, e.ID) // a duplicate inside one webhook counts once
		}
	}
	return out, nil
}

// eventBody is the one text column of an event: the message text or the
// postback data.
func eventBody(e consult.InboundEvent) string {
	if e.Type == consult.EventPostback {
		return e.PostbackData
	}
	return e.Text
}

const pendingResidents = `
SELECT resident FROM inbound_events WHERE processed_at IS NULL
GROUP BY resident ORDER BY min(received_at) LIMIT $1`

// PendingResidents lists residents with unprocessed events, longest waiting first.
func (db *DB) PendingResidents(ctx context.Context, limit int) ([]string, error) {
	rows, err := db.pool.Query(ctx, pendingResidents, limit)
	if err != nil {
		return nil, fmt.Errorf("pending residents: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("pending residents: %w", wrapErr(err))
		}
		out = append(out, r)
	}
	return out, wrapErr(rows.Err())
}

const skipEvent = `
UPDATE inbound_events SET processed_at = now(), outcome = $2, body = ''
WHERE id = (SELECT id FROM inbound_events WHERE resident = $1 AND processed_at IS NULL ORDER BY ts, id LIMIT 1)
RETURNING id`

// SkipEvent marks the resident's next pending event processed with outcome.
func (db *DB) SkipEvent(ctx context.Context, resident, outcome string) (string, error) {
	var id string
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockResident, resident); err != nil {
			return err
		}
		return tx.QueryRow(ctx, skipEvent, resident, outcome).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("skip event: %w", wrapErr(err))
	}
	return id, nil
}
