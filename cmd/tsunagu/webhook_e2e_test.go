package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// deliveryText flattens a delivery's messages for assertions.
func deliveryText(d linesim.Delivery) string {
	var b strings.Builder
	for _, m := range d.Messages {
		b.Write(m)
	}
	return b.String()
}

func statusOf(err error) int {
	var se *linesim.StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return 0
}

func TestWebhookRefusesBadSignature(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	forger := *h.client
	forger.WrongSecret = true
	u := linesim.UserID("forged")
	if _, err := forger.Text(ctx, u, "こんにちは"); statusOf(err) != 401 {
		t.Fatalf("forged webhook: %v, want 401", err)
	}
	// A body signed for different content is refused too.
	ev := h.client.NewTextEvent(u, "hello")
	body, _ := json.Marshal(map[string]any{"destination": "U" + strings.Repeat("0", 32), "events": []any{ev}})
	if _, err := h.client.SendRaw(ctx, body, linesim.Sign(testSecret, []byte(`{"events":[]}`))); statusOf(err) != 401 {
		t.Fatalf("mismatched signature: %v, want 401", err)
	}
	if _, err := h.client.SendRaw(ctx, body, ""); statusOf(err) != 401 {
		t.Fatalf("missing signature: %v, want 401", err)
	}
	h.quiet(u, 0, 300*time.Millisecond)
	pending, err := h.app.store.PendingResidents(ctx, 10)
	if err != nil || len(pending) != 0 {
		t.Errorf("forged events were stored: %v %v", pending, err)
	}
}

func TestWebhookLimitsAndEmpty(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	big := bytes.Repeat([]byte("a"), 2<<20)
	if _, err := h.client.SendRaw(ctx, big, linesim.Sign(testSecret, big)); statusOf(err) != 413 {
		t.Fatalf("2 MiB body: %v, want 413", err)
	}
	empty := []byte(`{"destination":"U00000000000000000000000000000000","events":[]}`)
	res, err := h.client.SendRaw(ctx, empty, linesim.Sign(testSecret, empty))
	if err != nil || res.Status != 200 {
		t.Fatalf("empty events: %+v %v, want 200", res, err)
	}
	junk := []byte(`{"events": [`)
	if _, err := h.client.SendRaw(ctx, junk, linesim.Sign(testSecret, junk)); statusOf(err) != 400 {
		t.Fatalf("malformed JSON: %v, want 400", err)
	}
	// Unknown event types are acknowledged and ignored.
	unknown := []byte(`{"destination":"U00000000000000000000000000000000","events":[{"type":"somethingNew","mode":"active","timestamp":1,"webhookEventId":"01ARZ3NDEKTSV4RRFFQ69G5FAV","deliveryContext":{"isRedelivery":false},"source":{"type":"user","userId":"U11111111111111111111111111111111"}}]}`)
	if res, err := h.client.SendRaw(ctx, unknown, linesim.Sign(testSecret, unknown)); err != nil || res.Status != 200 {
		t.Fatalf("unknown event type: %v", err)
	}
}

func TestFollowAndTextAreAnswered(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	u := linesim.UserID("hanako")
	res, err := h.client.Follow(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if res.Latency > 500*time.Millisecond {
		t.Errorf("acknowledged in %v; LINE waits 2 s and we aim far below", res.Latency)
	}
	got := h.wait(u, 1, 5*time.Second)
	if got[0].Via != "reply" || len(got[0].Messages) == 0 || len(got[0].Messages) > 5 {
		t.Errorf("follow answer = %+v", got[0])
	}
	if _, err := h.client.Text(ctx, u, "母の介護認定をうけたい"); err != nil {
		t.Fatal(err)
	}
	got = h.wait(u, 2, 5*time.Second)
	if got[1].Via != "reply" || !strings.Contains(deliveryText(got[1]), "tel:") {
		t.Errorf("answer to a care question has no tap-to-call: %s", deliveryText(got[1]))
	}
	// Every call was accepted by the simulator, which checks LINE's limits.
	for _, c := range h.api.Calls() {
		if c.Status >= 400 {
			t.Errorf("Messaging API refused a call: %+v", c)
		}
	}
}

func TestDuplicateEventAnsweredOnce(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	u := linesim.UserID("dup")
	ev := h.client.NewTextEvent(u, "ボランティアをしたい")
	if _, err := h.client.Send(ctx, ev); err != nil {
		t.Fatal(err)
	}
	// The same event again (network duplicate), redelivered, and twice in one body.
	if _, err := h.client.Send(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.Redeliver(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.Send(ctx, ev, ev); err != nil {
		t.Fatal(err)
	}
	h.wait(u, 1, 5*time.Second)
	h.quiet(u, 1, 500*time.Millisecond)
}

func TestOrderPerResident(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	users := []string{linesim.UserID("a"), linesim.UserID("b"), linesim.UserID("c")}
	sent := map[string][]string{}
	for i := 0; i < 6; i++ {
		var evs []linesim.Event
		for _, u := range users {
			ev := h.client.NewTextEvent(u, "しつもん "+strings.Repeat("あ", i+1))
			sent[u] = append(sent[u], ev.WebhookEventID)
			evs = append(evs, ev)
		}
		// Several residents in one webhook, as LINE does.
		if _, err := h.client.Send(ctx, evs...); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users {
		got := h.wait(u, 6, 10*time.Second)
		for i, d := range got {
			if d.EventID != sent[u][i] {
				t.Errorf("%s: answer %d is for event %s, want %s (order kept per resident)", u, i, d.EventID, sent[u][i])
			}
		}
	}
}

func TestGroupGetsOnePoliteReply(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	g := linesim.GroupID("family")
	if _, err := h.client.GroupText(ctx, g, linesim.UserID("m"), "こんにちは"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.GroupText(ctx, g, linesim.UserID("m"), "もしもし"); err != nil {
		t.Fatal(err)
	}
	h.wait(g, 1, 5*time.Second)
	h.quiet(g, 1, 400*time.Millisecond)
}

func TestStandbySendsNothing(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	c := *h.client
	c.Standby = true
	u := linesim.UserID("standby")
	if _, err := c.Text(context.Background(), u, "こんにちは"); err != nil {
		t.Fatal(err)
	}
	h.quiet(u, 0, 500*time.Millisecond)
}

func TestRefusedReplyTokenFallsBackToPush(t *testing.T) {
	h := newHarness(t, harnessOpts{sim: linesim.Options{ReplyTokenTTL: time.Nanosecond}})
	u := linesim.UserID("late")
	if _, err := h.client.Text(context.Background(), u, "ボランティアをしたい"); err != nil {
		t.Fatal(err)
	}
	got := h.wait(u, 1, 5*time.Second)
	if got[0].Via != "push" || got[0].RetryKey == "" {
		t.Errorf("answer = %+v, want a push with X-Line-Retry-Key", got[0])
	}
	h.quiet(u, 1, 300*time.Millisecond)
}

func TestServerErrorsAreRetriedOnce(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.api.Inject(linesim.Fault{Endpoint: "reply", Status: 500, Times: 2})
	u := linesim.UserID("retry")
	if _, err := h.client.Text(context.Background(), u, "ボランティアをしたい"); err != nil {
		t.Fatal(err)
	}
	got := h.wait(u, 1, 10*time.Second)
	if got[0].Via != "reply" {
		t.Errorf("answer = %+v, want the reply after two 500s", got[0])
	}
	h.quiet(u, 1, 300*time.Millisecond)
	refused := 0
	for _, c := range h.api.Calls() {
		if c.Endpoint == "reply" && c.Status == 500 {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("%d refused reply calls, want 2", refused)
	}
}

func TestLoadingAnimationWhenSlow(t *testing.T) {
	h := newHarness(t, harnessOpts{deps: appDeps{SlowTurn: time.Nanosecond}})
	u := linesim.UserID("slow")
	if _, err := h.client.Text(context.Background(), u, "こんにちは"); err != nil {
		t.Fatal(err)
	}
	h.wait(u, 1, 5*time.Second)
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range h.api.Calls() {
			if c.Endpoint == "loading" && c.ChatID == u && c.Status == 202 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("no loading animation for a slow turn")
}
