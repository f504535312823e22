package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// hotQueries are the statements of write transactions that run for every
// event (webhook, turn, outbox). They are prepared once when the store
// opens: parsing them again in every transaction was a quarter of the
// embedded store's CPU time under load.
var hotQueries = []string{
	insertEvent, nextEvent, selectResident, selectSession, selectCases + openCasesOf, selectCases + closedCasesOf,
	upsertResident, upsertSession, insertMessage, markProcessed, cancelPushes, insertOutbox, upsertCase,
	insertCaseEvent, finishOutbox, setCaseSlack, claimFor(1), claimFor(2), claimFor(3),
}

// wtx is a write transaction that runs the hot queries from their prepared
// statements (on the single writer connection, so nothing is prepared
// again) and any other query as usual.
type wtx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *wtx) stmt(ctx context.Context, query string) *sql.Stmt {
	if s := t.stmts[query]; s != nil {
		return t.Tx.StmtContext(ctx, s)
	}
	return nil
}

// ExecContext runs query, prepared once if it is a hot one.
func (t *wtx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs query, prepared once if it is a hot one.
func (t *wtx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query, prepared once if it is a hot one.
func (t *wtx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// prepareHot prepares the hot queries on the writer.
func prepareHot(ctx context.Context, w *sql.DB) (map[string]*sql.Stmt, error) {
	m := make(map[string]*sql.Stmt, len(hotQueries))
	for _, q := range hotQueries {
		s, err := w.PrepareContext(ctx, q)
		if err != nil {
			closeStmts(m)
			return nil, fmt.Errorf("prepare statements: %w", wrapErr(err))
		}
		m[q] = s
	}
	return m, nil
}

func closeStmts(m map[string]*sql.Stmt) error {
	var errs []error
	for _, s := range m {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}
