package linesim

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestConcurrentRepliesAndPushes(t *testing.T) {
	api := newTestAPI(Options{})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	sub, stop := api.Subscribe()
	defer stop()

	const workers, perWorker = 8, 60
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := UserID(fmt.Sprint("worker", w))
			for i := range perWorker {
				var body, path string
				if i%2 == 0 {
					tok := api.IssueReplyToken(user, fmt.Sprintf("E%d-%d", w, i), api.now())
					body = fmt.Sprintf(`{"replyToken":%q,"messages":[{"type":"text","text":"r%d"}]}`, tok, i)
					path = "/v2/bot/message/reply"
				} else {
					body = fmt.Sprintf(`{"to":%q,"messages":[{"type":"text","text":"p%d"}]}`, user, i)
					path = "/v2/bot/message/push"
				}
				req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader([]byte(body)))
				req.Header.Set("Authorization", "Bearer "+testToken)
				req.Header.Set("Content-Type", "application/json")
				if i%2 == 1 {
					req.Header.Set(retryKeyHeader, NewRetryKey())
				}
				res, err := srv.Client().Do(req)
				if err != nil {
					errs <- err
					continue
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("%s: %d", path, res.StatusCode)
				}
			}
		}()
	}
	// readers run while writers write
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := api.WaitDeliveries(ctx, UserID(fmt.Sprint("worker", w)), perWorker); err != nil {
				errs <- err
			}
			_ = api.Calls()
			_ = api.LatencyReport()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(api.AllDeliveries()); n != workers*perWorker {
		t.Errorf("deliveries = %d, want %d", n, workers*perWorker)
	}
	seen := 0
	for seen < workers*perWorker {
		select {
		case <-sub:
			seen++
		case <-ctx.Done():
			t.Fatalf("subscriber saw %d deliveries", seen)
		}
	}
	if s := api.Stats(); s.Replies != workers*perWorker/2 || s.Pushes != workers*perWorker/2 {
		t.Errorf("stats = %+v", s)
	}
}

func TestWaitDeliveriesTimesOut(t *testing.T) {
	api := newTestAPI(Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	got, err := api.WaitDeliveries(ctx, UserID("nobody"), 1)
	if err == nil || len(got) != 0 {
		t.Fatalf("WaitDeliveries = %v, %v", got, err)
	}
}
