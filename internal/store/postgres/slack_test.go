package postgres_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

func TestSlackConformance(t *testing.T) {
	storetest.RunSlack(t, func(t *testing.T) storetest.SlackStore {
		db, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
