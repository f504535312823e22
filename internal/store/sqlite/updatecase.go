package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// UpdateCase changes one case in one write transaction (see bot.CaseStore).
func (db *DB) UpdateCase(ctx context.Context, id int64, fn func(c consult.Case, r consult.Resident) (consult.CaseChange, error)) (consult.Case, error) {
	var out consult.Case
	err := db.inTx(ctx, func(tx *wtx) error {
		c, err := scanCase(tx.QueryRowContext(ctx, selectCases+` WHERE id = ?`, id))
		if err != nil {
			return err
		}
		r, err := scanResident(tx.QueryRowContext(ctx, selectResident, c.Resident))
		if errors.Is(err, sql.ErrNoRows) {
			r, err = consult.Resident{ID: c.Resident}, nil
		}
		if err != nil {
			return err
		}
		ch, err := fn(c, r)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, c := range append([]consult.Case{ch.Case}, ch.Also...) {
			if err := saveCase(ctx, tx, c, now); err != nil {
				return err
			}
		}
		for _, ev := range ch.Events {
			if err := addCaseEvent(ctx, tx, ev, now); err != nil {
				return err
			}
		}
		for _, m := range ch.Transcript {
			if err := insertMsg(ctx, tx, m, now); err != nil {
				return err
			}
		}
		for _, o := range ch.Outbox {
			if err := enqueue(ctx, tx, o, now); err != nil {
				return err
			}
		}
		out = ch.Case
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("update case %d: %w", id, wrapErr(err))
	}
	return out, nil
}
