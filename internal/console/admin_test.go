package console_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
)

func TestFiguresExportOverHTTP(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	e.seed("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: now.Add(-time.Hour)})
	b := e.browser()
	b.login("abe", pw)
	res, err := b.c.Get(e.ts.URL + "/console/figures.csv?from=2026-05&to=2026-06")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `filename="tsunagu-figures-2026-05_2026-06.csv"`) {
		t.Errorf("csv response: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF月,")) || !bytes.Contains(buf.Bytes(), []byte("\r\n2026-06,houkatsu,地域包括支援センター,1,")) {
		t.Errorf("csv body starts %q", buf.String()[:40])
	}
	audit, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{Action: "export.figures"})
	if len(audit) != 1 || audit[0].Actor != "abe" || audit[0].Detail != "from=2026-05&to=2026-06" {
		t.Errorf("export audit = %+v", audit)
	}
	_, page := b.get("/console/figures")
	contains(t, page, `<svg class="chart"`, `class="s-normal"`, `id="export-csv"`)
}

func TestRetention(t *testing.T) {
	e := newEnv(t, func(o *console.Options) { o.RetentionDays = 30 })
	pw := e.user("root", consult.RoleAdmin)
	old := e.seed("U1", consult.Case{Channel: consult.Houkatsu, Status: consult.CaseResolved, Summary: "古い相談",
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09012345678"}, CreatedAt: now.AddDate(0, 0, -40),
		ClosedAt: now.AddDate(0, 0, -31)},
		consult.Message{Direction: consult.FromResident, Text: "古い相談", At: now.AddDate(0, 0, -40)})
	fresh := e.seed("U2", consult.Case{Channel: consult.Houkatsu, Status: consult.CaseResolved, Summary: "新しい相談",
		CreatedAt: now.AddDate(0, 0, -40), ClosedAt: now.AddDate(0, 0, -29)})
	b := e.browser()
	b.login("root", pw)
	tok := b.csrf("/console/settings")
	if res, _ := b.post("/console/settings/retention", url.Values{"csrf": {tok}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run retention: %d", res.StatusCode)
	}
	ctx := context.Background()
	if c, _ := e.db.Case(ctx, old.ID); c.Summary != "" || c.Contact.Phone != "" || c.Status != consult.CaseResolved {
		t.Errorf("old case after retention: %+v", c)
	}
	if c, _ := e.db.Case(ctx, fresh.ID); c.Summary != "新しい相談" {
		t.Errorf("a case within the period was purged")
	}
	if m, _ := e.db.Messages(ctx, "U1", 10); len(m) != 0 {
		t.Errorf("old transcript kept: %d lines", len(m))
	}
	_, page := b.get("/console/settings")
	contains(t, page, `id="retention-runs"`, `<strong id="retention-days">30</strong>`)
	if code, body := b.get("/console/cases/" + itoa(old.ID)); code != http.StatusOK || strings.Contains(body, "09012345678") {
		t.Errorf("purged case page: %d", code)
	}
	// The loop runs the same pass (here once, then it waits a day).
	run, err := e.srv.RunRetention(ctx)
	if err != nil || run.Cases != 0 {
		t.Errorf("second pass = %+v, %v", run, err)
	}
}

func TestAccountsAdmin(t *testing.T) {
	e := newEnv(t)
	pw := e.user("root", consult.RoleAdmin)
	b := e.browser()
	b.login("root", pw)
	tok := b.csrf("/console/users")
	res, body := b.post("/console/users", url.Values{"csrf": {tok}, "name": {"sato"}, "role": {"staff"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("staff without channels: %d", res.StatusCode)
	}
	res, body = b.post("/console/users", url.Values{"csrf": {tok}, "name": {"sato"}, "role": {"staff"}, "channel": {"houkatsu", "dv"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add user: %d", res.StatusCode)
	}
	m := regexp.MustCompile(`<code id="new-password">([^<]+)</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("generated password not shown")
	}
	sato := e.browser()
	sato.login("sato", m[1])
	u, _ := e.db.UserByName(context.Background(), "sato")
	if u.Role != consult.RoleStaff || len(u.Channels) != 2 {
		t.Errorf("new user = %+v", u)
	}
	if res, _ := b.post("/console/users", url.Values{"csrf": {tok}, "name": {"sato"}, "role": {"admin"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("duplicate name: %d", res.StatusCode)
	}
	// Promoting sato ends sato's sessions; the new role applies at the next login.
	res, _ = b.post("/console/users/"+itoa(u.ID), url.Values{"csrf": {tok}, "op": {"update"}, "role": {"coordinator"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update user: %d", res.StatusCode)
	}
	if code, _ := sato.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("session survived a role change: %d", code)
	}
	res, _ = b.post("/console/users/"+itoa(u.ID), url.Values{"csrf": {tok}, "op": {"disable"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("disable: %d", res.StatusCode)
	}
	if res := e.browser().tryLogin("sato", m[1]); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled login: %d", res.StatusCode)
	}
	root, _ := e.db.UserByName(context.Background(), "root")
	if res, _ := b.post("/console/users/"+itoa(root.ID), url.Values{"csrf": {tok}, "op": {"disable"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("admin disabling themselves: %d", res.StatusCode)
	}
	audit, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{Actor: "root"})
	var actions []string
	for _, a := range audit {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, " "); got != "user.update user.update user.add login" {
		t.Errorf("admin audit = %s", got)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	b, other := e.browser(), e.browser()
	b.login("abe", pw)
	other.login("abe", pw)
	tok := b.csrf("/console/account")
	if res, _ := b.post("/console/account", url.Values{"csrf": {tok}, "current": {"nope nope nope"}, "new": {"a brand new password"},
		"confirm": {"a brand new password"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong current password: %d", res.StatusCode)
	}
	if res, _ := b.post("/console/account", url.Values{"csrf": {tok}, "current": {pw}, "new": {"a brand new password"},
		"confirm": {"a brand new password"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	if code, _ := b.get("/console/cases"); code != http.StatusOK {
		t.Errorf("own session after changing the password: %d", code)
	}
	if code, _ := other.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("other session after changing the password: %d", code)
	}
	e.browser().login("abe", "a brand new password")
}

func TestEnsureDemoUser(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p1, err := console.EnsureDemoUser(ctx, e.db, "demo")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := console.EnsureDemoUser(ctx, e.db, "demo")
	if err != nil || p1 == p2 {
		t.Fatalf("second run: %q, %v (want a new password)", p2, err)
	}
	u, _ := e.db.UserByName(ctx, "demo")
	if u.Role != consult.RoleCoordinator || !console.CheckPassword(p2, u.PasswordHash) || console.CheckPassword(p1, u.PasswordHash) {
		t.Errorf("demo user = %+v", u)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("demo user hash uses %q", u.PasswordHash[:30])
	}
}
