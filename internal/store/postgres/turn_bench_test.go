package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// benchTurn is a turn shaped like a real one: the resident's line, a text
// and a card from the bot, one reply in the outbox.
func benchTurn(in consult.TurnInput) (consult.TurnOutput, error) {
	s := in.Session.Clone()
	s.Flow, s.Step = "main", "offer"
	s.Vars["ch"], s.Vars["th"] = "houkatsu", "care"
	card := consult.OutMessage{AltText: "alt", Card: &consult.Card{Title: "地域包括支援センター", Subtitle: "ちいきほうかつ",
		Lines: []string{"いま あいて います。17:00 まで です。", "時間：月〜土 8:30〜17:00", "電話：042-000-0000", "ばしょ：西東京市"},
		Buttons: []consult.Action{{Kind: consult.ActionURI, Label: "電話する", URI: "tel:0420000000"},
			{Kind: consult.ActionPostback, Label: "スタッフから れんらく して もらう", Data: "v1:e:handoff:houkatsu"}}}}
	text := consult.OutMessage{Text: strings.Repeat("介護の 相談は ここです。", 4),
		QuickReplies: []consult.Action{{Kind: consult.ActionPostback, Label: "最初から", Data: "v1:a:main.offer:restart"}}}
	payload, err := json.Marshal([]consult.OutMessage{text, card})
	if err != nil {
		return consult.TurnOutput{}, err
	}
	ev, r := in.Event, in.Resident
	r.LastEventAt = ev.Timestamp
	return consult.TurnOutput{Resident: r, Session: s,
		Transcript: []consult.Message{
			{Resident: ev.Resident, Direction: consult.FromResident, Text: ev.Text, EventID: ev.ID, At: ev.Timestamp},
			{Resident: ev.Resident, Direction: consult.FromBot, Text: text.Text, Out: &text, EventID: ev.ID},
			{Resident: ev.Resident, Direction: consult.FromBot, Text: "[card]", Out: &card, EventID: ev.ID},
		},
		Outbox: []consult.OutboxItem{{Kind: consult.OutLINEReply, Resident: ev.Resident, ReplyToken: ev.ReplyToken,
			EventAt: ev.ReceivedAt, RetryKey: "k-" + ev.ID, Payload: payload, Prompted: true}},
	}, nil
}

// BenchmarkTurn is one event through the store as the server does it: the
// webhook records it, a turn processes it (one transaction), and the outbox
// claims and finishes its reply. It reports the CPU time of its PostgreSQL
// backends per event beside the client's (WAL writer and checkpointer not
// included).
func BenchmarkTurn(b *testing.B) {
	ctx := context.Background()
	url := pgtest.URL(b) + "&application_name=tsunagu-turn-bench"
	db, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// The backends serving this benchmark, not other clients of the cluster.
	backends := func() []int {
		rows, err := db.Pool().Query(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = 'tsunagu-turn-bench'`)
		if err != nil {
			b.Fatal(err)
		}
		pids, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			b.Fatal(err)
		}
		return pids
	}
	var n atomic.Int64
	pg0 := loadtest.CPUOf(backends())
	self0, _ := loadtest.ProcessCPU(os.Getpid())
	b.ResetTimer()
	b.SetParallelism(8) // 16 goroutines on 2 CPUs, like the processor's workers
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			r := fmt.Sprintf("U%032d", i%500)
			now := time.Now().UTC()
			ev := consult.InboundEvent{ID: fmt.Sprintf("E%d-%d", time.Now().UnixNano(), i), Resident: r,
				Source: consult.SourceUser, Type: consult.EventMessage, Timestamp: now, ReplyToken: "rt",
				MessageType: "text", Text: "母の介護のことで相談したいです", ReceivedAt: now}
			if _, err := db.RecordEvents(ctx, []consult.InboundEvent{ev}); err != nil {
				b.Fatal(err)
			}
			for {
				found, more, err := turn(ctx, db, r)
				if err != nil {
					b.Fatal(err)
				}
				if !found || !more {
					break
				}
			}
			owner := fmt.Sprint("bench-", i)
			items, err := db.ClaimOutbox(ctx, []consult.OutboxKind{consult.OutLINEReply}, owner, time.Now(), time.Minute, 4)
			if err != nil {
				b.Fatal(err)
			}
			res := make([]consult.OutboxResult, len(items))
			for j, it := range items {
				res[j] = consult.OutboxResult{ID: it.ID, State: consult.OutboxDone, At: time.Now()}
			}
			if err := db.FinishOutbox(ctx, owner, res...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(loadtest.CPUSince(pg0, loadtest.CPUOf(backends())).Microseconds())/float64(b.N), "pg-cpu-µs/op")
	if self1, err := loadtest.ProcessCPU(os.Getpid()); err == nil {
		b.ReportMetric(float64((self1-self0).Microseconds())/float64(b.N), "go-cpu-µs/op")
	}
}

// turn runs one turn, with TurnMore when the store has it.
func turn(ctx context.Context, db any, r string) (found, more bool, err error) {
	type turnMorer interface {
		TurnMore(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (bool, bool, error)
	}
	if tm, ok := db.(turnMorer); ok {
		return tm.TurnMore(ctx, r, benchTurn)
	}
	found, err = db.(*postgres.DB).Turn(ctx, r, benchTurn)
	return found, found, err
}
