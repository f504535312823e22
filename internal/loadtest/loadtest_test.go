package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

const (
	testSecret = "0123456789abcdef0123456789abcdef"
	testToken  = "loadtest-token"
)

// botBehaviour decides, per webhook (n counts from 1), what a fake bot does.
type botBehaviour struct {
	status func(n int64) int           // webhook answer (default 200)
	skip   func(n int64) bool          // acknowledge but never answer
	twice  func(n int64) bool          // answer, then push the answer again
	delay  func(n int64) time.Duration // answer asynchronously after this
	push   func(n int64) bool          // answer by push instead of reply
}

// fakeBot is a bot that checks the signature and answers through the
// simulated Messaging API as told.
func fakeBot(t *testing.T, api *linesim.API, apiURL string, b botBehaviour) *httptest.Server {
	t.Helper()
	var n, keys atomic.Int64
	var wg sync.WaitGroup
	send := func(path string, body any) {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, apiURL+path, bytes.NewReader(raw))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		if path == "/v2/bot/message/push" {
			req.Header.Set("X-Line-Retry-Key", fmt.Sprintf("4b5a2d3c-1e0f-4a9b-8c7d-%012x", keys.Add(1)))
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("fake bot: %v", err)
			return
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Line-Signature") != linesim.Sign(testSecret, body) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		i := n.Add(1)
		if b.status != nil && b.status(i) != 200 {
			w.WriteHeader(b.status(i))
			return
		}
		var cb struct {
			Events []linesim.Event `json:"events"`
		}
		if err := json.Unmarshal(body, &cb); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		for _, ev := range cb.Events {
			if ev.ReplyToken == "" || (b.skip != nil && b.skip(i)) {
				continue
			}
			msgs := []map[string]any{{"type": "text", "text": "echo " + ev.Type,
				"quickReply": map[string]any{"items": []any{
					map[string]any{"type": "action", "action": map[string]any{"type": "postback", "label": "a", "data": "v1:a:main.theme:money"}},
					map[string]any{"type": "action", "action": map[string]any{"type": "postback", "label": "b", "data": "v1:e:handoff:other"}},
				}}}}
			answer := func() {
				if b.push != nil && b.push(i) {
					send("/v2/bot/message/push", map[string]any{"to": ev.Source.UserID, "messages": msgs})
				} else {
					send("/v2/bot/message/reply", map[string]any{"replyToken": ev.ReplyToken, "messages": msgs})
				}
				if b.twice != nil && b.twice(i) {
					send("/v2/bot/message/push", map[string]any{"to": ev.Source.UserID, "messages": msgs})
				}
			}
			if b.delay != nil {
				wg.Add(1)
				go func() {
					defer wg.Done()
					time.Sleep(b.delay(i))
					answer()
				}()
				continue
			}
			answer()
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(func() { srv.Close(); wg.Wait() })
	return srv
}

// run drives a fake bot with behaviour b.
func run(t *testing.T, b botBehaviour, o Options) *Report {
	t.Helper()
	api := linesim.NewAPI(linesim.Options{AccessToken: testToken, RateLimits: map[string]int{}})
	apiSrv := httptest.NewServer(api.Handler())
	t.Cleanup(apiSrv.Close)
	bot := fakeBot(t, api, apiSrv.URL, b)
	o.WebhookURL, o.Secret, o.API = bot.URL, testSecret, api
	if o.Drain == 0 {
		o.Drain = 2 * time.Second
	}
	if o.Settle == 0 {
		o.Settle = 200 * time.Millisecond
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunCleanBot(t *testing.T) {
	r := run(t, botBehaviour{}, Options{Rate: 200, Duration: time.Second, Residents: 20})
	if !r.OK() || r.Sent != 200 || r.Accepted != 200 || r.Answered != 200 {
		t.Errorf("report of a correct bot:\n%+v", r)
	}
	if r.Ack.Count != 200 || r.Answer.Count != 200 || r.Ack.P99 <= 0 || r.Answer.P50 > r.Answer.P99 {
		t.Errorf("latencies: ack %+v answer %+v", r.Ack, r.Answer)
	}
	if r.AcceptedPerSec < 150 || r.AcceptedPerSec > 210 {
		t.Errorf("accepted %.0f/s at 200/s", r.AcceptedPerSec)
	}
}

func TestRunFindsWhatTheBotGotWrong(t *testing.T) {
	tests := []struct {
		name  string
		b     botBehaviour
		check func(r *Report) bool
	}{
		{"lost", botBehaviour{skip: func(n int64) bool { return n%10 == 0 }},
			func(r *Report) bool { return r.Lost == 10 && r.Duplicated == 0 && r.Errors == 0 }},
		{"doubled", botBehaviour{twice: func(n int64) bool { return n%25 == 0 }},
			func(r *Report) bool { return r.Duplicated == 4 && r.Lost == 0 }},
		{"refused", botBehaviour{status: func(n int64) int {
			if n%20 == 0 {
				return 500
			}
			return 200
		}}, func(r *Report) bool {
			return r.Errors == 5 && r.ErrorKinds["500"] == 5 && r.Lost == 0 && r.Accepted == 95
		}},
		{"by push", botBehaviour{push: func(n int64) bool { return n%2 == 0 }},
			func(r *Report) bool { return r.OK() && r.ByPush == 50 && r.Answered == 100 }},
		// A resident's events 10 ms apart, the odd ones answered 60 ms late:
		// the next event's reply overtakes them.
		{"out of order", botBehaviour{delay: func(n int64) time.Duration {
			if n%2 == 1 {
				return 60 * time.Millisecond
			}
			return 0
		}}, func(r *Report) bool { return r.OutOfOrder > 0 && r.Lost == 0 && r.Duplicated == 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.b, Options{Rate: 100, Duration: time.Second, Residents: 1})
			if !tc.check(r) {
				t.Errorf("report:\n%+v", r)
			}
			if r.OK() == (tc.name != "by push") {
				t.Errorf("OK() = %v", r.OK())
			}
		})
	}
}

func TestRedeliveryKeepsOrder(t *testing.T) {
	refuse := func(n int64) int {
		if n%7 == 0 {
			return 500
		}
		return 200
	}
	r := run(t, botBehaviour{status: refuse}, Options{Rate: 100, Duration: time.Second, Residents: 3,
		Redeliveries: 3, RedeliverAfter: 10 * time.Millisecond})
	if !r.OK() || r.Errors != 0 || r.Accepted != 100 || r.Redeliveries == 0 || r.RefusedAttempts["500"] != r.Redeliveries {
		t.Errorf("report: %+v", r)
	}
}

func TestResidentsTapButtonsButNotHandoff(t *testing.T) {
	api := linesim.NewAPI(linesim.Options{AccessToken: testToken, RateLimits: map[string]int{}})
	apiSrv := httptest.NewServer(api.Handler())
	defer apiSrv.Close()
	bot := fakeBot(t, api, apiSrv.URL, botBehaviour{})
	r, err := Run(context.Background(), Options{WebhookURL: bot.URL, Secret: testSecret, API: api, Rate: 100,
		Duration: time.Second, Residents: 5, Postbacks: 1, Stickers: -1, Drain: 2 * time.Second, Settle: 100 * time.Millisecond, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("report: %+v", r)
	}
	// Each resident's first event is a follow; with Postbacks 1 the others
	// tap a button of the previous answer whenever it has arrived, never
	// the avoided handoff button.
	kinds := map[string]int{}
	for _, w := range api.Webhooks() {
		var cb struct {
			Events []linesim.Event `json:"events"`
		}
		if err := json.Unmarshal(w.Body, &cb); err != nil {
			t.Fatal(err)
		}
		for _, e := range cb.Events {
			switch {
			case e.Postback != nil && e.Postback.Data == "v1:a:main.theme:money":
				kinds["tap"]++
			case e.Postback != nil:
				kinds["avoided "+e.Postback.Data]++
			default:
				kinds[e.Type]++
			}
		}
	}
	if kinds["follow"] != 5 || kinds["tap"] < 50 || len(kinds) > 3 {
		t.Errorf("events sent: %v", kinds)
	}
}
