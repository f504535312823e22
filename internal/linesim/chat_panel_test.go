package linesim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestChatCallsAndDetails(t *testing.T) {
	f := newChatFixture(t)
	var r resident
	f.post(t, "/sim/api/residents", map[string]string{"name": "x"}, &r)
	f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "text", Text: "a"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := f.api.WaitDeliveries(ctx, r.ID, 1); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Calls    []callSummary
		Webhooks []webhookSummary
	}
	f.get(t, "/sim/api/calls", &list)
	if len(list.Calls) != 1 || list.Calls[0].Endpoint != "reply" || len(list.Webhooks) != 1 || !list.Webhooks[0].Signed {
		t.Fatalf("calls = %+v", list)
	}
	var detail struct {
		RequestID string
		Request   map[string]any
		Response  map[string]any
	}
	f.get(t, "/sim/api/calls/"+itoa64(list.Calls[0].Seq), &detail)
	if detail.RequestID == "" || detail.Request["replyToken"] == nil || detail.Response["sentMessages"] == nil {
		t.Errorf("call detail = %+v", detail)
	}
	var hook struct{ Body map[string]any }
	f.get(t, "/sim/api/webhooks/"+itoa64(list.Webhooks[0].Seq), &hook)
	if hook.Body["destination"] == nil {
		t.Errorf("webhook detail = %+v", hook)
	}
	if res := f.get(t, "/sim/api/calls/99999", nil); res.StatusCode != 404 {
		t.Errorf("unknown call: %d", res.StatusCode)
	}
	if res := f.get(t, "/sim/api/richmenu/image", nil); res.StatusCode != 404 {
		t.Errorf("rich menu image without a menu: %d", res.StatusCode)
	}
}

func itoa64(n int64) string { return strings.TrimSpace(string(must(json.Marshal(n)))) }

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestChatEventsStream(t *testing.T) {
	f := newChatFixture(t)
	var r resident
	f.post(t, "/sim/api/residents", map[string]string{"name": "x"}, &r)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/sim/api/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	events := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
		close(events)
	}()
	go func() {
		b, _ := json.Marshal(sendRequest{Chat: r.ID, User: r.ID, Kind: "text", Text: "a"})
		if res, err := http.Post(f.srv.URL+"/sim/api/send", "application/json", bytes.NewReader(b)); err == nil {
			res.Body.Close()
		}
	}()
	loading := `{"chatId":"` + r.ID + `","loadingSeconds":5}`
	call(t, f.api.Handler(), "POST", "/v2/bot/chat/loading/start", loading, nil)

	want := map[string]bool{"item": false, "call": false, "webhook": false, "loading": false}
	for name := range events {
		if _, ok := want[name]; ok {
			want[name] = true
		}
		done := true
		for _, seen := range want {
			done = done && seen
		}
		if done {
			return
		}
	}
	t.Errorf("events seen: %v", want)
}

func TestChatInjectsFaults(t *testing.T) {
	f := newChatFixture(t)
	var got struct{ Pending int }
	if code := f.post(t, "/sim/api/faults", faultRequest{Endpoint: "reply", Status: 500, Times: 2}, &got); code != 200 || got.Pending != 2 {
		t.Fatalf("inject: %d %+v", code, got)
	}
	for _, bad := range []faultRequest{
		{Endpoint: "nowhere", Status: 500},
		{Endpoint: "push", Status: 200},
		{Endpoint: "push"},
		{Endpoint: "push", Status: 500, DelaySeconds: 500},
	} {
		if code := f.post(t, "/sim/api/faults", bad, nil); code != 400 {
			t.Errorf("inject %+v: %d, want 400", bad, code)
		}
	}
	var r resident
	f.post(t, "/sim/api/residents", map[string]string{"name": "x"}, &r)
	f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "text", Text: "a"}, nil)
	f.get(t, "/sim/api/faults", &got)
	if got.Pending != 1 || len(f.api.Deliveries(r.ID)) != 0 {
		t.Errorf("after one reply: pending %d, deliveries %d", got.Pending, len(f.api.Deliveries(r.ID)))
	}
}
