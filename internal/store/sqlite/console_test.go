package sqlite_test

import (
	"context"
	"testing"

	"github.com/n-csw/tsunagu/internal/store/sqlite"
	"github.com/n-csw/tsunagu/internal/store/storetest"
)

var _ storetest.ConsoleStore = (*sqlite.DB)(nil)

func TestConsole(t *testing.T) {
	storetest.RunConsole(t, func(t *testing.T) storetest.ConsoleStore {
		db, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
