package sqlite

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/store/migrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

func loadMigrations() ([]migrate.Migration, error) { return migrate.Load(migrations, "migrations") }

func latestVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return migrate.Latest(ms)
}

// Migrate applies pending migrations, each in its own transaction.
func (db *DB) Migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", wrapErr(err))
	}
	var current int
	if err := db.w.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: read version: %w", wrapErr(err))
	}
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		err := db.inTx(ctx, func(tx *wtx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: apply %s: %w", m.Name, wrapErr(err))
		}
	}
	return nil
}
