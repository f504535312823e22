package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/triage"
)

func TestCorrectionFeedsQualityAndEval(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	created := now.Add(-30 * time.Minute)
	// The bot routed a worry about a father's money to houkatsu; it is
	// kenri-yougo.
	c := e.seed("U1", consult.Case{Channel: consult.Houkatsu, Summary: "父のお金の管理", CreatedAt: created,
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09012345678"},
		Triage:  consult.TriageResult{Channel: consult.Houkatsu, Urgency: consult.Normal, Confidence: 0.6}},
		consult.Message{Direction: consult.FromResident, Text: "父が物忘れで、お金の管理が心配です", At: created.Add(-3 * time.Minute)},
		consult.Message{Direction: consult.FromBot, Text: "介護は地域包括支援センターです。", At: created.Add(-3 * time.Minute)},
		consult.Message{Direction: consult.FromResident, Text: "[postback] v1:e:handoff:houkatsu", At: created.Add(-2 * time.Minute)},
		consult.Message{Direction: consult.FromResident, Text: "０９０ー１２３４ー５６７８", At: created.Add(-time.Minute)},
		consult.Message{Direction: consult.FromResident, Text: "年金の通帳も", At: created.Add(-time.Minute)})
	e.seed("U2", consult.Case{Channel: consult.Kosodate, CreatedAt: created, Triage: consult.TriageResult{}})
	e.seed("U3", consult.Case{Channel: consult.Other, Urgency: consult.Emergency, Crisis: consult.Suicide, CreatedAt: created,
		Triage: consult.TriageResult{Crisis: consult.Suicide, Urgency: consult.Emergency}})
	b := e.browser()
	b.login("abe", pw)
	_, before := b.get("/console/quality")
	contains(t, before, `<strong id="q-cases">3</strong>`, `<strong id="q-corrected">0</strong>`, `<strong id="q-crises">1</strong>`, `id="no-pairs"`)

	path := "/console/cases/" + itoa(c.ID)
	tok := b.csrf(path)
	res, _ := b.post(path+"/correct", url.Values{"csrf": {tok}, "channel": {"houkatsu"}, "urgency": {"normal"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("correcting to the same channel: %d, want 400", res.StatusCode)
	}
	res, _ = b.post(path+"/correct", url.Values{"csrf": {tok}, "channel": {"kenri-yougo"}, "crisis": {""}, "urgency": {"urgent"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "done=correct-moved") {
		t.Fatalf("correct: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	ctx := context.Background()
	corr, err := e.db.Correction(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := consult.RoutingCorrection{CaseID: c.ID, Text: "父が物忘れで、お金の管理が心配です\n年金の通帳も", Predicted: consult.Houkatsu,
		Routed: consult.Houkatsu, Channel: consult.KenriYougo, Urgency: consult.Urgent, By: "abe", At: now}
	if diff := cmp.Diff(want, corr); diff != "" {
		t.Errorf("stored correction mismatch (-want +got):\n%s", diff)
	}
	// The open case moved to the right channel through the case service.
	if got, _ := e.db.Case(ctx, c.ID); got.Status != consult.CaseReferred || got.ReferredTo != consult.KenriYougo {
		t.Errorf("corrected case: %s → %s", got.Status, got.ReferredTo)
	}
	_, after := b.get("/console/quality")
	contains(t, after, `<strong id="q-cases">3</strong>`, `<strong id="q-corrected">1</strong>`, `<strong id="q-corrections">1</strong>`,
		`id="quality-pairs"`, "権利擁護")
	if !strings.Contains(after, `<tr data-channel="houkatsu"><th>地域包括支援センター</th><td>1</td><td class="corrected-count">1</td><td>0.0%</td>`) {
		t.Errorf("houkatsu's accuracy row is not 1 case, 1 corrected, 0%%")
	}
	// The new case (a referral by a coordinator) is not the bot's decision.
	rows, _ := e.db.ListCases(ctx, consult.CaseQuery{Scope: consult.CaseScope{All: true}, Channel: consult.KenriYougo})
	if len(rows) != 1 || rows[0].ReferredFrom != consult.Houkatsu {
		t.Fatalf("referred case = %+v", rows)
	}
	if _, body := b.get("/console/cases/" + itoa(rows[0].ID)); strings.Contains(body, `id="correct-form"`) {
		t.Errorf("a referred case offers a routing correction")
	}

	// The export is what `tsunagu eval` reads, and it is audited.
	code, body := b.get("/console/quality/corrections.jsonl")
	if code != http.StatusOK {
		t.Fatalf("export: %d", code)
	}
	got, err := triage.ReadRows(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []triage.Row{{ID: "case-" + itoa(c.ID), Text: want.Text, Channel: "kenri-yougo", Crisis: "", Urgency: "urgent"}}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Errorf("export mismatch (-want +got):\n%s", diff)
	}
	if strings.Contains(body, "5678") || strings.Contains(body, "５６７８") {
		t.Errorf("the export contains the resident's phone number")
	}
	audit, _ := e.db.AuditLog(ctx, consult.AuditQuery{Action: "export.corrections"})
	if len(audit) != 1 || audit[0].Actor != "abe" || !strings.Contains(audit[0].Detail, "rows=1") {
		t.Errorf("export audit = %+v", audit)
	}
	if audit, _ := e.db.AuditLog(ctx, consult.AuditQuery{Action: "case.correct"}); len(audit) != 1 || audit[0].Detail != "houkatsu>kenri-yougo" {
		t.Errorf("correction audit = %+v", audit)
	}
}

func TestCorrectClosedCaseOnlyLabels(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	c := e.seed("U1", consult.Case{Channel: consult.Fureai, Status: consult.CaseResolved, CreatedAt: now.Add(-48 * time.Hour),
		ClosedAt: now.Add(-24 * time.Hour)},
		consult.Message{Direction: consult.FromResident, Text: "ボランティアをしたい", At: now.Add(-49 * time.Hour)})
	b := e.browser()
	b.login("abe", pw)
	path := "/console/cases/" + itoa(c.ID)
	res, _ := b.post(path+"/correct", url.Values{"csrf": {b.csrf(path)}, "channel": {"volunteer"}, "urgency": {"normal"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "done=correct") {
		t.Fatalf("correct a closed case: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got, _ := e.db.Case(context.Background(), c.ID); got.Status != consult.CaseResolved {
		t.Errorf("a closed case was moved: %s", got.Status)
	}
	if corr, _ := e.db.Correction(context.Background(), c.ID); corr.Text != "ボランティアをしたい" || corr.Channel != consult.Volunteer {
		t.Errorf("correction = %+v", corr)
	}
}
