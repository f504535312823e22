package bot

import (
	"context"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Store is the persistence the bot needs. store/postgres and store/sqlite
// implement it and store/storetest checks that they behave the same.
type Store interface {
	// RecordEvents makes webhook events durable, ignoring any whose ID was
	// already recorded, all in one transaction. It returns the events that
	// were new. An error means nothing can be promised: answer LINE 500.
	RecordEvents(ctx context.Context, evs []consult.InboundEvent) ([]consult.InboundEvent, error)
	// PendingResidents lists up to limit residents with unprocessed events,
	// the longest-waiting first (crash recovery, other replicas).
	PendingResidents(ctx context.Context, limit int) ([]string, error)
	// Turn takes the resident's next unprocessed event (earliest timestamp)
	// under a per-resident lock, calls fn with what it needs, and commits
	// fn's output together with the event's processed mark in one
	// transaction. It reports false when no event was pending. If fn fails
	// the transaction is rolled back and the event stays pending.
	Turn(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (bool, error)
	// SkipEvent marks the resident's next pending event processed with the
	// given outcome without running a turn, so that an event that keeps
	// failing does not block the resident's later messages.
	SkipEvent(ctx context.Context, resident, outcome string) (string, error)

	// ClaimOutbox leases up to limit deliverable items of the given kinds
	// (due, not leased, and the earliest undelivered item of their resident
	// or case) to owner until now+lease, counting an attempt on each.
	ClaimOutbox(ctx context.Context, kinds []consult.OutboxKind, owner string, now time.Time, lease time.Duration, limit int) ([]consult.OutboxItem, error)
	// FinishOutbox records the outcomes of delivering leased items, in one
	// transaction. It fails
	// with consult.ErrConflict when owner no longer holds the lease.
	FinishOutbox(ctx context.Context, owner string, results ...consult.OutboxResult) error
	// OutboxDepth counts pending items per kind (for metrics).
	OutboxDepth(ctx context.Context) (map[consult.OutboxKind]int, error)

	// Ready reports whether the database is reachable and migrated.
	Ready(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// CaseStore is what staff actions need: a case changed under its
// resident's lock, in one transaction with what the change writes.
type CaseStore interface {
	// UpdateCase loads the case and its resident, calls fn and commits the
	// change. fn returning consult.ErrConflict (or any error) rolls back.
	UpdateCase(ctx context.Context, id int64, fn func(c consult.Case, r consult.Resident) (consult.CaseChange, error)) (consult.Case, error)
}
