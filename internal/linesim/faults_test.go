package linesim

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFaultsConsumedInOrder(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	user := UserID("f1")
	api.Inject(Fault{Endpoint: "push", Status: 500})
	api.Inject(Fault{Endpoint: "*", Status: 429, RetryAfter: 1500 * time.Millisecond, Times: 2})
	api.Inject(Fault{Endpoint: "loading", Status: 503})
	if n := api.PendingFaults(); n != 4 {
		t.Fatalf("PendingFaults = %d, want 4", n)
	}
	tok := api.IssueReplyToken(user, "E", api.now())
	type step struct {
		Endpoint   string
		Status     int
		RetryAfter string
	}
	var got []step
	do := func(ep, method, path string, body any) {
		res := call(t, h, method, path, body, nil)
		got = append(got, step{ep, res.Status, res.Header.Get("Retry-After")})
	}
	do("reply", "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("x"))) // the push fault waits; * matches
	do("push", "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")))   // the first push fault
	do("loading", "POST", "/v2/bot/chat/loading/start", `{"chatId":"`+user+`"}`)   // * (second use)
	do("loading", "POST", "/v2/bot/chat/loading/start", `{"chatId":"`+user+`"}`)   // loading fault
	do("reply", "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("x"))) // no fault left: the token was not used
	do("reply", "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("x"))) // now it was
	want := []step{
		{"reply", 429, "2"},
		{"push", 500, ""},
		{"loading", 429, "2"},
		{"loading", 503, ""},
		{"reply", 200, ""},
		{"reply", 400, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fault sequence mismatch (-want +got):\n%s", diff)
	}
	if n := len(api.Deliveries(user)); n != 1 {
		t.Errorf("deliveries = %d, want 1 (failed requests deliver nothing)", n)
	}
	if s := api.Stats(); s.Faults != 4 {
		t.Errorf("Stats.Faults = %d, want 4", s.Faults)
	}
	calls := api.Calls()
	if !calls[0].Fault || calls[4].Fault {
		t.Errorf("Fault flags: %v %v", calls[0].Fault, calls[4].Fault)
	}
}

// pushOver posts a push through a real HTTP connection with a client
// timeout, as the bot's sender would.
func pushOver(srv *httptest.Server, timeout time.Duration, to, key string) (int, error) {
	body, _ := json.Marshal(pushBody(to, textMessage("お知らせ")))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v2/bot/message/push", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(retryKeyHeader, key)
	res, err := srv.Client().Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func TestProcessThenDelayIsAnAmbiguousTimeout(t *testing.T) {
	api := newTestAPI(Options{})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	user := UserID("f2")
	key := NewRetryKey()

	api.Inject(Fault{Endpoint: "push", Delay: 2 * time.Second, ProcessThenDelay: true, Status: 500})
	if _, err := pushOver(srv, 100*time.Millisecond, user, key); err == nil {
		t.Fatal("push answered before the client timeout")
	}
	// The message went out although the caller saw a timeout…
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := api.WaitDeliveries(ctx, user, 1); err != nil {
		t.Fatal(err)
	}
	// …so a retry with the same key must not deliver twice.
	status, err := pushOver(srv, time.Second, user, key)
	if err != nil || status != http.StatusConflict {
		t.Fatalf("retry: %d %v, want 409", status, err)
	}
	if n := len(api.Deliveries(user)); n != 1 {
		t.Errorf("deliveries = %d, want 1", n)
	}
	waitFor(t, func() bool { c := api.Calls(); return len(c) == 2 && c[0].Canceled })
}

func TestStallThenFailDeliversNothing(t *testing.T) {
	api := newTestAPI(Options{})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	user := UserID("f3")
	key := NewRetryKey()

	api.Inject(Fault{Endpoint: "push", Delay: 50 * time.Millisecond, Status: 500})
	start := time.Now()
	status, err := pushOver(srv, time.Second, user, key)
	if err != nil || status != http.StatusInternalServerError {
		t.Fatalf("faulted push: %d %v", status, err)
	}
	if time.Since(start) < 50*time.Millisecond {
		t.Error("the fault did not stall")
	}
	if n := len(api.Deliveries(user)); n != 0 {
		t.Fatalf("deliveries after a failed push = %d", n)
	}
	if status, err := pushOver(srv, time.Second, user, key); err != nil || status != http.StatusOK {
		t.Fatalf("retry with the same key: %d %v, want 200 (the key was never accepted)", status, err)
	}
	if n := len(api.Deliveries(user)); n != 1 {
		t.Errorf("deliveries = %d, want 1", n)
	}
}

func TestSlowAPIWithoutStatus(t *testing.T) {
	api := newTestAPI(Options{})
	api.Inject(Fault{Endpoint: "push", Delay: 30 * time.Millisecond})
	start := time.Now()
	res := call(t, api.Handler(), "POST", "/v2/bot/message/push", pushBody(UserID("f4"), textMessage("x")), nil)
	if res.Status != http.StatusOK || time.Since(start) < 30*time.Millisecond {
		t.Errorf("slow push: %d after %v", res.Status, time.Since(start))
	}
	if api.Calls()[0].Fault {
		t.Error("a delay alone is not a fault status")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 3 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRateLimits(t *testing.T) {
	api := newTestAPI(Options{RateLimits: map[string]int{"loading": 3}})
	h := api.Handler()
	user := UserID("busy")
	var got []int
	for range 5 {
		got = append(got, call(t, h, "POST", "/v2/bot/chat/loading/start", `{"chatId":"`+user+`"}`, nil).Status)
	}
	if diff := cmp.Diff([]int{202, 202, 202, 429, 429}, got); diff != "" {
		t.Errorf("statuses mismatch (-want +got):\n%s", diff)
	}
	if res := call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), nil); res.Status != 200 {
		t.Errorf("push limited by the loading limit: %d", res.Status)
	}
	if NewAPI(Options{}).opts.RateLimits["loading"] != 100 {
		t.Error("LINE's limits are not the default")
	}
	open := newTestAPI(Options{RateLimits: map[string]int{}})
	for range 150 {
		if res := call(t, open.Handler(), "POST", "/v2/bot/chat/loading/start", `{"chatId":"`+user+`"}`, nil); res.Status != 202 {
			t.Fatalf("unlimited API answered %d", res.Status)
		}
	}
}
