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
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
)

// liveApp is the real app (newApp, embedded store in a temp dir) serving on
// a local port, with the LINE API replaced by a server that answers {}.
type liveApp struct {
	t      *testing.T
	base   string
	secret string
	store  consoleStore
	n      atomic.Int64
}

func startApp(t *testing.T) *liveApp {
	t.Helper()
	lineAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(lineAPI.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &liveApp{t: t, base: "http://" + ln.Addr().String(), secret: "test-channel-secret"}
	vars := map[string]string{"TSUNAGU_DATA_DIR": t.TempDir(), "TSUNAGU_BASE_URL": h.base, "LINE_CHANNEL_SECRET": h.secret,
		"LINE_CHANNEL_ACCESS_TOKEN": "test-token", "LINE_API_BASE_URL": lineAPI.URL, "TSUNAGU_LOG_LEVEL": "warn"}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	conv, dir, err := loadConversation(nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := newApp(ctx, cfg, log, appDeps{conv: conv, dir: dir})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if h.store, err = asConsoleStore(a.store); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("app stopped: %v", err)
		}
		a.store.Close()
	})
	return h
}

// post sends one signed LINE webhook event of a resident.
func (h *liveApp) post(resident string, event map[string]any) {
	h.t.Helper()
	n := h.n.Add(1)
	event["mode"] = "active"
	event["timestamp"] = time.Now().UnixMilli()
	event["source"] = map[string]any{"type": "user", "userId": resident}
	event["webhookEventId"] = fmt.Sprintf("01TESTEVENT%015d", n)
	event["deliveryContext"] = map[string]any{"isRedelivery": false}
	event["replyToken"] = fmt.Sprintf("reply-token-%d", n)
	body, err := json.Marshal(map[string]any{"destination": "Ubot", "events": []any{event}})
	if err != nil {
		h.t.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte(h.secret))
	mac.Write(body)
	req, _ := http.NewRequest(http.MethodPost, h.base+"/line/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-line-signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		h.t.Fatalf("webhook: %d", res.StatusCode)
	}
}

func (h *liveApp) text(resident, text string) {
	h.post(resident, map[string]any{"type": "message",
		"message": map[string]any{"type": "text", "id": fmt.Sprint(h.n.Load() + 1), "quoteToken": "q", "text": text}})
}

func (h *liveApp) tap(resident, data string) {
	h.post(resident, map[string]any{"type": "postback", "postback": map[string]any{"data": data}})
}

// seedResidents drives two residents through the bot: one asks about care
// for her mother and hands off to houkatsu with a phone number, one writes
// that they want to die (a crisis). It returns both cases once stored.
func (h *liveApp) seedResidents() (handoff, crisis consult.CaseRow) {
	h.t.Helper()
	const mother, desperate = "U0000000000000000000000000000mother", "U00000000000000000000000000000crisis"
	h.text(mother, "母の介護認定をうけたい")
	h.tap(mother, "v1:e:handoff:houkatsu")
	h.tap(mother, "v1:a:handoff.consent:yes")
	h.tap(mother, "v1:a:handoff.contact:phone")
	h.text(mother, "09012345678")
	h.text(desperate, "もう生きていたくない")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		rows, err := h.store.ListCases(context.Background(), consult.CaseQuery{Scope: consult.CaseScope{All: true}})
		if err != nil {
			h.t.Fatal(err)
		}
		for _, r := range rows {
			switch r.Resident {
			case mother:
				handoff = r
			case desperate:
				crisis = r
			}
		}
		if handoff.ID != 0 && crisis.ID != 0 {
			return handoff, crisis
		}
		time.Sleep(50 * time.Millisecond)
	}
	h.t.Fatalf("the bot did not open both cases: handoff %+v, crisis %+v", handoff, crisis)
	return
}

// coordinator creates a coordinator account as the demo does.
func (h *liveApp) coordinator(name string) string {
	h.t.Helper()
	pw, err := console.EnsureDemoUser(context.Background(), h.store, name)
	if err != nil {
		h.t.Fatal(err)
	}
	return pw
}
