package linesim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAuth(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	tests := []struct {
		name, auth string
		want       int
	}{
		{"no header", "<none>", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"not bearer", "Basic " + testToken, http.StatusUnauthorized},
		{"right token", "Bearer " + testToken, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, "GET", "/v2/bot/info", nil, map[string]string{"Authorization": tt.auth})
			if res.Status != tt.want {
				t.Fatalf("status = %d, want %d (%s)", res.Status, tt.want, res.Body)
			}
			if tt.want == http.StatusUnauthorized && !strings.Contains(string(res.Body), "Authentication failed") {
				t.Errorf("body = %s", res.Body)
			}
		})
	}
}

func TestMountPrefixAndUnknownPaths(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	if res := call(t, h, "GET", "/sim/line/v2/bot/info", nil, nil); res.Status != http.StatusOK {
		t.Errorf("prefixed path: status %d", res.Status)
	}
	if res := call(t, h, "GET", "/v2/bot/nothing", nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("unknown path: status %d", res.Status)
	}
	if res := call(t, h, "GET", "/v2/bot/message/reply", nil, nil); res.Status != http.StatusMethodNotAllowed {
		t.Errorf("wrong method: status %d", res.Status)
	}
}

func TestReplyTokenSingleUse(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	user := UserID("alice")
	tok := api.IssueReplyToken(user, "01EVENT", api.now())

	res := call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("こんにちは")), nil)
	if res.Status != http.StatusOK {
		t.Fatalf("first reply: %d %s", res.Status, res.Body)
	}
	var ok sentResponse
	if err := json.Unmarshal(res.Body, &ok); err != nil || len(ok.SentMessages) != 1 || ok.SentMessages[0].ID == "" || ok.SentMessages[0].QuoteToken == "" {
		t.Errorf("sentMessages = %s (%v)", res.Body, err)
	}
	res = call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("again")), nil)
	if res.Status != http.StatusBadRequest || res.errorBody(t).Message != "Invalid reply token" {
		t.Fatalf("second reply: %d %s", res.Status, res.Body)
	}
	res = call(t, h, "POST", "/v2/bot/message/reply", replyBody("0123456789abcdef0123456789abcdef", textMessage("x")), nil)
	if res.Status != http.StatusBadRequest || res.errorBody(t).Message != "Invalid reply token" {
		t.Fatalf("unknown token: %d %s", res.Status, res.Body)
	}
	got := api.Deliveries(user)
	if len(got) != 1 {
		t.Fatalf("deliveries = %d, want 1", len(got))
	}
	d := got[0]
	if d.Via != "reply" || d.EventID != "01EVENT" || d.ReplyToken != tok || len(d.Messages) != 1 || d.RequestID == "" {
		t.Errorf("delivery = %+v", d)
	}
	if res.Header.Get("X-Line-Request-Id") == d.RequestID {
		t.Error("request IDs repeat")
	}
}

func TestReplyTokenExpiryAndRedelivery(t *testing.T) {
	clock := newFakeClock()
	api := newTestAPI(Options{Now: clock.Now})
	h := api.Handler()
	user := UserID("bob")
	reply := func(tok string) int {
		return call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("hi")), nil).Status
	}

	tok := api.IssueReplyToken(user, "E1", clock.Now())
	clock.Advance(59 * time.Second)
	if !api.ReplyTokenValid(tok) {
		t.Fatal("token invalid before its minute")
	}
	clock.Advance(2 * time.Second)
	if got := reply(tok); got != http.StatusBadRequest {
		t.Fatalf("expired token: status %d, want 400", got)
	}

	// A redelivery revives an unused token for another minute…
	client := &Client{API: api}
	client.API.tokens.revive(tok, clock.Now(), time.Minute, 20*time.Minute)
	if got := reply(tok); got != http.StatusOK {
		t.Fatalf("revived token: status %d, want 200", got)
	}
	// …but not once used,
	api.tokens.revive(tok, clock.Now(), time.Minute, 20*time.Minute)
	if got := reply(tok); got != http.StatusBadRequest {
		t.Fatalf("used token after redelivery: status %d, want 400", got)
	}
	// and not 20 minutes after the event.
	old := api.IssueReplyToken(user, "E2", clock.Now())
	clock.Advance(19*time.Minute + 30*time.Second)
	api.tokens.revive(old, clock.Now(), time.Minute, 20*time.Minute)
	clock.Advance(45 * time.Second) // within a minute of the redelivery, past 20 min of the event
	if got := reply(old); got != http.StatusBadRequest {
		t.Fatalf("token past the redelivery window: status %d, want 400", got)
	}
}

func TestLoading(t *testing.T) {
	clock := newFakeClock()
	api := newTestAPI(Options{Now: clock.Now})
	h := api.Handler()
	user := UserID("frank")
	tests := []struct {
		name string
		body string
		want int
	}{
		{"default seconds", `{"chatId":"` + user + `"}`, http.StatusAccepted},
		{"60", `{"chatId":"` + user + `","loadingSeconds":60}`, http.StatusAccepted},
		{"not a multiple of 5", `{"chatId":"` + user + `","loadingSeconds":7}`, http.StatusBadRequest},
		{"too long", `{"chatId":"` + user + `","loadingSeconds":65}`, http.StatusBadRequest},
		{"zero", `{"chatId":"` + user + `","loadingSeconds":0}`, http.StatusBadRequest},
		{"group", `{"chatId":"` + GroupID("g") + `","loadingSeconds":5}`, http.StatusBadRequest},
		{"missing chat", `{"loadingSeconds":5}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, "POST", "/v2/bot/chat/loading/start", tt.body, nil)
			if res.Status != tt.want {
				t.Fatalf("status = %d, want %d: %s", res.Status, tt.want, res.Body)
			}
			if tt.want == http.StatusAccepted && string(res.Body) != "{}" {
				t.Errorf("202 body = %q, want {}", res.Body)
			}
			if tt.want == http.StatusBadRequest && len(res.errorBody(t).Details) == 0 {
				t.Errorf("400 without details: %s", res.Body)
			}
		})
	}
	until, showing := api.Loading(user)
	if !showing || !until.Equal(clock.Now().Add(60*time.Second)) {
		t.Fatalf("Loading = %v %v", until, showing)
	}
	call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("done")), nil)
	if _, showing := api.Loading(user); showing {
		t.Error("loading still showing after a message arrived")
	}
	call(t, h, "POST", "/v2/bot/chat/loading/start", `{"chatId":"`+user+`","loadingSeconds":5}`, nil)
	clock.Advance(6 * time.Second)
	if _, showing := api.Loading(user); showing {
		t.Error("loading still showing after its seconds")
	}
}

func TestCallsRecorded(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	user := UserID("gina")
	key := NewRetryKey()
	call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), map[string]string{retryKeyHeader: key})
	call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), map[string]string{retryKeyHeader: key})
	call(t, h, "POST", "/v2/bot/message/reply", replyBody("nope", textMessage("x")), nil)
	call(t, h, "GET", "/v2/bot/info", nil, map[string]string{"Authorization": "Bearer wrong"})

	type row struct {
		Method, Path, Endpoint string
		Status                 int
		RetryKey, ChatID       string
	}
	var got []row
	for _, c := range api.Calls() {
		got = append(got, row{c.Method, c.Path, c.Endpoint, c.Status, c.RetryKey, c.ChatID})
	}
	want := []row{
		{"POST", "/v2/bot/message/push", "push", 200, key, user},
		{"POST", "/v2/bot/message/push", "push", 409, key, user},
		{"POST", "/v2/bot/message/reply", "reply", 400, "", ""},
		{"GET", "/v2/bot/info", "info", 401, "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls mismatch (-want +got):\n%s", diff)
	}
	calls := api.Calls()
	if calls[1].AcceptedRequestID != calls[0].RequestID {
		t.Errorf("409 call: accepted ID %q, want %q", calls[1].AcceptedRequestID, calls[0].RequestID)
	}
	if !json.Valid(calls[0].Request) || !json.Valid(calls[0].Response) {
		t.Errorf("bodies not kept: %q %q", calls[0].Request, calls[0].Response)
	}
	if c, ok := api.Call(calls[2].Seq); !ok || c.Status != 400 {
		t.Errorf("Call(%d) = %+v, %v", calls[2].Seq, c, ok)
	}
	if s := api.Stats(); s.Calls != 4 || s.Refused != 3 || s.Pushes != 1 {
		t.Errorf("stats = %+v", s)
	}
	api.Reset()
	if len(api.Calls()) != 0 || len(api.AllDeliveries()) != 0 || api.Stats().Calls != 0 {
		t.Error("Reset kept records")
	}
}

func TestRingsStayBounded(t *testing.T) {
	api := newTestAPI(Options{MaxDeliveries: 10, MaxCalls: 5})
	h := api.Handler()
	users := []string{UserID("a"), UserID("b"), UserID("c")}
	for i := range 40 {
		call(t, h, "POST", "/v2/bot/message/push", pushBody(users[i%3], textMessage("x")), nil)
	}
	all := api.AllDeliveries()
	if len(all) != 10 || all[0].Seq != 31 || all[9].Seq != 40 {
		t.Fatalf("kept deliveries: %d, seq %d..%d", len(all), all[0].Seq, all[len(all)-1].Seq)
	}
	total := 0
	for _, u := range users {
		for _, d := range api.Deliveries(u) {
			if d.UserID != u || d.Seq < 31 {
				t.Errorf("user %s kept %+v", u, d)
			}
			total++
		}
	}
	if total != 10 {
		t.Errorf("per-user deliveries = %d, want 10", total)
	}
	if n := len(api.Calls()); n != 5 {
		t.Errorf("calls kept = %d, want 5", n)
	}
}
