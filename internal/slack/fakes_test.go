package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/slack/slackfake"
)

// memStore is an in-memory Store and Cases for the adapter's tests.
type memStore struct {
	mu      sync.Mutex
	cases   map[int64]consult.Case
	copies  []consult.SlackMessage
	events  map[string]bool
	replies []staffReply
	noPush  map[int64]bool
	acts    int
}

type staffReply struct {
	Case               int64
	Author, Team, Text string
}

var errNoPush = errors.New("no push")

func newMemStore(cs ...consult.Case) *memStore {
	m := &memStore{cases: map[int64]consult.Case{}, events: map[string]bool{}, noPush: map[int64]bool{}}
	for _, c := range cs {
		m.cases[c.ID] = c
	}
	return m
}

func (m *memStore) Case(_ context.Context, id int64) (consult.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cases[id]
	if !ok {
		return c, fmt.Errorf("case %d: %w", id, consult.ErrNotFound)
	}
	return c, nil
}

func (m *memStore) CaseBySlackThread(_ context.Context, channel, ts string) (consult.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cases {
		if c.SlackChannel == channel && c.SlackTS == ts && ts != "" {
			return c, nil
		}
	}
	for _, cp := range m.copies {
		if cp.Channel == channel && cp.TS == ts {
			return m.cases[cp.CaseID], nil
		}
	}
	return consult.Case{}, consult.ErrNotFound
}

func (m *memStore) AddSlackMessage(_ context.Context, sm consult.SlackMessage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, cp := range m.copies {
		if cp.Channel == sm.Channel && cp.TS == sm.TS {
			return nil
		}
	}
	m.copies = append(m.copies, sm)
	return nil
}

func (m *memStore) SlackMessages(_ context.Context, id int64) ([]consult.SlackMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []consult.SlackMessage
	for _, cp := range m.copies {
		if cp.CaseID == id {
			out = append(out, cp)
		}
	}
	return out, nil
}

func (m *memStore) MarkSlackEvent(_ context.Context, id string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.events[id] {
		return false, nil
	}
	m.events[id] = true
	return true, nil
}

// Act follows bot.Cases: each action at most once.
func (m *memStore) Act(_ context.Context, id int64, a consult.CaseAction) (consult.Case, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.acts++
	c, ok := m.cases[id]
	if !ok {
		return c, false, fmt.Errorf("update case %d: %w", id, consult.ErrNotFound)
	}
	now := time.Date(2026, 11, 27, 10, 5, 0, 0, time.UTC)
	switch a.Kind {
	case consult.CaseClaim:
		if c.Status != consult.CaseNew {
			return c, false, nil
		}
		c.Status, c.ClaimedBy, c.ClaimedAt = consult.CaseClaimed, a.By, now
	case consult.CaseResolve:
		if !c.Status.Open() {
			return c, false, nil
		}
		c.Status, c.ClosedBy, c.ClosedAt = consult.CaseResolved, a.By, now
	case consult.CaseReassign:
		if !c.Status.Open() || c.Channel == a.Channel {
			return c, false, nil
		}
		c.Status, c.ClosedBy, c.ClosedAt, c.ReferredTo = consult.CaseReferred, a.By, now, a.Channel
	}
	m.cases[id] = c
	return c, true, nil
}

func (m *memStore) StaffReply(_ context.Context, id int64, author, team, text string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.noPush[id] {
		return fmt.Errorf("staff reply: %w", errNoPush)
	}
	m.replies = append(m.replies, staffReply{id, author, team, text})
	return nil
}

// save applies what the outbox records after a delivery.
func (m *memStore) save(id int64, d consult.Delivery) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d.SlackTS != "" {
		c := m.cases[id]
		c.SlackChannel, c.SlackTS = d.SlackChannel, d.SlackTS
		m.cases[id] = c
	}
}

func (m *memStore) set(c consult.Case) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cases[c.ID] = c
}

const (
	testSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	testDefault = "CDEFAULT01"
	testEscal   = "CESCAL0001"
	testKaigo   = "CKAIGO0001"
)

var testNames = map[consult.Channel]string{
	consult.Houkatsu: "地域包括支援センター", consult.SeikatsuSoudan: "生活サポート相談窓口",
	consult.DV: "配偶者等からの暴力（DV）の相談", consult.Other: "社会福祉協議会",
}

// testEnv is an adapter wired to a fake Slack and an in-memory store.
type testEnv struct {
	t       testing.TB
	fake    *slackfake.Server
	store   *memStore
	slack   *Slack
	changes int
	nextID  int64
}

func newTestEnv(t testing.TB, cfg Config, cs ...consult.Case) *testEnv {
	t.Helper()
	e := &testEnv{t: t, fake: slackfake.New(t, map[string]string{"kaigo": testKaigo, "default": testDefault}), store: newMemStore(cs...)}
	cfg.BotToken, cfg.SigningSecret, cfg.APIURL = "xoxb-test", testSecret, e.fake.URL()
	if cfg.DefaultChannel == "" {
		cfg.DefaultChannel = testDefault
	}
	if cfg.Routes == nil {
		cfg.Routes = map[consult.Channel]string{consult.Houkatsu: testKaigo}
	}
	if cfg.Names == nil {
		cfg.Names = testNames
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://tsunagu.example.jp"
	}
	cfg.ErrNoPush = errNoPush
	cfg.OnChange = func() { e.changes++ }
	s, err := New(cfg, e.store, e.store, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e.slack = s
	return e
}

// deliver runs one attempt of a job as the outbox would, recording the
// thread on the case.
func (e *testEnv) deliver(job consult.SlackJob, attempts int) consult.Delivery {
	e.t.Helper()
	if attempts == 1 {
		e.nextID++
	}
	it := consult.OutboxItem{ID: e.nextID, Kind: consult.OutSlack, CaseID: job.CaseID, Attempts: attempts,
		Payload: mustJSON(e.t, job), CreatedAt: time.Now()}
	d := e.slack.Deliver(context.Background(), it)
	e.store.save(job.CaseID, d)
	return d
}
