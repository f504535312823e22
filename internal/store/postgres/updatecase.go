package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

const residentOfCase = `SELECT resident FROM cases WHERE id = $1`

// UpdateCase changes one case under its resident's lock (see bot.CaseStore).
func (db *DB) UpdateCase(ctx context.Context, id int64, fn func(c consult.Case, r consult.Resident) (consult.CaseChange, error)) (consult.Case, error) {
	var out consult.Case
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var resident string
		if err := tx.QueryRow(ctx, residentOfCase, id).Scan(&resident); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, lockResident, resident); err != nil {
			return err
		}
		c, err := scanCase(tx.QueryRow(ctx, selectCases+` WHERE id = $1`, id))
		if err != nil {
			return err
		}
		r, err := scanResident(tx.QueryRow(ctx, selectResident, resident))
		if errors.Is(err, pgx.ErrNoRows) {
			r, err = consult.Resident{ID: resident}, nil
		}
		if err != nil {
			return err
		}
		ch, err := fn(c, r)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		b := &pgx.Batch{}
		for _, c := range append([]consult.Case{ch.Case}, ch.Also...) {
			if err := queueCase(b, c, now); err != nil {
				return err
			}
		}
		for _, ev := range ch.Events {
			queueCaseEvent(b, ev, now)
		}
		if err := queueMessages(b, ch.Transcript, now); err != nil {
			return err
		}
		for _, o := range ch.Outbox {
			if err := queueOutbox(b, o, now); err != nil {
				return err
			}
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		out = ch.Case
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("update case %d: %w", id, wrapErr(err))
	}
	return out, nil
}
