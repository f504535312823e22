// Package sqlite is tsunagu's embedded store: pure Go SQLite (no cgo) in
// TSUNAGU_DATA_DIR, the zero-setup default. It behaves like store/postgres
// (same conformance suite) for one process: a single writer connection
// serialises every write transaction.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/n-csw/tsunagu/internal/consult"
)

// DB is the embedded store.
type DB struct {
	w     *sql.DB // one connection: all writes and read-modify-write transactions
	r     *sql.DB // readers (WAL lets them run beside the writer)
	path  string
	stmts map[string]*sql.Stmt // hotQueries, prepared on w
}

// FileName is the database file inside the data directory.
const FileName = "tsunagu.db"

// Open opens (creating if needed) the database in dir and applies
// migrations.
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{w: w, r: r, path: path}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.stmts, err = prepareHot(ctx, w); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes both connection pools.
func (db *DB) Close() error {
	return errors.Join(closeStmts(db.stmts), db.r.Close(), db.w.Close())
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Ready reports whether the database answers and every migration is applied.
func (db *DB) Ready(ctx context.Context) error {
	var v int
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("check migrations: %w", wrapErr(err))
	}
	if want := latestVersion(); v < want {
		return fmt.Errorf("schema at version %d, want %d: %w", v, want, consult.ErrUnavailable)
	}
	return nil
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*wtx) error) (err error) {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(err)
	}
	tx := &wtx{Tx: stx, stmts: db.stmts}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return wrapErr(tx.Commit())
}

// wrapErr maps SQLite errors onto consult errors. A full disk, a read-only
// file or a locked database are "unavailable": LINE gets a 500 and
// redelivers later.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, consult.ErrUnavailable) || errors.Is(err, consult.ErrConflict) || errors.Is(err, consult.ErrNotFound) {
		return err // mapped already (inTx, then the method): say it once
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", consult.ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CONSTRAINT:
			if strings.Contains(se.Error(), "UNIQUE") || strings.Contains(se.Error(), "PRIMARY KEY") {
				return fmt.Errorf("%w: %w", consult.ErrConflict, err)
			}
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("disk full: %w: %w", consult.ErrUnavailable, err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR:
			return fmt.Errorf("database file not writable: %w: %w", consult.ErrUnavailable, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("database busy: %w: %w", consult.ErrUnavailable, err)
		}
	}
	return err
}

// ms stores a time as Unix milliseconds, NULL when zero.
func ms(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

// fromMS reads Unix milliseconds back, NULL as the zero time.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func msOf(t time.Time) int64 { return t.UnixMilli() }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
