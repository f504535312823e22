package linesim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

const benchMessages = `,"messages":[{"type":"text","text":"どんなことで こまって いますか？","quickReply":{"items":[` +
	`{"type":"action","action":{"type":"postback","label":"おかね","data":"topic=money","displayText":"おかね"}},` +
	`{"type":"action","action":{"type":"postback","label":"かいご","data":"topic=care","displayText":"かいご"}},` +
	`{"type":"action","action":{"type":"postback","label":"こそだて","data":"topic=child","displayText":"こそだて"}}]}}]}`

// BenchmarkReply measures the API accepting a reply with a quick reply,
// the bot's most common call, through the handler (no network).
func BenchmarkReply(b *testing.B) {
	api := NewAPI(Options{AccessToken: testToken, MaxDeliveries: 10000, RateLimits: map[string]int{}})
	h := api.Handler()
	user := UserID("bench")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tok := api.IssueReplyToken(user, "E", api.now())
			req := httptest.NewRequest("POST", "/v2/bot/message/reply", bytes.NewReader([]byte(`{"replyToken":"`+tok+`"`+benchMessages)))
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkReplyHTTP measures replies through a real loopback HTTP server
// with keep-alive connections, as the bot's sender would call it.
func BenchmarkReplyHTTP(b *testing.B) {
	api := NewAPI(Options{AccessToken: testToken, MaxDeliveries: 10000, RateLimits: map[string]int{}})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	user := UserID("bench")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tok := api.IssueReplyToken(user, "E", api.now())
			req, _ := http.NewRequest("POST", srv.URL+"/v2/bot/message/reply", bytes.NewReader([]byte(`{"replyToken":"`+tok+`"`+benchMessages)))
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
}

// BenchmarkClientText measures building, signing and posting one text
// event to a bot that only answers 200.
func BenchmarkClientText(b *testing.B) {
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	defer bot.Close()
	api := NewAPI(Options{AccessToken: testToken, RateLimits: map[string]int{}})
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	c := &Client{WebhookURL: bot.URL, ChannelSecret: testSecret, API: api, HTTP: &http.Client{Transport: tr}}
	user := UserID("bench")
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Text(ctx, user, "おかねが なくて こまっています"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRoundTrip measures one resident turn through the simulator with
// a trivial bot: a signed webhook, the bot's reply over HTTP, and the
// delivery matched to the event by the latency book.
func BenchmarkRoundTrip(b *testing.B) {
	api := NewAPI(Options{AccessToken: testToken, MaxDeliveries: 10000, RateLimits: map[string]int{}})
	apiSrv := httptest.NewServer(api.Handler())
	defer apiSrv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var cb callback
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &cb); err != nil || len(cb.Events) != 1 {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		req, _ := http.NewRequest("POST", apiSrv.URL+"/v2/bot/message/reply",
			bytes.NewReader([]byte(`{"replyToken":"`+cb.Events[0].ReplyToken+`"`+benchMessages)))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}))
	defer bot.Close()
	c := &Client{WebhookURL: bot.URL, ChannelSecret: testSecret, API: api, HTTP: hc}
	var n atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		user := UserID(strconv.FormatInt(n.Add(1), 10))
		for pb.Next() {
			if _, err := c.Text(context.Background(), user, "おかねが なくて こまっています"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	r := api.LatencyReport()
	if r.Answered != r.Sent {
		b.Fatalf("answered %d of %d", r.Answered, r.Sent)
	}
	b.ReportMetric(float64(r.Answer.P99.Microseconds()), "p99-µs")
}
