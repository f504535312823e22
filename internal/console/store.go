package console

import (
	"context"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Accounts is the part of the store that keeps console accounts.
type Accounts interface {
	AddUser(ctx context.Context, u consult.StaffUser) (consult.StaffUser, error)
	UserByName(ctx context.Context, name string) (consult.StaffUser, error)
	UserByID(ctx context.Context, id int64) (consult.StaffUser, error)
	Users(ctx context.Context) ([]consult.StaffUser, error)
	UpdateUser(ctx context.Context, u consult.StaffUser) error
	DeleteUserSessions(ctx context.Context, userID int64) error
}

// Store is everything the console reads and writes. store/postgres and
// store/sqlite implement it (checked in cmd/tsunagu and by the
// storetest.RunConsole suite).
type Store interface {
	Accounts
	AddSession(ctx context.Context, s consult.StaffSession) error
	SessionByHash(ctx context.Context, hash []byte) (consult.StaffSession, error)
	TouchSession(ctx context.Context, hash []byte, at time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteExpiredSessions(ctx context.Context, idleBefore, now time.Time) (int64, error)

	ListCases(ctx context.Context, q consult.CaseQuery) ([]consult.CaseRow, error)
	CaseRow(ctx context.Context, id int64, scope consult.CaseScope) (consult.CaseRow, error)
	CasesCreated(ctx context.Context, from, to time.Time) ([]consult.CaseRow, error)
	ResidentCases(ctx context.Context, resident string) ([]consult.Case, error)
	CaseEvents(ctx context.Context, id int64) ([]consult.CaseEvent, error)
	Transcript(ctx context.Context, resident string, caseIDs []int64, from, to time.Time, limit int) ([]consult.Message, error)

	PutCorrection(ctx context.Context, c consult.RoutingCorrection) error
	Correction(ctx context.Context, caseID int64) (consult.RoutingCorrection, error)
	Corrections(ctx context.Context, from, to time.Time) ([]consult.RoutingCorrection, error)

	AddAudit(ctx context.Context, e consult.AuditEntry) error
	AuditLog(ctx context.Context, q consult.AuditQuery) ([]consult.AuditEntry, error)

	Purge(ctx context.Context, cutoff, now time.Time) (consult.RetentionRun, error)
	RetentionRuns(ctx context.Context, limit int) ([]consult.RetentionRun, error)
}

// Cases applies staff actions to cases. *bot.Cases implements it: every
// action goes through it so that Slack is updated the same way and a
// repeated action changes nothing.
type Cases interface {
	Act(ctx context.Context, id int64, a consult.CaseAction) (c consult.Case, changed bool, err error)
}

// Hours tells whether a channel's main place was open at t; known is false
// when its hours are not known (such cases are left out of the
// out-of-hours share).
type Hours func(ch consult.Channel, t time.Time) (open, known bool)
