package sqlite

import (
	"context"
	"fmt"

	"github.com/n-csw/tsunagu/internal/consult"
)

const insertEvent = `
INSERT INTO inbound_events (id, resident, source, type, standby, ts, reply_token, redelivery,
	message_type, body, unblocked, received_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING`

// RecordEvents stores events not seen before in one transaction and returns
// the new ones.
func (db *DB) RecordEvents(ctx context.Context, evs []consult.InboundEvent) ([]consult.InboundEvent, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	var fresh []consult.InboundEvent
	err := db.inTx(ctx, func(tx *wtx) error {
		for _, e := range evs {
			body := e.Text
			if e.Type == consult.EventPostback {
				body = e.PostbackData
			}
			res, err := tx.ExecContext(ctx, insertEvent, e.ID, e.Resident, string(e.Source), string(e.Type), b2i(e.Standby),
				msOf(e.Timestamp), e.ReplyToken, b2i(e.Redelivery), e.MessageType, body, b2i(e.Unblocked), msOf(e.ReceivedAt))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				fresh = append(fresh, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record events: %w", wrapErr(err))
	}
	return fresh, nil
}

const pendingResidents = `
SELECT resident FROM inbound_events WHERE processed_at IS NULL
GROUP BY resident ORDER BY min(received_at) LIMIT ?`

// PendingResidents lists residents with unprocessed events, longest waiting first.
func (db *DB) PendingResidents(ctx context.Context, limit int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, pendingResidents, limit)
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
UPDATE inbound_events SET processed_at = ?, outcome = ?, body = ''
WHERE id = (SELECT id FROM inbound_events WHERE resident = ? AND processed_at IS NULL ORDER BY ts, id LIMIT 1)
RETURNING id`

// SkipEvent marks the resident's next pending event processed with outcome.
func (db *DB) SkipEvent(ctx context.Context, resident, outcome string) (string, error) {
	var id string
	err := db.inTx(ctx, func(tx *wtx) error {
		return tx.QueryRowContext(ctx, skipEvent, nowMS(), outcome, resident).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("skip event: %w", wrapErr(err))
	}
	return id, nil
}
