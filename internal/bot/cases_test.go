package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
)

func TestClaimResolveIdempotent(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true, FollowUpAfter: 72 * time.Hour})
	e.send(text("handoff"))
	e.outbox(consult.OutSlack, consult.OutLINEReply)
	id := e.cases("U1")[0].ID
	cs := bot.NewCases(e.db, script{}, bot.Options{Slack: true, FollowUpAfter: 72 * time.Hour})
	ctx := context.Background()

	c, changed, err := cs.Act(ctx, id, consult.CaseAction{Kind: consult.CaseClaim, By: "sato"})
	if err != nil || !changed || c.Status != consult.CaseClaimed || c.ClaimedBy != "sato" {
		t.Fatalf("claim: %+v changed=%v err=%v", c, changed, err)
	}
	// A double click, or a second person: nothing changes.
	c, changed, err = cs.Act(ctx, id, consult.CaseAction{Kind: consult.CaseClaim, By: "suzuki"})
	if err != nil || changed || c.ClaimedBy != "sato" {
		t.Fatalf("second claim: %+v changed=%v err=%v", c, changed, err)
	}
	if jobs := e.outbox(consult.OutSlack); len(jobs) != 1 {
		t.Errorf("claim queued %d slack updates, want 1", len(jobs))
	}
	c, changed, err = cs.Act(ctx, id, consult.CaseAction{Kind: consult.CaseResolve, By: "sato"})
	if err != nil || !changed || c.Status != consult.CaseResolved || c.ClosedAt.IsZero() {
		t.Fatalf("resolve: %+v changed=%v err=%v", c, changed, err)
	}
	if _, changed, _ = cs.Act(ctx, id, consult.CaseAction{Kind: consult.CaseResolve, By: "sato"}); changed {
		t.Errorf("second resolve changed the case")
	}
	// The follow-up is scheduled days ahead and does not hold up other messages.
	items, err := e.db.ClaimOutbox(ctx, []consult.OutboxKind{consult.OutLINEPush}, "t", time.Now(), time.Minute, 10)
	if err != nil || len(items) != 0 {
		t.Fatalf("follow-up due too early: %+v %v", items, err)
	}
	e.send(text("hello again"))
	if replies := e.outbox(consult.OutLINEReply); len(replies) != 1 {
		t.Errorf("a pending follow-up held up a reply")
	}
	later, _ := e.db.ClaimOutbox(ctx, []consult.OutboxKind{consult.OutLINEPush}, "t", time.Now().Add(73*time.Hour), time.Minute, 10)
	if len(later) != 1 || later[0].CaseID != id {
		t.Fatalf("follow-up after 3 days: %+v", later)
	}
	msgs, _ := later[0].Messages()
	if len(msgs) != 1 || msgs[0].Text != "notice followup" {
		t.Errorf("follow-up messages = %+v", msgs)
	}
	tl, _ := e.db.CaseEvents(ctx, id)
	var actions []string
	for _, ev := range tl {
		actions = append(actions, ev.Action)
	}
	if len(actions) != 3 || actions[1] != bot.ActionClaimed || actions[2] != bot.ActionResolved {
		t.Errorf("timeline = %v", actions)
	}
}

func TestReassignRefersToNewCase(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true})
	e.send(text("handoff"))
	e.outbox(consult.OutSlack, consult.OutLINEReply)
	old := e.cases("U1")[0]
	cs := bot.NewCases(e.db, script{}, bot.Options{Slack: true})
	ctx := context.Background()
	if _, _, err := cs.Act(ctx, old.ID, consult.CaseAction{Kind: consult.CaseReassign, By: "sato", Channel: "nope"}); !errors.Is(err, consult.ErrInvalid) {
		t.Errorf("reassign to an unknown channel: %v", err)
	}
	c, changed, err := cs.Act(ctx, old.ID, consult.CaseAction{Kind: consult.CaseReassign, By: "sato", Channel: consult.KenriYougo})
	if err != nil || !changed || c.Status != consult.CaseReferred || c.ReferredTo != consult.KenriYougo {
		t.Fatalf("reassign: %+v %v %v", c, changed, err)
	}
	all := e.cases("U1")
	if len(all) != 2 || all[0].Channel != consult.KenriYougo || all[0].Status != consult.CaseNew || all[0].Contact != old.Contact {
		t.Fatalf("cases after reassign = %+v", all)
	}
	if _, changed, _ := cs.Act(ctx, old.ID, consult.CaseAction{Kind: consult.CaseReassign, By: "sato", Channel: consult.KenriYougo}); changed {
		t.Errorf("second reassign changed something")
	}
	var ops []string
	for _, j := range e.outbox(consult.OutSlack) {
		var job consult.SlackJob
		_ = json.Unmarshal(j.Payload, &job)
		ops = append(ops, string(job.Op)+":"+strconv.FormatBool(job.CaseID == old.ID))
	}
	if len(ops) != 3 {
		t.Errorf("slack jobs = %v, want post of the new case, note and update of the old", ops)
	}
}

func TestStaffReply(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("handoff"))
	e.outbox(consult.OutLINEReply)
	id := e.cases("U1")[0].ID
	cs := bot.NewCases(e.db, script{}, bot.Options{})
	ctx := context.Background()
	if err := cs.StaffReply(ctx, id, "sato", "houkatsu", "we will call you"); err != nil {
		t.Fatal(err)
	}
	pushes := e.outbox(consult.OutLINEPush)
	if len(pushes) != 1 || pushes[0].RetryKey == "" || pushes[0].Prompted {
		t.Fatalf("pushes = %+v", pushes)
	}
	if c := e.cases("U1")[0]; c.Status != consult.CaseClaimed || c.ClaimedBy != "sato" {
		t.Errorf("reply did not claim: %+v", c)
	}
	msgs, _ := e.db.Messages(ctx, "U1", 100)
	if last := msgs[len(msgs)-1]; last.Direction != consult.FromStaff || last.Author != "sato" || last.Text != "we will call you" {
		t.Errorf("transcript last = %+v", last)
	}
	// DV-safe: no unprompted pushes.
	e.send(text("dv"))
	if err := cs.StaffReply(ctx, id, "sato", "houkatsu", "hello"); !errors.Is(err, bot.ErrNoPush) {
		t.Errorf("reply to a DV-safe resident: %v, want ErrNoPush", err)
	}
}

func TestStaffReplyBlocked(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("handoff"))
	id := e.cases("U1")[0].ID
	e.send(consult.InboundEvent{Type: consult.EventUnfollow})
	cs := bot.NewCases(e.db, script{}, bot.Options{})
	if err := cs.StaffReply(context.Background(), id, "sato", "t", "x"); !errors.Is(err, bot.ErrNoPush) {
		t.Errorf("reply to a blocked resident: %v", err)
	}
	if _, _, err := cs.Act(context.Background(), 12345, consult.CaseAction{Kind: consult.CaseClaim, By: "x"}); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
}
