package postgres_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

var _ bot.Store = (*postgres.DB)(nil)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		db, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestMigrateTwice checks that a second start (another replica) finds
// nothing to do.
func TestMigrateTwice(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := db.Ready(ctx); err != nil {
			t.Errorf("ready %d: %v", i, err)
		}
		db.Close()
	}
}
