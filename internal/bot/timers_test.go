package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
)

var jst = time.FixedZone("JST", 9*60*60)

func TestBusinessMorning(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, jst)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name       string
		now        string
		latest     string // BusinessMorning(now)
		next       string // NextBusinessMorning(now)
		businessDy bool
	}{
		{"weekday after nine", "2026-11-25 10:00", "2026-11-25 09:00", "2026-11-26 09:00", true},
		{"weekday at nine", "2026-11-25 09:00", "2026-11-25 09:00", "2026-11-26 09:00", true},
		{"weekday before nine, after a holiday Monday", "2026-11-24 08:00", "2026-11-20 09:00", "2026-11-24 09:00", true},
		{"friday evening", "2026-11-27 18:00", "2026-11-27 09:00", "2026-11-30 09:00", true},
		{"saturday", "2026-11-28 11:00", "2026-11-27 09:00", "2026-11-30 09:00", false},
		{"勤労感謝の日", "2026-11-23 10:00", "2026-11-20 09:00", "2026-11-24 09:00", false},
		{"before the New Year closing", "2026-12-28 15:00", "2026-12-28 09:00", "2027-01-04 09:00", true},
		{"in the New Year closing", "2027-01-02 10:00", "2026-12-28 09:00", "2027-01-04 09:00", false},
		{"golden week with 振替休日", "2026-05-01 12:00", "2026-05-01 09:00", "2026-05-07 09:00", true},
		{"振替休日 itself", "2026-05-06 10:00", "2026-05-01 09:00", "2026-05-07 09:00", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := at(tc.now).UTC()
			if got := bot.BusinessMorning(now); !got.Equal(at(tc.latest)) {
				t.Errorf("BusinessMorning(%s) = %s, want %s", tc.now, got.In(jst), tc.latest)
			}
			if got := bot.NextBusinessMorning(now); !got.Equal(at(tc.next)) {
				t.Errorf("NextBusinessMorning(%s) = %s, want %s", tc.now, got.In(jst), tc.next)
			}
			if got := bot.BusinessDay(now); got != tc.businessDy {
				t.Errorf("BusinessDay(%s) = %v, want %v", tc.now, got, tc.businessDy)
			}
		})
	}
}

func slackJobs(t *testing.T, items []consult.OutboxItem) []consult.SlackJob {
	t.Helper()
	var out []consult.SlackJob
	for _, it := range items {
		var j consult.SlackJob
		if err := json.Unmarshal(it.Payload, &j); err != nil {
			t.Fatal(err)
		}
		out = append(out, j)
	}
	return out
}

func newTimers(e *env, wakes *int) *bot.Timers {
	return bot.NewTimers(e.db, bot.TimerOptions{}, func() { *wakes++ }, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestTimersEscalateUnclaimedEmergencyOnce(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true})
	e.send(text("crisis"))
	e.outbox(consult.OutSlack, consult.OutLINEReply)
	c := e.cases("U1")[0]
	var wakes int
	tm := newTimers(e, &wakes)
	ctx := context.Background()

	if esc, _, err := tm.Tick(ctx, c.CreatedAt.Add(4*time.Minute)); err != nil || esc != 0 {
		t.Fatalf("at 4 min: escalated %d, err %v; want none yet", esc, err)
	}
	esc, _, err := tm.Tick(ctx, c.CreatedAt.Add(5*time.Minute+time.Second))
	if err != nil || esc != 1 || wakes != 1 {
		t.Fatalf("at 5 min: escalated %d (wakes %d), err %v; want 1", esc, wakes, err)
	}
	jobs := slackJobs(t, e.outbox(consult.OutSlack))
	if len(jobs) != 1 || jobs[0].Op != consult.SlackEscalate || jobs[0].CaseID != c.ID || jobs[0].Note != bot.NoteUnclaimed {
		t.Fatalf("queued %+v, want one escalation of case %d", jobs, c.ID)
	}
	if got := e.cases("U1")[0]; got.EscalatedAt.IsZero() {
		t.Errorf("escalation not recorded on the case")
	}
	// Once per case.
	if esc, _, _ := tm.Tick(ctx, c.CreatedAt.Add(20*time.Minute)); esc != 0 {
		t.Errorf("escalated again: %d", esc)
	}
	if jobs := e.outbox(consult.OutSlack); len(jobs) != 0 {
		t.Errorf("second tick queued %d jobs", len(jobs))
	}
	tl, _ := e.db.CaseEvents(ctx, c.ID)
	if last := tl[len(tl)-1]; last.Action != bot.ActionEscalated || last.Actor != "bot" {
		t.Errorf("timeline ends with %+v, want the escalation", last)
	}
}

func TestTimersSkipClaimedEmergency(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true})
	e.send(text("crisis"))
	e.outbox(consult.OutSlack, consult.OutLINEReply)
	c := e.cases("U1")[0]
	cs := bot.NewCases(e.db, script{}, bot.Options{Slack: true})
	if _, _, err := cs.Act(context.Background(), c.ID, consult.CaseAction{Kind: consult.CaseClaim, By: "sato"}); err != nil {
		t.Fatal(err)
	}
	var wakes int
	if esc, _, err := newTimers(e, &wakes).Tick(context.Background(), c.CreatedAt.Add(time.Hour)); err != nil || esc != 0 || wakes != 0 {
		t.Errorf("claimed emergency escalated: %d, wakes %d, err %v", esc, wakes, err)
	}
}

func TestTimersRemindNextBusinessMorningOnce(t *testing.T) {
	e := newEnv(t, bot.Options{Slack: true})
	e.send(text("handoff"))
	e.outbox(consult.OutSlack, consult.OutLINEReply)
	c := e.cases("U1")[0]
	due := bot.NextBusinessMorning(c.CreatedAt)
	var wakes int
	tm := newTimers(e, &wakes)
	ctx := context.Background()
	if _, rem, err := tm.Tick(ctx, due.Add(-time.Minute)); err != nil || rem != 0 {
		t.Fatalf("before the next business morning: reminded %d, err %v", rem, err)
	}
	if _, rem, err := tm.Tick(ctx, due.Add(time.Minute)); err != nil || rem != 1 {
		t.Fatalf("after the next business morning: reminded %d, err %v; want 1", rem, err)
	}
	items, err := e.db.ClaimOutbox(ctx, []consult.OutboxKind{consult.OutSlack}, "t", due.Add(2*time.Minute), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	jobs := slackJobs(t, items)
	if len(jobs) != 1 || jobs[0].Op != consult.SlackRemind || jobs[0].CaseID != c.ID {
		t.Fatalf("queued %+v, want one reminder", jobs)
	}
	if _, rem, _ := tm.Tick(ctx, due.Add(48*time.Hour)); rem != 0 {
		t.Errorf("reminded again: %d", rem)
	}
	// The escalation timer leaves normal cases alone.
	if esc, _, _ := tm.Tick(ctx, due.Add(72*time.Hour)); esc != 0 {
		t.Errorf("a normal case was escalated")
	}
}
