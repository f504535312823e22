package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
)

// ConsoleStore is what the console needs of a store, beside Store.
type ConsoleStore interface {
	Store
	AddUser(ctx context.Context, u consult.StaffUser) (consult.StaffUser, error)
	UserByName(ctx context.Context, name string) (consult.StaffUser, error)
	UserByID(ctx context.Context, id int64) (consult.StaffUser, error)
	Users(ctx context.Context) ([]consult.StaffUser, error)
	UpdateUser(ctx context.Context, u consult.StaffUser) error
	AddSession(ctx context.Context, s consult.StaffSession) error
	SessionByHash(ctx context.Context, hash []byte) (consult.StaffSession, error)
	TouchSession(ctx context.Context, hash []byte, at time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	DeleteExpiredSessions(ctx context.Context, idleBefore, now time.Time) (int64, error)
	ListCases(ctx context.Context, q consult.CaseQuery) ([]consult.CaseRow, error)
	CaseRow(ctx context.Context, id int64, scope consult.CaseScope) (consult.CaseRow, error)
	CasesCreated(ctx context.Context, from, to time.Time) ([]consult.CaseRow, error)
	Transcript(ctx context.Context, resident string, caseIDs []int64, from, to time.Time, limit int) ([]consult.Message, error)
	PutCorrection(ctx context.Context, c consult.RoutingCorrection) error
	Correction(ctx context.Context, caseID int64) (consult.RoutingCorrection, error)
	Corrections(ctx context.Context, from, to time.Time) ([]consult.RoutingCorrection, error)
	AddAudit(ctx context.Context, e consult.AuditEntry) error
	AuditLog(ctx context.Context, q consult.AuditQuery) ([]consult.AuditEntry, error)
	Purge(ctx context.Context, cutoff, now time.Time) (consult.RetentionRun, error)
	RetentionRuns(ctx context.Context, limit int) ([]consult.RetentionRun, error)
}

// ConsoleOpener returns a fresh, empty, migrated store; the suite closes it.
type ConsoleOpener func(t *testing.T) ConsoleStore

// RunConsole runs the console part of the suite.
func RunConsole(t *testing.T, open ConsoleOpener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s ConsoleStore)
	}{
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"ListCasesScopeAndOrder", testListCasesScope},
		{"ListCasesFilters", testListCasesFilters},
		{"CaseRow", testCaseRow},
		{"Transcript", testTranscript},
		{"Corrections", testCorrections},
		{"Audit", testAudit},
		{"Purge", testPurge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

// base is the day console tests start from (whole milliseconds, so both
// stores give the times back exactly).
var base = time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return base.AddDate(0, 0, n) }

func testUsers(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sato := must(s.AddUser(c, consult.StaffUser{Name: "sato", Role: consult.RoleStaff,
		Channels: []consult.Channel{consult.Houkatsu, consult.KenriYougo}, PasswordHash: "$argon2id$x", CreatedAt: base}))
	if sato.ID == 0 || !sato.CreatedAt.Equal(base) {
		t.Errorf("AddUser = %+v", sato)
	}
	if _, err := s.AddUser(c, consult.StaffUser{Name: "sato", Role: consult.RoleAdmin, PasswordHash: "h"}); !errors.Is(err, consult.ErrConflict) {
		t.Errorf("duplicate name: %v, want ErrConflict", err)
	}
	must(s.AddUser(c, consult.StaffUser{Name: "abe", Role: consult.RoleCoordinator, PasswordHash: "h2", CreatedAt: base}))
	got := must(s.UserByName(c, "sato"))
	if diff := cmp.Diff(sato, got); diff != "" {
		t.Errorf("UserByName mismatch (-want +got):\n%s", diff)
	}
	if got := must(s.UserByID(c, sato.ID)); got.Name != "sato" {
		t.Errorf("UserByID = %+v", got)
	}
	var names []string
	for _, u := range must(s.Users(c)) {
		names = append(names, u.Name)
	}
	if diff := cmp.Diff([]string{"abe", "sato"}, names); diff != "" {
		t.Errorf("Users mismatch (-want +got):\n%s", diff)
	}
	sato.Role, sato.Channels, sato.PasswordHash, sato.DisabledAt = consult.RoleCoordinator, nil, "new", day(1)
	if err := s.UpdateUser(c, sato); err != nil {
		t.Fatal(err)
	}
	got = must(s.UserByName(c, "sato"))
	if got.Role != consult.RoleCoordinator || len(got.Channels) != 0 || got.PasswordHash != "new" || !got.DisabledAt.Equal(day(1)) {
		t.Errorf("after UpdateUser: %+v", got)
	}
	if _, err := s.UserByName(c, "nobody"); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("unknown user: %v, want ErrNotFound", err)
	}
	if err := s.UpdateUser(c, consult.StaffUser{ID: 999, Role: consult.RoleStaff}); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("update unknown user: %v, want ErrNotFound", err)
	}
}

func testSessions(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	u := must(s.AddUser(c, consult.StaffUser{Name: "sato", Role: consult.RoleStaff, PasswordHash: "h"}))
	v := must(s.AddUser(c, consult.StaffUser{Name: "abe", Role: consult.RoleStaff, PasswordHash: "h"}))
	h1, h2, h3 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32)
	s1 := consult.StaffSession{TokenHash: h1, UserID: u.ID, CSRF: "c1", CreatedAt: base, LastSeenAt: base,
		ExpiresAt: base.Add(12 * time.Hour), Remote: "192.0.2.1"}
	for _, sess := range []consult.StaffSession{s1,
		{TokenHash: h2, UserID: u.ID, CSRF: "c2", CreatedAt: base, LastSeenAt: base, ExpiresAt: base.Add(time.Hour)},
		{TokenHash: h3, UserID: v.ID, CSRF: "c3", CreatedAt: base, LastSeenAt: base.Add(3 * time.Hour), ExpiresAt: base.Add(12 * time.Hour)}} {
		if err := s.AddSession(c, sess); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddSession(c, s1); !errors.Is(err, consult.ErrConflict) {
		t.Errorf("same token twice: %v, want ErrConflict", err)
	}
	got := must(s.SessionByHash(c, h1))
	if diff := cmp.Diff(s1, got); diff != "" {
		t.Errorf("SessionByHash mismatch (-want +got):\n%s", diff)
	}
	if err := s.TouchSession(c, h1, base.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := must(s.SessionByHash(c, h1)); !got.LastSeenAt.Equal(base.Add(2 * time.Hour)) {
		t.Errorf("touched session: last seen %v", got.LastSeenAt)
	}
	// At base+2h30: h2 has expired, h1 was idle since base+2h (kept with a
	// 1 h idle limit), h3 is fresh.
	n := must(s.DeleteExpiredSessions(c, base.Add(90*time.Minute), base.Add(150*time.Minute)))
	if n != 1 {
		t.Errorf("DeleteExpiredSessions removed %d, want 1", n)
	}
	if _, err := s.SessionByHash(c, h2); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("expired session: %v, want ErrNotFound", err)
	}
	if err := s.DeleteUserSessions(c, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(c, h1); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("session of a logged-out user: %v, want ErrNotFound", err)
	}
	must(s.SessionByHash(c, h3))
	if err := s.DeleteSession(c, h3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(c, h3); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("deleted session: %v, want ErrNotFound", err)
	}
}

func testCorrections(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	a := sd.add("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: day(0)})
	b := sd.add("U2", consult.Case{Channel: consult.Kosodate, CreatedAt: day(0)})
	first := consult.RoutingCorrection{CaseID: a, Text: "母の物忘れ", Predicted: "", Routed: consult.Houkatsu,
		Channel: consult.KenriYougo, Crisis: consult.NoCrisis, Urgency: consult.Normal, By: "abe", At: day(1)}
	if err := s.PutCorrection(c, first); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCorrection(c, consult.RoutingCorrection{CaseID: b, Text: "t", Routed: consult.Kosodate,
		Channel: consult.Shougai, Urgency: consult.Urgent, By: "abe", At: day(5)}); err != nil {
		t.Fatal(err)
	}
	// The latest verdict on a case replaces the earlier one.
	second := first
	second.Channel, second.By, second.At = consult.SeikatsuSoudan, "ito", day(2)
	if err := s.PutCorrection(c, second); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(second, must(s.Correction(c, a))); diff != "" {
		t.Errorf("Correction mismatch (-want +got):\n%s", diff)
	}
	got := must(s.Corrections(c, day(0), day(3)))
	if len(got) != 1 || got[0].CaseID != a {
		t.Errorf("Corrections(day 0–3) = %+v, want case %d only", got, a)
	}
	if got := must(s.Corrections(c, day(0), day(10))); len(got) != 2 || got[1].CaseID != b {
		t.Errorf("Corrections(day 0–10) = %+v", got)
	}
	if _, err := s.Correction(c, 12345); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("no correction: %v, want ErrNotFound", err)
	}
	if err := s.PutCorrection(c, consult.RoutingCorrection{CaseID: 12345, Channel: consult.DV, At: day(1)}); err == nil {
		t.Errorf("correction of an unknown case was stored")
	}
	if cr := must(s.CaseRow(c, a, consult.CaseScope{All: true})); cr.Corrected != consult.SeikatsuSoudan {
		t.Errorf("CaseRow.Corrected = %q", cr.Corrected)
	}
}

func testAudit(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	entries := []consult.AuditEntry{
		{At: day(0), Actor: "sato", Action: "case.view", CaseID: 7, Remote: "192.0.2.1"},
		{At: day(0).Add(time.Minute), Actor: "abe", Action: "export.csv", Detail: "from=2024-01&to=2024-02"},
		{At: day(1), Actor: "sato", Action: "case.view", CaseID: 8},
	}
	for _, e := range entries {
		if err := s.AddAudit(c, e); err != nil {
			t.Fatal(err)
		}
	}
	all := must(s.AuditLog(c, consult.AuditQuery{}))
	if len(all) != 3 || all[0].CaseID != 8 || all[2].Remote != "192.0.2.1" || !all[1].At.Equal(entries[1].At) {
		t.Fatalf("AuditLog = %+v", all)
	}
	if got := must(s.AuditLog(c, consult.AuditQuery{CaseID: 7})); len(got) != 1 || got[0].Actor != "sato" {
		t.Errorf("AuditLog(case 7) = %+v", got)
	}
	if got := must(s.AuditLog(c, consult.AuditQuery{Actor: "sato", Action: "case.view"})); len(got) != 2 {
		t.Errorf("AuditLog(sato, case.view) = %+v", got)
	}
	if got := must(s.AuditLog(c, consult.AuditQuery{Before: all[0].ID, Limit: 1})); len(got) != 1 || got[0].ID != all[1].ID {
		t.Errorf("AuditLog page 2 = %+v", got)
	}
	if got := must(s.AuditLog(c, consult.AuditQuery{Action: "export.csv"})); len(got) != 1 || got[0].CaseID != 0 || got[0].Detail == "" {
		t.Errorf("AuditLog(export) = %+v", got)
	}
}
