package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/directory/holiday"
)

// Case event actions of the timers.
const (
	ActionEscalated = "escalated"
	ActionReminded  = "reminded"
)

// Notes of the timers' Slack jobs, so that the message says why.
const (
	NoteUnclaimed    = "unclaimed"    // an emergency nobody claimed in time
	NoteNextMorning  = "next-morning" // a case nobody claimed by the next business morning
	timerActor       = "bot"
	defaultEscalate  = 5 * time.Minute
	defaultTimerTick = 30 * time.Second
)

// TimerStore is what the timers need of the store.
type TimerStore interface {
	CaseStore
	// UnclaimedEmergencies lists emergencies made at or before olderThan,
	// unclaimed and not yet escalated.
	UnclaimedEmergencies(ctx context.Context, olderThan time.Time) ([]consult.Case, error)
	// UnclaimedSince lists unclaimed cases made before the given time and not
	// yet reminded.
	UnclaimedSince(ctx context.Context, before time.Time) ([]consult.Case, error)
	// MarkReminded marks a case reminded and queues item, once per case.
	MarkReminded(ctx context.Context, id int64, at time.Time, item consult.OutboxItem) (bool, error)
}

// TimerOptions configure the timers; zero values take defaults.
type TimerOptions struct {
	// EscalateAfter is how long an emergency may stay unclaimed before it is
	// posted again with @channel and to the escalation channel (default 5 min).
	EscalateAfter time.Duration
	// Tick is how often the timers look (default 30 s).
	Tick time.Duration
}

// Timers escalate unclaimed emergencies and remind staff of cases nobody
// claimed by the next business morning. Both happen once per case, through
// the outbox; running them on several replicas at once is safe.
type Timers struct {
	store TimerStore
	opts  TimerOptions
	wake  func()
	log   *slog.Logger
	now   func() time.Time
}

// NewTimers returns the timers; wake is called when they queued Slack jobs.
func NewTimers(s TimerStore, opts TimerOptions, wake func(), log *slog.Logger) *Timers {
	if opts.EscalateAfter == 0 {
		opts.EscalateAfter = defaultEscalate
	}
	if opts.Tick == 0 {
		opts.Tick = defaultTimerTick
	}
	if wake == nil {
		wake = func() {}
	}
	return &Timers{store: s, opts: opts, wake: wake, log: log, now: time.Now}
}

// Run ticks until ctx ends.
func (t *Timers) Run(ctx context.Context) error {
	tick := time.NewTicker(t.opts.Tick)
	defer tick.Stop()
	for {
		if _, _, err := t.Tick(ctx, t.now()); err != nil && ctx.Err() == nil {
			t.log.WarnContext(ctx, "case timers failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// Tick escalates and reminds what is due at now and reports how many cases
// it escalated and reminded.
func (t *Timers) Tick(ctx context.Context, now time.Time) (escalated, reminded int, err error) {
	now = now.UTC()
	escalated, err = t.escalate(ctx, now)
	r, rerr := t.remind(ctx, now)
	if escalated+r > 0 {
		t.wake()
	}
	return escalated, r, errors.Join(err, rerr)
}

var errNotDue = errors.New("not due")

func (t *Timers) escalate(ctx context.Context, now time.Time) (int, error) {
	cases, err := t.store.UnclaimedEmergencies(ctx, now.Add(-t.opts.EscalateAfter))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, c := range cases {
		_, err := t.store.UpdateCase(ctx, c.ID, func(c consult.Case, _ consult.Resident) (consult.CaseChange, error) {
			// Checked again under the lock: a claim may have come in between.
			if c.Status != consult.CaseNew || c.Urgency != consult.Emergency || !c.EscalatedAt.IsZero() {
				return consult.CaseChange{}, errNotDue
			}
			ch := consult.CaseChange{Case: c}
			ch.Case.EscalatedAt, ch.Case.UpdatedAt = now, now
			ch.Events = []consult.CaseEvent{{CaseID: c.ID, At: now, Actor: timerActor, Action: ActionEscalated}}
			item, err := slackItem(c, consult.SlackJob{Op: consult.SlackEscalate, Note: NoteUnclaimed}, now)
			ch.Outbox = []consult.OutboxItem{item}
			return ch, err
		})
		switch {
		case errors.Is(err, errNotDue):
		case err != nil:
			errs = append(errs, fmt.Errorf("escalate case %d: %w", c.ID, err))
		default:
			n++
			t.log.InfoContext(ctx, "emergency escalated", "case", c.ID, "channel", c.Channel)
		}
	}
	return n, errors.Join(errs...)
}

func (t *Timers) remind(ctx context.Context, now time.Time) (int, error) {
	cases, err := t.store.UnclaimedSince(ctx, BusinessMorning(now))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, c := range cases {
		item, err := slackItem(c, consult.SlackJob{Op: consult.SlackRemind, Note: NoteNextMorning}, now)
		if err != nil {
			return n, err
		}
		ok, err := t.store.MarkReminded(ctx, c.ID, now, item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if ok {
			n++
			t.log.InfoContext(ctx, "unclaimed case reminded", "case", c.ID, "channel", c.Channel)
		}
	}
	return n, errors.Join(errs...)
}

// slackItem is the outbox item of a Slack job on a case.
func slackItem(c consult.Case, job consult.SlackJob, now time.Time) (consult.OutboxItem, error) {
	job.CaseID = c.ID
	payload, err := json.Marshal(job)
	if err != nil {
		return consult.OutboxItem{}, fmt.Errorf("encode slack job: %w", err)
	}
	return consult.OutboxItem{Kind: consult.OutSlack, Resident: c.Resident, CaseID: c.ID, Payload: payload, CreatedAt: now}, nil
}

// MorningHour is when a business day starts for the reminders (9:00 in
// Asia/Tokyo).
const MorningHour = 9

// tokyo is Asia/Tokyo, or a fixed +09:00 zone without tzdata (Japan has
// no daylight saving time, so both agree).
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}()

// BusinessDay reports whether the calendar day of t in Asia/Tokyo is a
// working day of the council: Monday to Friday, not a national holiday
// (振替休日 and 国民の休日 included) and not in the New Year closing
// (December 29 – January 3).
func BusinessDay(t time.Time) bool {
	d := t.In(tokyo)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if m, day := d.Month(), d.Day(); (m == time.December && day >= 29) || (m == time.January && day <= 3) {
		return false
	}
	return !holiday.IsHoliday(d)
}

// BusinessMorning returns the latest business-day 9:00 (Asia/Tokyo) at or
// before now. A case made before it has seen a business morning pass: if
// nobody claimed it, it is due for a reminder.
func BusinessMorning(now time.Time) time.Time {
	d := now.In(tokyo)
	m := time.Date(d.Year(), d.Month(), d.Day(), MorningHour, 0, 0, 0, tokyo)
	if m.After(now) {
		m = m.AddDate(0, 0, -1)
	}
	for i := 0; i < 30 && !BusinessDay(m); i++ {
		m = m.AddDate(0, 0, -1)
	}
	return m
}

// NextBusinessMorning returns the first business-day 9:00 (Asia/Tokyo)
// strictly after t: when a case made at t is reminded if nobody claims it.
func NextBusinessMorning(t time.Time) time.Time {
	d := t.In(tokyo)
	m := time.Date(d.Year(), d.Month(), d.Day(), MorningHour, 0, 0, 0, tokyo)
	if !m.After(t) {
		m = m.AddDate(0, 0, 1)
	}
	for i := 0; i < 30 && !BusinessDay(m); i++ {
		m = m.AddDate(0, 0, 1)
	}
	return m
}
