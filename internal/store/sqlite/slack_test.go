package sqlite_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/store/sqlite"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

func TestSlackConformance(t *testing.T) {
	storetest.RunSlack(t, func(t *testing.T) storetest.SlackStore {
		db, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
