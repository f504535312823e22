package loadtest

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
)

// BackendPIDs lists the PostgreSQL backends connected to the database of
// url, other than the one asking: with Options.DBPIDs the report has the
// database's CPU time for the server under test. Errors give no PIDs.
func BackendPIDs(ctx context.Context, url string) []int {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return nil
	}
	pids, _ := pgx.CollectRows(rows, pgx.RowTo[int])
	return pids
}

// Analyze refreshes the planner's statistics of the database at url, as
// autovacuum would (for a cluster where it is off).
func Analyze(ctx context.Context, url string) error {
	return onDB(ctx, url, "ANALYZE")
}

// VacuumEvery runs VACUUM (ANALYZE) on the database at url every interval
// until ctx ends, as autovacuum would under load; errors go to w.
func VacuumEvery(ctx context.Context, url string, every time.Duration, w io.Writer) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := onDB(ctx, url, "VACUUM (ANALYZE)"); err != nil && ctx.Err() == nil {
			fmt.Fprintf(w, "%v\n", err)
		}
	}
}

func onDB(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}
