// Package postgres is tsunagu's PostgreSQL store (pgx pool, embedded SQL
// migrations, SKIP LOCKED outbox). It implements bot.Store; the conformance
// suite in store/storetest runs against it with TEST_DATABASE_URL.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/n-csw/tsunagu/internal/consult"
)

// DefaultMaxConns is the pool size when DATABASE_URL does not set
// pool_max_conns (…?pool_max_conns=10 for a small managed database: every
// replica opens up to this many connections).
const DefaultMaxConns = 24

// DB is the PostgreSQL store.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to url, checks the connection and applies pending
// migrations.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	switch {
	case !strings.Contains(url, "pool_max_conns"):
		// The processor's 16 workers each hold a connection for a turn;
		// webhooks and the outbox need theirs meanwhile, or the
		// acknowledgement waits for a turn to end.
		cfg.MaxConns = DefaultMaxConns
	case cfg.MaxConns < 8:
		cfg.MaxConns = 8
	}
	if _, set := cfg.ConnConfig.RuntimeParams["enable_bitmapscan"]; !set {
		cfg.AfterConnect = noBitmapScans
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	db := &DB{pool: pool}
	if err := db.Migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// noBitmapScans turns bitmap scans off for the connection. The queues (the
// outbox claim, pending events) must be read with plain index scans: only
// those let PostgreSQL mark the index entries of delivered items and
// processed events dead as it passes them, whereas a bitmap scan visits
// every one of them again until the next vacuum. At 500 events/s that made
// each claim slower by the second and the queue fall behind. Setting
// enable_bitmapscan in DATABASE_URL overrides this.
func noBitmapScans(ctx context.Context, c *pgx.Conn) error {
	if _, err := c.Exec(ctx, "SET enable_bitmapscan = off"); err != nil {
		return fmt.Errorf("set enable_bitmapscan: %w", err)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Pool exposes the pool to tests of this package's callers that need raw SQL.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Ready reports whether the database answers and every migration is applied.
func (db *DB) Ready(ctx context.Context) error {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return fmt.Errorf("check migrations: %w", wrapErr(err))
	}
	if want := latestVersion(); v < want {
		return fmt.Errorf("schema at version %d, want %d: %w", v, want, consult.ErrUnavailable)
	}
	return nil
}

// inTx runs fn in a transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) (err error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return wrapErr(err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return wrapErr(tx.Commit(ctx))
}

// wrapErr maps driver errors onto consult errors: a unique violation is a
// conflict, a lost connection is unavailable.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, consult.ErrUnavailable) || errors.Is(err, consult.ErrConflict) || errors.Is(err, consult.ErrNotFound) {
		return err // mapped already (inTx, then the method): say it once
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", consult.ErrNotFound, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %w", consult.ErrConflict, err)
		case "57P01", "57P02", "57P03", "08000", "08003", "08006":
			return fmt.Errorf("%w: %w", consult.ErrUnavailable, err)
		}
		return err
	}
	if pgconn.SafeToRetry(err) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", consult.ErrUnavailable, err)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: %w", consult.ErrUnavailable, err)
	}
	return err
}

// ts turns a zero time into NULL.
func ts(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// fromTS turns NULL into the zero time.
func fromTS(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
