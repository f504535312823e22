package sqlite_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

var _ bot.Store = (*sqlite.DB)(nil)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		db, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
