package linesim

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testSecret = "test-channel-secret"

// botStub records the webhooks it receives, like a bot that verifies the
// signature independently (crypto/hmac, not the simulator's Sign).
type botStub struct {
	mu       sync.Mutex
	bodies   [][]byte
	sigOK    []bool
	status   int
	received chan struct{}
}

func newBotStub() (*botStub, *httptest.Server) {
	b := &botStub{status: http.StatusOK, received: make(chan struct{}, 100)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sig, err := base64.StdEncoding.DecodeString(r.Header.Get("X-Line-Signature"))
		m := hmac.New(sha256.New, []byte(testSecret))
		m.Write(body)
		ok := err == nil && hmac.Equal(sig, m.Sum(nil))
		b.mu.Lock()
		b.bodies = append(b.bodies, body)
		b.sigOK = append(b.sigOK, ok)
		status := b.status
		b.mu.Unlock()
		if !ok {
			status = http.StatusUnauthorized
		}
		w.WriteHeader(status)
		b.received <- struct{}{}
	}))
	return b, srv
}

func (b *botStub) last(t *testing.T) map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bodies) == 0 {
		t.Fatal("no webhook received")
	}
	var m map[string]any
	if err := json.Unmarshal(b.bodies[len(b.bodies)-1], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func newTestClient(api *API, url string) *Client {
	return &Client{WebhookURL: url, ChannelSecret: testSecret, API: api}
}

func TestClientSignature(t *testing.T) {
	bot, srv := newBotStub()
	defer srv.Close()
	api := newTestAPI(Options{})
	c := newTestClient(api, srv.URL)
	ctx := context.Background()

	res, err := c.Text(ctx, UserID("sig"), "こんにちは")
	if err != nil || res.Status != 200 || res.Latency <= 0 {
		t.Fatalf("signed webhook: %+v %v", res, err)
	}
	bad := *c
	bad.WrongSecret = true
	res, err = bad.Text(ctx, UserID("sig"), "x")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 401 || res.Status != 401 {
		t.Fatalf("wrong secret: %+v %v", res, err)
	}
	body := []byte(`{"destination":"x","events":[]}`)
	if res, _ := c.SendRaw(ctx, body, Sign(testSecret, body)); res.Status != 200 {
		t.Errorf("SendRaw with a good signature: %d", res.Status)
	}
	if res, _ := c.SendRaw(ctx, body, ""); res.Status != 401 {
		t.Errorf("SendRaw without signature: %d", res.Status)
	}
	bot.mu.Lock()
	got := append([]bool(nil), bot.sigOK...)
	bot.mu.Unlock()
	if want := []bool{true, false, true, false}; !equalBools(got, want) {
		t.Errorf("signatures valid = %v, want %v", got, want)
	}
	if r := api.LatencyReport(); r.Ack.Count != 4 {
		t.Errorf("ack latencies recorded = %d, want 4", r.Ack.Count)
	}
	if w := api.Webhooks(); len(w) != 4 || w[1].Status != 401 || !w[0].Signed || w[3].Signed {
		t.Errorf("webhook records = %+v", w)
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRedeliverAndMultiEvent(t *testing.T) {
	bot, srv := newBotStub()
	defer srv.Close()
	api := newTestAPI(Options{})
	c := newTestClient(api, srv.URL)
	ctx := context.Background()
	a, b := UserID("a"), UserID("b")
	evs := []Event{c.NewTextEvent(a, "one"), c.NewPostbackEvent(b, "x=1", nil)}

	bot.status = http.StatusInternalServerError
	if _, err := c.Send(ctx, evs...); err == nil {
		t.Fatal("500 from the bot was not an error")
	}
	bot.status = http.StatusOK
	if _, err := c.Redeliver(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	first, again := decodeBody(t, bot.bodies[0]), decodeBody(t, bot.bodies[1])
	if len(first.Events) != 2 || len(again.Events) != 2 {
		t.Fatalf("events per webhook: %d, %d", len(first.Events), len(again.Events))
	}
	for i := range first.Events {
		f, g := first.Events[i], again.Events[i]
		if f.WebhookEventID != g.WebhookEventID || f.ReplyToken != g.ReplyToken || f.Timestamp != g.Timestamp {
			t.Errorf("redelivery changed event %d: %+v vs %+v", i, f, g)
		}
		if f.DeliveryContext.IsRedelivery || !g.DeliveryContext.IsRedelivery {
			t.Errorf("isRedelivery: %v then %v", f.DeliveryContext.IsRedelivery, g.DeliveryContext.IsRedelivery)
		}
	}
	if evs[0].DeliveryContext.IsRedelivery {
		t.Error("Redeliver changed the caller's events")
	}
	if first.Events[0].Source.UserID != a || first.Events[1].Source.UserID != b {
		t.Error("events of two users not carried in one webhook")
	}
	if !api.ReplyTokenValid(evs[0].ReplyToken) {
		t.Error("reply token of a redelivered event not usable")
	}
	if r := api.LatencyReport(); r.Sent != 2 {
		t.Errorf("latency: sent = %d, want 2 (a redelivery is not a new event)", r.Sent)
	}
	if _, err := c.Text(ctx, "alice", "x"); err == nil || !strings.Contains(err.Error(), "linesim.UserID") {
		t.Errorf("malformed user ID: %v", err)
	}
}

func decodeBody(t *testing.T, b []byte) callback {
	t.Helper()
	var cb callback
	if err := json.Unmarshal(b, &cb); err != nil {
		t.Fatal(err)
	}
	return cb
}

func TestFollowUnfollowChangePlatformState(t *testing.T) {
	bot, srv := newBotStub()
	defer srv.Close()
	api := newTestAPI(Options{})
	c := newTestClient(api, srv.URL)
	ctx := context.Background()
	u := UserID("blocky")
	if _, err := c.Follow(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Unfollow(ctx, u); err != nil {
		t.Fatal(err)
	}
	if !api.Blocked(u) {
		t.Fatal("unfollow did not block")
	}
	if _, err := c.Follow(ctx, u); err != nil {
		t.Fatal(err)
	}
	if unblocked, _ := lookup(bot.last(t)["events"].([]any)[0].(map[string]any), "follow.isUnblocked"); unblocked != true || api.Blocked(u) {
		t.Errorf("refollow: isUnblocked %v, blocked %v", unblocked, api.Blocked(u))
	}
}

func TestLatencyBookkeeping(t *testing.T) {
	_, srv := newBotStub()
	defer srv.Close()
	clock := newFakeClock()
	api := newTestAPI(Options{Now: clock.Now})
	h := api.Handler()
	c := newTestClient(api, srv.URL)
	ctx := context.Background()
	u := UserID("lat")

	r1, _ := c.Text(ctx, u, "one")
	clock.Advance(300 * time.Millisecond)
	call(t, h, "POST", "/v2/bot/message/reply", replyBody(r1.Events[0].ReplyToken, textMessage("a")), nil)

	r2, _ := c.Text(ctx, u, "two")
	clock.Advance(2 * time.Second)
	r3, _ := c.Text(ctx, u, "three")
	clock.Advance(time.Second)
	call(t, h, "POST", "/v2/bot/message/push", pushBody(u, textMessage("b")), nil) // answers "two"
	clock.Advance(time.Second)
	call(t, h, "POST", "/v2/bot/message/push", pushBody(u, textMessage("c")), nil) // answers "three"
	call(t, h, "POST", "/v2/bot/message/push", pushBody(u, textMessage("d")), nil) // answers nothing

	tests := []struct {
		ev   Event
		via  string
		want time.Duration
	}{
		{r1.Events[0], "reply", 300 * time.Millisecond},
		{r2.Events[0], "push", 3 * time.Second},
		{r3.Events[0], "push", 2 * time.Second},
	}
	for _, tt := range tests {
		got, ok := api.EventLatency(tt.ev.WebhookEventID)
		if !ok || got.Via != tt.via || got.Latency != tt.want {
			t.Errorf("%s: %+v, want %s after %v", tt.ev.Message.Text, got, tt.via, tt.want)
		}
	}
	r := api.LatencyReport()
	if r.Sent != 3 || r.Answered != 3 || r.ByReply != 1 || r.ByPush != 2 || r.Pending != 0 {
		t.Errorf("report = %+v", r)
	}
	if r.Answer.Max < 2900*time.Millisecond || r.Answer.Max > 3*time.Second {
		t.Errorf("max latency = %v", r.Answer.Max)
	}
	if len(api.EventTimings()) != 3 {
		t.Errorf("timings kept = %d", len(api.EventTimings()))
	}
}

func TestLatencyMemoryIsBounded(t *testing.T) {
	api := newTestAPI(Options{MaxTimings: 10})
	b := &api.latency
	at := time.Now()
	for i := range 1000 {
		b.noteSent(NewULID(at), UserID(string(rune('a'+i%7))), at)
	}
	r := api.LatencyReport()
	if r.Pending != 100 || r.Dropped != 900 {
		t.Errorf("pending %d dropped %d, want 100 and 900", r.Pending, r.Dropped)
	}
	for i := range 500 {
		id := NewULID(at)
		b.noteSent(id, UserID("x"), at)
		b.answer(UserID("x"), id, at.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(api.EventTimings()); n != 10 {
		t.Errorf("timings kept = %d, want 10", n)
	}
	if q := len(b.byChat[UserID("x")]); q > 1 {
		t.Errorf("answered events left in the chat queue: %d", q)
	}
}
