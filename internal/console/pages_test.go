package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

func TestStaffSeeOnlyTheirChannels(t *testing.T) {
	e := newEnv(t)
	pw := e.user("sato", consult.RoleStaff, consult.Houkatsu)
	mine := e.seed("U1", consult.Case{Channel: consult.Houkatsu, Summary: "母の介護認定", CreatedAt: now.Add(-time.Hour)})
	theirs := e.seed("U2", consult.Case{Channel: consult.Kosodate, Summary: "保育園の相談", CreatedAt: now.Add(-time.Hour),
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09011112222"}})
	b := e.browser()
	b.login("sato", pw)
	code, body := b.get("/console/cases")
	if code != http.StatusOK {
		t.Fatalf("inbox: %d", code)
	}
	contains(t, body, "母の介護認定", `data-id="`+itoa(mine.ID)+`"`)
	if strings.Contains(body, "保育園") || strings.Contains(body, itoa(theirs.ID)) {
		t.Errorf("staff inbox shows another channel's case")
	}
	// Asking for the other channel by filter shows nothing of it either.
	if _, body := b.get("/console/cases?channel=kosodate"); strings.Contains(body, "保育園") {
		t.Errorf("channel filter let staff see another channel")
	}
	if code, body := b.get("/console/cases/" + itoa(theirs.ID)); code != http.StatusNotFound || strings.Contains(body, "09011112222") {
		t.Errorf("another channel's case page: %d", code)
	}
	tok := b.csrf("/console/cases")
	if res, _ := b.post("/console/cases/"+itoa(theirs.ID)+"/act", url.Values{"csrf": {tok}, "action": {"claim"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("claiming another channel's case: %d, want 404", res.StatusCode)
	}
	if got, _ := e.db.Case(context.Background(), theirs.ID); got.Status != consult.CaseNew {
		t.Errorf("another channel's case changed: %s", got.Status)
	}
	for _, p := range []string{"/console/quality", "/console/figures", "/console/figures.csv", "/console/quality/corrections.jsonl",
		"/console/users", "/console/audit", "/console/settings"} {
		if code, _ := b.get(p); code != http.StatusForbidden {
			t.Errorf("staff GET %s: %d, want 403", p, code)
		}
	}
	if res, _ := b.post("/console/cases/"+itoa(mine.ID)+"/correct", url.Values{"csrf": {tok}, "channel": {"dv"},
		"urgency": {"normal"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff correcting routing: %d, want 403", res.StatusCode)
	}
	if code, _ := b.get("/console/cases/" + itoa(mine.ID)); code != http.StatusOK {
		t.Errorf("own channel's case: %d", code)
	}
}

func TestInboxOrderAndFilters(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	normal := e.seed("U1", consult.Case{Channel: consult.Houkatsu, Summary: "介護の相談", CreatedAt: now.Add(-3 * time.Hour)})
	crisis := e.seed("U2", consult.Case{Channel: consult.Other, Urgency: consult.Emergency, Crisis: consult.Suicide,
		Summary: "もう生きていたくない", CreatedAt: now.Add(-20 * time.Minute)})
	done := e.seed("U3", consult.Case{Channel: consult.Kosodate, Status: consult.CaseResolved, Summary: "保育園",
		CreatedAt: now.Add(-48 * time.Hour), ClosedAt: now.Add(-24 * time.Hour)})
	b := e.browser()
	b.login("abe", pw)
	_, body := b.get("/console/cases")
	ids := regexp.MustCompile(`data-id="(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(ids) != 2 || ids[0][1] != itoa(crisis.ID) || ids[1][1] != itoa(normal.ID) {
		t.Errorf("open cases in order = %v, want the emergency first, then the other; no closed case", ids)
	}
	contains(t, body, "20分", "3時間0分", `class="case-row u-emergency late"`)
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"status=all", []int64{crisis.ID, normal.ID, done.ID}},
		{"status=closed", []int64{done.ID}},
		{"urgency=emergency", []int64{crisis.ID}},
		{"channel=houkatsu&status=all", []int64{normal.ID}},
		{"q=" + url.QueryEscape("保育園") + "&status=all", []int64{done.ID}},
		{"from=2026-06-10&status=all", []int64{crisis.ID, normal.ID}},
		{"to=2026-06-09&status=all", []int64{done.ID}},
		{"urgency=bogus&channel=bogus", []int64{crisis.ID, normal.ID}},
	} {
		_, body := b.get("/console/cases?" + tc.query)
		var got []string
		for _, m := range regexp.MustCompile(`data-id="(\d+)"`).FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		var want []string
		for _, id := range tc.want {
			want = append(want, itoa(id))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: cases %v, want %v", tc.query, got, want)
		}
	}
}

func TestCasePageAndAudit(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	created := now.Add(-10 * time.Minute)
	c := e.seed("U1", consult.Case{Channel: consult.Houkatsu, Summary: "母の介護認定をうけたい", ForWhom: consult.SubjectFamily,
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09012345678"}, CreatedAt: created, NotifiedAt: created,
		Triage: consult.TriageResult{Channel: consult.Houkatsu, RunnerUp: consult.KenriYougo, Urgency: consult.Normal, Confidence: 0.72,
			Candidates: []consult.Candidate{{Channel: consult.Houkatsu, Score: 3.2}, {Channel: consult.KenriYougo, Score: 1.1}},
			Evidence:   []consult.Evidence{{Term: "介護認定", Channel: consult.Houkatsu, Weight: 3.2}}}},
		consult.Message{Direction: consult.FromResident, Text: "母の介護認定をうけたい", At: created.Add(-2 * time.Minute)},
		consult.Message{Direction: consult.FromBot, Text: "介護は地域包括支援センターです。", At: created.Add(-2 * time.Minute)},
		consult.Message{Direction: consult.FromResident, Text: "[postback] v1:a:handoff.consent:yes", At: created.Add(-time.Minute)},
		consult.Message{Direction: consult.FromResident, Text: "090-1234-5678", At: created})
	b := e.browser()
	b.login("abe", pw)
	code, body := b.get("/console/cases/" + itoa(c.ID))
	if code != http.StatusOK {
		t.Fatalf("case page: %d", code)
	}
	contains(t, body, "母の介護認定をうけたい", "090-1234-5678", `href="tel:09012345678"`, "介護認定", "権利擁護",
		"地域包括支援センター", "72.0%", "案件作成", "職員に通知", "家族", "介護は地域包括支援センターです。")
	audit, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{Action: "case.view"})
	if len(audit) != 1 || audit[0].CaseID != c.ID || audit[0].Actor != "abe" || audit[0].Remote == "" {
		t.Fatalf("case view audit = %+v", audit)
	}
	b.get("/console/cases/" + itoa(c.ID))
	if audit, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{CaseID: c.ID}); len(audit) != 2 {
		t.Errorf("two views left %d audit rows", len(audit))
	}
	if code, _ := b.get("/console/cases/4242"); code != http.StatusNotFound {
		t.Errorf("unknown case: %d", code)
	}
	if code, _ := b.get("/console/cases/abc"); code != http.StatusNotFound {
		t.Errorf("bad case id: %d", code)
	}
}

func TestActionsGoThroughTheCaseService(t *testing.T) {
	e := newEnv(t)
	pw := e.user("sato", consult.RoleStaff, consult.Houkatsu, consult.KenriYougo)
	c := e.seed("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: now.Add(-time.Hour)})
	b := e.browser()
	b.login("sato", pw)
	path := "/console/cases/" + itoa(c.ID)
	tok := b.csrf(path)
	act := func(form url.Values) string {
		t.Helper()
		form.Set("csrf", tok)
		res, _ := b.post(path+"/act", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("act %v: %d", form, res.StatusCode)
		}
		return res.Header.Get("Location")
	}
	if loc := act(url.Values{"action": {"claim"}}); !strings.HasSuffix(loc, "?done=claim") {
		t.Errorf("claim → %s", loc)
	}
	if loc := act(url.Values{"action": {"claim"}}); !strings.HasSuffix(loc, "?done=unchanged") {
		t.Errorf("second claim → %s, want unchanged", loc)
	}
	act(url.Values{"action": {"note"}, "note": {"電話で話した"}})
	act(url.Values{"action": {"reassign"}, "channel": {"kenri-yougo"}})
	got, _ := e.db.Case(context.Background(), c.ID)
	if got.Status != consult.CaseReferred || got.ReferredTo != consult.KenriYougo || got.ClaimedBy != "sato" {
		t.Errorf("after claim and reassign: %+v", got)
	}
	evs, _ := e.db.CaseEvents(context.Background(), c.ID)
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev.Action+"/"+ev.Actor)
	}
	if strings.Join(actions, " ") != "created/resident claimed/sato note/sato referred/sato" {
		t.Errorf("timeline = %v", actions)
	}
	_, body := b.get(path)
	contains(t, body, "電話で話した", "権利擁護へ紹介しました", "id=\"next-case\"")
	res, _ := b.post(path+"/act", url.Values{"csrf": {tok}, "action": {"explode"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown action: %d", res.StatusCode)
	}
}

func TestPagesRender(t *testing.T) {
	e := newEnv(t)
	pw := e.user("root", consult.RoleAdmin)
	e.seed("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: now.Add(-time.Hour)})
	b := e.browser()
	b.login("root", pw)
	for _, p := range []string{"/console/cases", "/console/quality", "/console/figures", "/console/users", "/console/audit",
		"/console/settings", "/console/account", "/console/quality?from=2025-01&to=2026-06"} {
		code, body := b.get(p)
		if code != http.StatusOK || !strings.Contains(body, "</html>") {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	if code, _ := b.get("/console/nothing"); code != http.StatusNotFound {
		t.Errorf("unknown page: %d", code)
	}
	res, err := b.c.Get(e.ts.URL + "/console/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/cases" {
		t.Errorf("/console/: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
}
