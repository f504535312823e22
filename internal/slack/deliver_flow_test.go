package slack

import (
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

func TestDeliverEscalateAndRemind(t *testing.T) {
	c := sampleCase()
	c.Urgency, c.Crisis, c.Channel = consult.Emergency, consult.Suicide, consult.Other
	e := newTestEnv(t, Config{EscalationChannel: testEscal}, c)
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	if d := e.deliver(consult.SlackJob{Op: consult.SlackEscalate, CaseID: caseID, Note: noteUnclaimed}, 1); !d.Done {
		t.Fatalf("escalate: %+v", d)
	}
	posts := e.fake.Posts()
	if len(posts) != 3 {
		t.Fatalf("posts = %+v, want the case, an alert in its thread and a copy", posts)
	}
	main, alert, cp := posts[0], posts[1], posts[2]
	if main.Channel != testDefault || !strings.Contains(string(main.Blocks), "緊急｜自殺・自傷のおそれ｜社会福祉協議会") {
		t.Errorf("emergency main message: %+v", main)
	}
	if alert.ThreadTS != main.TS || !alert.Broadcast || !strings.Contains(alert.Text, "<!channel>") || !strings.Contains(alert.Text, "5 分間") {
		t.Errorf("alert = %+v, want a broadcast @channel reply in the thread", alert)
	}
	if cp.Channel != testEscal || !strings.Contains(string(cp.Blocks), `"action_id":"claim"`) || !strings.Contains(string(cp.Blocks), "fake.slack.test/archives/"+testDefault) {
		t.Errorf("copy = %+v, want the case with buttons and a link in the escalation channel", cp)
	}
	// A staff reply in the copy's thread reaches the case; a claim updates both.
	if got, err := e.store.CaseBySlackThread(t.Context(), testEscal, cp.TS); err != nil || got.ID != caseID {
		t.Errorf("copy not recorded: %v", err)
	}
	cl, _ := e.store.Case(t.Context(), caseID)
	cl.Status, cl.ClaimedBy, cl.ClaimedAt = consult.CaseClaimed, "suzuki", time.Now()
	e.store.set(cl)
	e.deliver(consult.SlackJob{Op: consult.SlackUpdate, CaseID: caseID}, 1)
	for _, p := range e.fake.Posts() {
		if (p.TS == main.TS || p.TS == cp.TS) && (!strings.Contains(string(p.Blocks), "対応中：suzuki") || strings.Contains(string(p.Blocks), `"action_id":"claim"`)) {
			t.Errorf("message %s in %s not updated to the claim:\n%s", p.TS, p.Channel, p.Blocks)
		}
	}
	// Claimed: a reminder has nothing to say.
	if d := e.deliver(consult.SlackJob{Op: consult.SlackRemind, CaseID: caseID}, 1); !d.Done || len(e.fake.Posts()) != 3 {
		t.Errorf("reminder of a claimed case posted")
	}
}

func TestDeliverRemind(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	e.deliver(consult.SlackJob{Op: consult.SlackRemind, CaseID: caseID, Note: "next-morning"}, 1)
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[1].ThreadTS != posts[0].TS || !posts[1].Broadcast || !strings.Contains(posts[1].Text, "受付 11/27 10:02") {
		t.Errorf("reminder = %+v", posts)
	}
}

func TestDeliverWithdrawnBeforePostIsNotPosted(t *testing.T) {
	c := sampleCase()
	c.Status, c.ClosedBy = consult.CaseWithdrawn, "resident"
	e := newTestEnv(t, Config{}, c)
	for _, op := range []consult.SlackOp{consult.SlackPost, consult.SlackUpdate, consult.SlackThread} {
		if d := e.deliver(consult.SlackJob{Op: op, CaseID: caseID, Text: "x"}, 1); !d.Done {
			t.Errorf("%s of a withdrawn case: %+v", op, d)
		}
	}
	if n := len(e.fake.Posts()); n != 0 {
		t.Errorf("a case withdrawn before it was posted was posted (%d messages)", n)
	}
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: 999}, 1); !d.Permanent {
		t.Errorf("unknown case: %+v, want permanent", d)
	}
}

func TestDeliverReassignNotesBothThreads(t *testing.T) {
	old := sampleCase()
	e := newTestEnv(t, Config{}, old)
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	o, _ := e.store.Case(t.Context(), caseID)
	o.Status, o.ClosedBy, o.ReferredTo = consult.CaseReferred, "sato (slack:U0SATO)", consult.SeikatsuSoudan
	e.store.set(o)
	next := sampleCase()
	next.ID, next.Channel = 7, consult.SeikatsuSoudan
	e.store.set(next)
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: 7, Note: "referred-from:houkatsu"}, 1)
	e.deliver(consult.SlackJob{Op: consult.SlackThread, CaseID: caseID, Note: "referred-to:seikatsu-soudan"}, 1)
	e.deliver(consult.SlackJob{Op: consult.SlackUpdate, CaseID: caseID}, 1)
	posts := e.fake.Posts()
	if len(posts) != 4 {
		t.Fatalf("posts = %+v", posts)
	}
	newMain, newNote, oldNote := posts[1], posts[2], posts[3]
	if newMain.Channel != testDefault || !strings.Contains(string(newMain.Blocks), "地域包括支援センター から窓口変更されたケースです") {
		t.Errorf("new case message = %+v", newMain)
	}
	if newNote.ThreadTS != newMain.TS || !strings.Contains(newNote.Text, "*地域包括支援センター* から窓口変更") {
		t.Errorf("note in the new thread = %+v", newNote)
	}
	if oldNote.ThreadTS != posts[0].TS || !strings.Contains(oldNote.Text, "*生活サポート相談窓口* に変更しました（<@U0SATO>）") {
		t.Errorf("note in the old thread = %+v", oldNote)
	}
	if !strings.Contains(string(e.fake.Posts()[0].Blocks), "窓口変更：生活サポート相談窓口 へ") {
		t.Errorf("old message does not show the reassignment")
	}
}
