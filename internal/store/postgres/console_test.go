package postgres_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

var _ storetest.ConsoleStore = (*postgres.DB)(nil)

func TestConsole(t *testing.T) {
	storetest.RunConsole(t, func(t *testing.T) storetest.ConsoleStore {
		db, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
