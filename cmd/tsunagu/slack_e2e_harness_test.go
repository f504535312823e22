package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/slack/slackfake"
)

// The end-to-end harness of the Slack handoff: a real app with a fake LINE
// API and a fake Slack, driven by signed webhooks.

// readStore is the read side the end-to-end tests look at.
type readStore interface {
	slackStore
	ResidentCases(ctx context.Context, resident string) ([]consult.Case, error)
	CaseEvents(ctx context.Context, id int64) ([]consult.CaseEvent, error)
}

// lineFake is a tiny LINE Messaging API: it records replies and pushes.
type lineFake struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []lineReq
}

type lineReq struct {
	Path, RetryKey string
	Body           map[string]any
}

func newLineFake(t *testing.T) *lineFake {
	f := &lineFake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(b, &body)
		f.mu.Lock()
		f.reqs = append(f.reqs, lineReq{Path: r.URL.Path, RetryKey: r.Header.Get("X-Line-Retry-Key"), Body: body})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *lineFake) requests() []lineReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]lineReq(nil), f.reqs...)
}

// waitLINE waits for the n-th message request (reply or push) and returns it.
func (f *lineFake) waitLINE(t *testing.T, n int) lineReq {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var msgs []lineReq
		for _, r := range f.requests() {
			if strings.HasSuffix(r.Path, "/reply") || strings.HasSuffix(r.Path, "/push") {
				msgs = append(msgs, r)
			}
		}
		if len(msgs) >= n {
			return msgs[n-1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("LINE message %d never came", n)
	return lineReq{}
}

// actions finds the buttons (label → action) anywhere in a LINE request.
func actions(v any, out map[string]map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		if l, ok := v["label"].(string); ok && (v["data"] != nil || v["text"] != nil) {
			out[l] = v
		}
		for _, x := range v {
			actions(x, out)
		}
	case []any:
		for _, x := range v {
			actions(x, out)
		}
	}
}

const (
	e2eLINESecret  = "line-channel-secret-e2e"
	e2eSlackSecret = "slack-signing-secret-e2e"
	e2eDefault     = "CSTAFF0001"
	e2eEscalation  = "CESCAL0001"
)

type e2e struct {
	t     *testing.T
	a     *app
	url   string
	line  *lineFake
	slack *slackfake.Server
	seq   int
}

func startE2E(t *testing.T) *e2e {
	t.Helper()
	e := &e2e{t: t, line: newLineFake(t), slack: slackfake.New(t, nil)}
	env := map[string]string{
		"LINE_CHANNEL_SECRET": e2eLINESecret, "LINE_CHANNEL_ACCESS_TOKEN": "line-token", "LINE_API_BASE_URL": e.line.URL,
		"TSUNAGU_DATA_DIR": t.TempDir(), "TSUNAGU_BASE_URL": "https://tsunagu.example.jp",
		"SLACK_BOT_TOKEN": "xoxb-e2e", "SLACK_SIGNING_SECRET": e2eSlackSecret, "SLACK_API_URL": e.slack.URL(),
		"SLACK_DEFAULT_CHANNEL": e2eDefault, "SLACK_ESCALATION_CHANNEL": e2eEscalation,
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	conv, dir, err := loadConversation(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newApp(ctx, cfg, log, appDeps{conv: conv, dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.store.Close()
	})
	e.a, e.url = a, "http://"+ln.Addr().String()
	return e
}

// webhook sends one signed LINE event of resident r.
func (e *e2e) webhook(r string, ev map[string]any) {
	e.t.Helper()
	e.seq++
	ev["source"] = map[string]any{"type": "user", "userId": r}
	ev["timestamp"] = time.Now().UnixMilli()
	ev["webhookEventId"] = fmt.Sprintf("01E2E%s%04d", r, e.seq)
	ev["deliveryContext"] = map[string]any{"isRedelivery": false}
	ev["replyToken"] = fmt.Sprintf("rt-%s-%d", r, e.seq)
	ev["mode"] = "active"
	body, _ := json.Marshal(map[string]any{"destination": "Ubot", "events": []any{ev}})
	mac := hmac.New(sha256.New, []byte(e2eLINESecret))
	mac.Write(body)
	req, _ := http.NewRequest(http.MethodPost, e.url+"/line/webhook", bytes.NewReader(body))
	req.Header.Set("x-line-signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("webhook: %d", res.StatusCode)
	}
}

func (e *e2e) say(r, text string) {
	e.webhook(r, map[string]any{"type": "message", "message": map[string]any{"type": "text", "id": fmt.Sprint(e.seq), "quoteToken": "q", "text": text}})
}

// tap presses the button with the label in LINE message n of the fake.
func (e *e2e) tap(r string, n int, label string) {
	e.t.Helper()
	found := map[string]map[string]any{}
	actions(e.line.waitLINE(e.t, n).Body, found)
	a, ok := found[label]
	if !ok {
		e.t.Fatalf("no button %q in LINE message %d: %v", label, n, found)
	}
	if data, ok := a["data"].(string); ok {
		e.webhook(r, map[string]any{"type": "postback", "postback": map[string]any{"data": data}})
		return
	}
	e.say(r, a["text"].(string))
}

// slackPost sends a signed request to one of the app's Slack endpoints.
func (e *e2e) slackPost(path string, body []byte) int {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, bytes.NewReader(body))
	for k, v := range slackfake.Sign(e2eSlackSecret, time.Now(), body) {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// mainPosts are the top-level case messages of the fake, by case ID.
func mainPosts(posts []slackfake.Message) map[string][]slackfake.Message {
	out := map[string][]slackfake.Message{}
	for _, p := range posts {
		var meta struct {
			Payload struct{ Key, Case string } `json:"event_payload"`
		}
		_ = json.Unmarshal(p.Metadata, &meta)
		if p.ThreadTS == "" && strings.HasSuffix(meta.Payload.Key, ":main") {
			out[meta.Payload.Case] = append(out[meta.Payload.Case], p)
		}
	}
	return out
}
