package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

// script is a conversation for tests: it echoes text, and words in the text
// trigger effects.
type script struct{}

func (script) Step(s consult.Session, in consult.Input) (consult.Session, []consult.OutMessage, []consult.Effect) {
	s = s.Clone()
	s.Step = string(in.Kind)
	var effs []consult.Effect
	switch {
	case in.Kind == consult.InputFollow:
		return s, []consult.OutMessage{{Text: "hello"}, {Text: "privacy"}}, nil
	case in.Kind == consult.InputPostback && strings.HasPrefix(in.Data, "fu:"):
		var id int64
		_ = json.Unmarshal([]byte(strings.TrimPrefix(in.Data, "fu:")), &id)
		return s, []consult.OutMessage{{Text: "thanks"}}, []consult.Effect{{Kind: consult.EffectFollowUp, CaseID: id, Value: "yes"}}
	case in.Text == "dv":
		return s, []consult.OutMessage{{Text: "safe"}}, []consult.Effect{{Kind: consult.EffectDVSafe}}
	case in.CaseOpen && in.Text != "crisis" && in.Text != "stop":
		return s, nil, []consult.Effect{{Kind: consult.EffectToStaff}}
	case in.Text == "crisis":
		effs = append(effs, consult.Effect{Kind: consult.EffectCrisis, Crisis: consult.Suicide, Summary: "s"})
	case in.Text == "handoff":
		effs = append(effs, consult.Effect{Kind: consult.EffectHandoff, Channel: consult.Houkatsu, Urgency: consult.Normal,
			Contact: &consult.Contact{Method: consult.ContactLINE}})
	case in.Text == "stop":
		effs = append(effs, consult.Effect{Kind: consult.EffectWithdraw})
	case in.Text == "many":
		var msgs []consult.OutMessage
		for i := 0; i < 7; i++ {
			msgs = append(msgs, consult.OutMessage{Text: "m"})
		}
		return s, msgs, nil
	}
	return s, []consult.OutMessage{{Text: "echo " + in.Text + in.Data, QuickReplies: []consult.Action{{Kind: consult.ActionMessage, Label: "again"}}}}, effs
}

func (script) Notice(name string, vars map[string]string) ([]consult.OutMessage, error) {
	return []consult.OutMessage{{Text: "notice " + name}}, nil
}

type env struct {
	t  *testing.T
	db *sqlite.DB
	b  *bot.Bot
	n  int
}

func newEnv(t *testing.T, opts bot.Options) *env {
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &env{t: t, db: db, b: bot.New(script{}, opts)}
}

var base = time.Now().UTC().Add(-time.Minute)

// send stores an event and runs its turn.
func (e *env) send(ev consult.InboundEvent) {
	e.t.Helper()
	e.n++
	if ev.ID == "" {
		ev.ID = "E" + time.Duration(e.n).String()
	}
	if ev.Resident == "" {
		ev.Resident = "U1"
	}
	if ev.Source == "" {
		ev.Source = consult.SourceUser
	}
	if ev.Timestamp.IsZero() {
		ev.Timestamp = base.Add(time.Duration(e.n) * time.Second)
	}
	if ev.ReceivedAt.IsZero() {
		ev.ReceivedAt = time.Now().UTC()
	}
	if ev.Type == consult.EventMessage && ev.MessageType == "" {
		ev.MessageType = "text"
	}
	if ev.ReplyToken == "" && ev.Type != consult.EventUnfollow {
		ev.ReplyToken = "rt-" + ev.ID
	}
	ctx := context.Background()
	if _, err := e.db.RecordEvents(ctx, []consult.InboundEvent{ev}); err != nil {
		e.t.Fatal(err)
	}
	if ok, err := e.db.Turn(ctx, ev.Resident, e.b.Turn); err != nil || !ok {
		e.t.Fatalf("turn: ok=%v err=%v", ok, err)
	}
}

func text(s string) consult.InboundEvent {
	return consult.InboundEvent{Type: consult.EventMessage, Text: s}
}

// outbox claims every due item of the kinds.
func (e *env) outbox(kinds ...consult.OutboxKind) []consult.OutboxItem {
	e.t.Helper()
	var all []consult.OutboxItem
	for {
		items, err := e.db.ClaimOutbox(context.Background(), kinds, "t", time.Now().Add(time.Hour), time.Minute, 100)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(items) == 0 {
			return all
		}
		for _, it := range items {
			all = append(all, it)
			if err := e.db.FinishOutbox(context.Background(), "t", consult.OutboxResult{ID: it.ID, State: consult.OutboxDone}); err != nil {
				e.t.Fatal(err)
			}
		}
	}
}

func (e *env) cases(r string) []consult.Case {
	e.t.Helper()
	cs, err := e.db.ResidentCases(context.Background(), r)
	if err != nil {
		e.t.Fatal(err)
	}
	return cs
}
