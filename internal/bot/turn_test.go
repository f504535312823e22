package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
)

func messages(t *testing.T, it consult.OutboxItem) []consult.OutMessage {
	t.Helper()
	m, err := it.Messages()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFollowGreetsAndTextEchoes(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(consult.InboundEvent{Type: consult.EventFollow})
	e.send(text("hi"))
	items := e.outbox(consult.OutLINEReply, consult.OutLINEPush)
	if len(items) != 2 {
		t.Fatalf("outbox = %d items, want 2", len(items))
	}
	if m := messages(t, items[0]); len(m) != 2 || m[0].Text != "hello" || items[0].ReplyToken != "rt-E1ns" {
		t.Errorf("follow reply = %+v token %q", m, items[0].ReplyToken)
	}
	if m := messages(t, items[1]); m[0].Text != "echo hi" || len(m[0].QuickReplies) != 1 {
		t.Errorf("text reply = %+v", m)
	}
	for _, it := range items {
		if it.RetryKey == "" || !it.Prompted || it.Kind != consult.OutLINEReply {
			t.Errorf("item = %+v, want a prompted reply with a retry key", it)
		}
	}
	msgs, _ := e.db.Messages(context.Background(), "U1", 100)
	want := []consult.Direction{consult.FromResident, consult.FromBot, consult.FromBot, consult.FromResident, consult.FromBot}
	if len(msgs) != len(want) {
		t.Fatalf("transcript = %+v", msgs)
	}
	for i, m := range msgs {
		if m.Direction != want[i] {
			t.Errorf("line %d direction %s, want %s", i, m.Direction, want[i])
		}
	}
	if msgs[4].Text != "echo hi\n<again>" {
		t.Errorf("bot line = %q", msgs[4].Text)
	}
}

func TestMoreThanFiveMessagesAreSplit(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("many"))
	items := e.outbox(consult.OutLINEReply, consult.OutLINEPush)
	if len(items) != 2 || len(messages(t, items[0])) != 5 || len(messages(t, items[1])) != 2 ||
		items[1].Kind != consult.OutLINEPush || items[1].ReplyToken != "" {
		t.Errorf("split = %+v", items)
	}
}

func TestUnfollowBlocksAndCancels(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("one"))
	e.send(consult.InboundEvent{Type: consult.EventUnfollow})
	if items := e.outbox(consult.OutLINEReply, consult.OutLINEPush); len(items) != 0 {
		t.Errorf("after unfollow %d items remain", len(items))
	}
	r, _ := e.db.Resident(context.Background(), "U1")
	if !r.Blocked() {
		t.Fatalf("resident not blocked")
	}
	// A message from a blocked resident (can't happen on LINE, but events may
	// arrive out of order) gets no reply queued.
	e.send(text("late"))
	if items := e.outbox(consult.OutLINEReply); len(items) != 0 {
		t.Errorf("reply queued to a blocked resident")
	}
	// Following again unblocks.
	e.send(consult.InboundEvent{Type: consult.EventFollow, Unblocked: true})
	if r, _ := e.db.Resident(context.Background(), "U1"); r.Blocked() {
		t.Errorf("still blocked after follow")
	}
	if items := e.outbox(consult.OutLINEReply); len(items) != 1 {
		t.Errorf("follow after block: %d replies, want 1", len(items))
	}
}

func TestOutOfOrderFollowUnfollow(t *testing.T) {
	e := newEnv(t, bot.Options{})
	// The unfollow happened after the follow but is processed first.
	e.send(consult.InboundEvent{Type: consult.EventUnfollow, Timestamp: base.Add(time.Hour)})
	e.send(consult.InboundEvent{Type: consult.EventFollow, Timestamp: base.Add(time.Minute)})
	if r, _ := e.db.Resident(context.Background(), "U1"); !r.Blocked() {
		t.Errorf("an older follow undid a newer unfollow")
	}
}

func TestGroupGetsOneNotice(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(consult.InboundEvent{Type: consult.EventJoin, Resident: "C1", Source: consult.SourceGroup})
	e.send(consult.InboundEvent{Type: consult.EventMessage, Text: "hi", Resident: "C1", Source: consult.SourceGroup})
	e.send(consult.InboundEvent{Type: consult.EventMessage, Text: "hi", Resident: "R1", Source: consult.SourceRoom})
	items := e.outbox(consult.OutLINEReply)
	if len(items) != 2 {
		t.Fatalf("%d replies, want one per group/room", len(items))
	}
	for _, it := range items {
		if m := messages(t, it); m[0].Text != "notice group" {
			t.Errorf("group reply = %+v", m)
		}
	}
}

func TestStandbySendsNothing(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(consult.InboundEvent{Type: consult.EventMessage, Text: "hi", Standby: true})
	if items := e.outbox(consult.OutLINEReply, consult.OutLINEPush); len(items) != 0 {
		t.Errorf("standby produced %d items", len(items))
	}
	if msgs, _ := e.db.Messages(context.Background(), "U1", 10); len(msgs) != 0 {
		t.Errorf("standby stored transcript %+v", msgs)
	}
}

func TestOldEventIsPushedNotReplied(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(consult.InboundEvent{Type: consult.EventMessage, Text: "hi", Timestamp: time.Now().Add(-25 * time.Minute)})
	items := e.outbox(consult.OutLINEReply)
	if len(items) != 1 || items[0].ReplyToken != "" {
		t.Errorf("items = %+v, want a reply item without token (push)", items)
	}
}

func TestCrisisOpensEmergencyCaseAndSlackPost(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true})
	e.send(text("crisis"))
	cs := e.cases("U1")
	if len(cs) != 1 || cs[0].Urgency != consult.Emergency || cs[0].Crisis != consult.Suicide || cs[0].Status != consult.CaseNew || cs[0].Channel != consult.Other {
		t.Fatalf("cases = %+v", cs)
	}
	jobs := e.outbox(consult.OutSlack)
	if len(jobs) != 1 {
		t.Fatalf("slack jobs = %d", len(jobs))
	}
	var job consult.SlackJob
	_ = json.Unmarshal(jobs[0].Payload, &job)
	if job.Op != consult.SlackPost || job.CaseID != cs[0].ID {
		t.Errorf("job = %+v", job)
	}
	// While the case is open, the resident's words go to staff, and the bot stays quiet.
	e.send(text("are you there"))
	jobs = e.outbox(consult.OutSlack)
	if len(jobs) != 1 {
		t.Fatalf("relay jobs = %d", len(jobs))
	}
	_ = json.Unmarshal(jobs[0].Payload, &job)
	if job.Op != consult.SlackThread || job.Text != "are you there" {
		t.Errorf("relay job = %+v", job)
	}
	// A second crisis message does not open a second case.
	e.send(text("crisis"))
	if cs := e.cases("U1"); len(cs) != 1 {
		t.Errorf("second crisis made %d cases", len(cs))
	}
	evs, _ := e.db.CaseEvents(context.Background(), cs[0].ID)
	if len(evs) < 3 {
		t.Errorf("timeline = %+v", evs)
	}
}

func TestHandoffWithdrawWithoutSlack(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("handoff"))
	cs := e.cases("U1")
	if len(cs) != 1 || cs[0].Channel != consult.Houkatsu || cs[0].NotifiedAt.IsZero() || cs[0].Contact.Method != consult.ContactLINE {
		t.Fatalf("cases = %+v", cs)
	}
	if jobs := e.outbox(consult.OutSlack); len(jobs) != 0 {
		t.Errorf("slack jobs without slack: %d", len(jobs))
	}
	e.send(text("stop"))
	if cs := e.cases("U1"); cs[0].Status != consult.CaseWithdrawn || cs[0].ClosedBy != "resident" {
		t.Errorf("after withdraw: %+v", cs[0])
	}
}

func TestDVSafeMarksResidentAndCases(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(text("handoff"))
	e.send(text("dv"))
	r, _ := e.db.Resident(context.Background(), "U1")
	if !r.DVSafe || !e.cases("U1")[0].DVSafe {
		t.Errorf("resident %+v / case %+v not DV-safe", r, e.cases("U1")[0])
	}
}

func TestFollowUpOnlyOwnCaseOnce(t *testing.T) {
	e := newEnv(t, bot.Options{})
	e.send(consult.InboundEvent{Type: consult.EventMessage, Text: "handoff", Resident: "U2"})
	other := e.cases("U2")[0]
	e.send(text("handoff"))
	e.send(text("stop"))
	own := e.cases("U1")[0]
	// Tampered postback: another resident's case ID.
	e.send(consult.InboundEvent{Type: consult.EventPostback, PostbackData: fmt.Sprintf("fu:%d", other.ID)})
	if c, _ := e.db.Case(context.Background(), other.ID); !c.FollowUpAt.IsZero() {
		t.Errorf("resident U1 answered U2's follow-up")
	}
	e.send(consult.InboundEvent{Type: consult.EventPostback, PostbackData: fmt.Sprintf("fu:%d", own.ID)})
	c, _ := e.db.Case(context.Background(), own.ID)
	if c.FollowUpAnswer != "yes" || c.FollowUpAt.IsZero() {
		t.Errorf("own follow-up not recorded: %+v", c)
	}
}
