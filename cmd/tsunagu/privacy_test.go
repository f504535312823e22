package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/linesim"
)

// lockedBuffer collects log output from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// findButton finds a button with label in the last answer to user (quick
// replies and card buttons) and returns its action.
func (h *harness) findButton(user, label string) map[string]any {
	h.t.Helper()
	ds := h.api.Deliveries(user)
	if len(ds) == 0 {
		h.t.Fatalf("no answer to tap %q in", label)
	}
	var found map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if a, ok := x["action"].(map[string]any); ok && a["label"] == label && found == nil {
				found = a
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	for _, m := range ds[len(ds)-1].Messages {
		var v any
		_ = json.Unmarshal(m, &v)
		walk(v)
	}
	if found == nil {
		h.t.Fatalf("no button %q in the last answer: %s", label, deliveryText(ds[len(ds)-1]))
	}
	return found
}

// tap taps a button and waits for the answer.
func (h *harness) tap(user, label string) {
	h.t.Helper()
	n := len(h.api.Deliveries(user))
	h.tapOnly(user, label)
	h.wait(user, n+1, 5*time.Second)
}

// say sends text and waits for the answer.
func (h *harness) say(user, text string) {
	h.t.Helper()
	n := len(h.api.Deliveries(user))
	if _, err := h.client.Text(context.Background(), user, text); err != nil {
		h.t.Fatal(err)
	}
	h.wait(user, n+1, 5*time.Second)
}

// TestNothingPersonalInLogs drives a handoff with a phone number and a
// crisis, with debug logging, and checks that no resident text, phone
// number, token or secret reached the logs.
func TestNothingPersonalInLogs(t *testing.T) {
	logs := &lockedBuffer{}
	h := newHarness(t, harnessOpts{logSink: logs, env: map[string]string{"TSUNAGU_LOG_LEVEL": "debug"}})
	u := linesim.UserID("privacy")
	if _, err := h.client.Follow(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	h.wait(u, 1, 5*time.Second)
	h.say(u, "母の介護認定をうけたい")
	h.tap(u, "スタッフから れんらく")
	h.tap(u, "はい、つたえる")
	h.tap(u, "電話で")
	h.say(u, "090-1234-5678")
	h.say(u, "もう しにたい")

	cs, err := h.app.store.(interface {
		ResidentCases(context.Context, string) ([]consult.Case, error)
	}).ResidentCases(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	var phone, crisis bool
	for _, c := range cs {
		phone = phone || c.Contact.Phone == "09012345678"
		crisis = crisis || c.Crisis == consult.Suicide
	}
	if !phone || !crisis {
		t.Fatalf("the conversation did not reach a phone handoff and a crisis case: %+v", cs)
	}
	// A forged request and a failing Messaging API also log something.
	forger := *h.client
	forger.WrongSecret = true
	_, _ = forger.Text(context.Background(), u, "偽物の しにたい")
	// While the cases are open the bot stays quiet, except for commands.
	h.api.Inject(linesim.Fault{Endpoint: "reply", Status: 500})
	h.say(u, "電話番号")

	out := logs.String()
	if !strings.Contains(out, `"level"`) {
		t.Fatalf("no logs captured")
	}
	for _, secret := range []string{"介護認定", "しにたい", "090-1234-5678", "09012345678", "1234-5678", "12345678",
		testSecret, testToken, "偽物"} {
		if strings.Contains(out, secret) {
			i := strings.Index(out, secret)
			t.Errorf("logs contain %q: …%s…", secret, out[max(0, i-200):min(len(out), i+100)])
		}
	}
	for _, w := range h.api.Webhooks() {
		var body struct {
			Events []struct {
				ReplyToken string `json:"replyToken"`
			} `json:"events"`
		}
		_ = json.Unmarshal(w.Body, &body)
		for _, e := range body.Events {
			if e.ReplyToken != "" && strings.Contains(out, e.ReplyToken) {
				t.Errorf("logs contain a reply token")
			}
		}
	}
}
