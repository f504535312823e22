package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pipeTx is a transaction whose BEGIN travels with its first batch and
// whose COMMIT travels with its last, so that a read-then-write
// transaction (a turn) costs two round trips to the server instead of
// four. Under load every round trip is a wake-up on both sides, which on
// a small machine is most of the database's CPU time.
type pipeTx struct {
	conn *pgxpool.Conn
	open bool
}

func (db *DB) beginPipe(ctx context.Context) (*pipeTx, error) {
	c, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &pipeTx{conn: c}, nil
}

// first sends BEGIN and b; the results of b's queries follow.
func (p *pipeTx) first(ctx context.Context, b *pgx.Batch) (pgx.BatchResults, error) {
	full := &pgx.Batch{}
	full.Queue("BEGIN")
	full.QueuedQueries = append(full.QueuedQueries, b.QueuedQueries...)
	p.open = true
	br := p.conn.SendBatch(ctx, full)
	if _, err := br.Exec(); err != nil {
		_ = br.Close()
		return nil, err
	}
	return br, nil
}

// commit sends b and COMMIT. After an error in b the server skips the rest
// of the batch, COMMIT included, and end rolls back.
func (p *pipeTx) commit(ctx context.Context, b *pgx.Batch) error {
	b.Queue("COMMIT")
	if err := p.conn.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	p.open = false
	return nil
}

// end rolls back a transaction not committed and gives the connection
// back; a connection whose state is unknown is closed instead.
func (p *pipeTx) end(ctx context.Context) {
	if p.open {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if _, err := p.conn.Exec(rctx, "ROLLBACK"); err != nil {
			_ = p.conn.Conn().Close(rctx)
		}
		cancel()
	}
	p.conn.Release()
}
