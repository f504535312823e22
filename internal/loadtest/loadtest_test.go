package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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

func TestPostbackData(t *testing.T) {
	m := &mix{avoid: DefaultAvoid}
	msgs := []json.RawMessage{
		json.RawMessage(`{"type":"text","text":"x","quickReply":{"items":[{"type":"action","action":{"type":"postback","label":"a","data":"v1:a:main.theme:care"}},{"type":"action","action":{"type":"postback","label":"s","data":"v1:a:main.offer:staff"}}]}}`),
		json.RawMessage(`{"type":"flex","altText":"x","contents":{"type":"bubble","footer":{"type":"box","layout":"vertical","contents":[{"type":"button","action":{"type":"uri","label":"tel","uri":"tel:0424975061"}},{"type":"button","action":{"type":"postback","label":"p","data":"v1:e:places:houkatsu"}},{"type":"button","action":{"type":"postback","label":"h","data":"v1:e:handoff:houkatsu"}}]}}}`),
		json.RawMessage(`not json`),
	}
	got := m.choices(msgs)
	want := []string{"v1:a:main.theme:care", "v1:e:places:houkatsu"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("choices mismatch (-want +got):\n%s", diff)
	}
}

func TestLimits(t *testing.T) {
	ok := &Report{Rate: 100, Sent: 1000, Accepted: 1000, AcceptedPerSec: 99, Ack: Latency{P99: 20}, Answer: Latency{P99: 200}}
	tests := []struct {
		name   string
		change func(r *Report)
		failed bool
	}{
		{"sustained", func(r *Report) {}, false},
		{"errors", func(r *Report) { r.Errors = 2 }, true},
		{"one error in a thousand", func(r *Report) { r.Errors = 1 }, false},
		{"lost", func(r *Report) { r.Lost = 1 }, true},
		{"slow ack", func(r *Report) { r.Ack.P99 = 1500 }, true},
		{"slow answer", func(r *Report) { r.Answer.P99 = 2500 }, true},
		{"falling behind", func(r *Report) { r.AcceptedPerSec = 80 }, true},
	}
	for _, tc := range tests {
		r := *ok
		tc.change(&r)
		if why := (Limits{}).Check(&r); (why != "") != tc.failed {
			t.Errorf("%s: Check = %q", tc.name, why)
		}
	}
	steps := []Step{{Report: &Report{AcceptedPerSec: 100}}, {Report: &Report{AcceptedPerSec: 190}}, {Report: &Report{AcceptedPerSec: 250}, Failed: "x"}}
	if got := MaxSustained(steps); got != 190 {
		t.Errorf("MaxSustained = %v, want 190", got)
	}
}

func TestProcessFigures(t *testing.T) {
	pid := os.Getpid()
	if rss, err := PeakRSS(pid); err != nil || rss < 1<<20 {
		t.Errorf("PeakRSS = %d, %v", rss, err)
	}
	busy := time.Now()
	for time.Since(busy) < 50*time.Millisecond {
	}
	if cpu, err := ProcessCPU(pid); err != nil || cpu <= 0 {
		t.Errorf("ProcessCPU = %v, %v", cpu, err)
	}
	m, err := ReadMachineCPU()
	if err != nil || m.CPUs < 1 || m.Total <= m.Busy {
		t.Errorf("ReadMachineCPU = %+v, %v", m, err)
	}
	if _, err := PeakRSS(-1); err == nil {
		t.Errorf("PeakRSS of no process succeeded")
	}
}
