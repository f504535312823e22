package line

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/metrics"
)

const token = "tok"

type simEnv struct {
	api    *linesim.API
	sender *Sender
}

func newSim(t *testing.T, timeout time.Duration, opts linesim.Options) *simEnv {
	t.Helper()
	opts.AccessToken = token
	opts.RateLimits = map[string]int{}
	api := linesim.NewAPI(opts)
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	s, err := NewSender(token, srv.URL, timeout, metrics.New(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return &simEnv{api: api, sender: s}
}

// item makes a reply item for user with a fresh token from the simulator.
func (e *simEnv) item(t *testing.T, user string, msgs ...consult.OutMessage) consult.OutboxItem {
	t.Helper()
	payload, err := json.Marshal(msgs)
	if err != nil {
		t.Fatal(err)
	}
	tok := e.api.IssueReplyToken(user, "E-"+user, time.Now())
	return consult.OutboxItem{ID: 1, Kind: consult.OutLINEReply, Resident: user, ReplyToken: tok,
		EventAt: time.Now(), RetryKey: "6f9619ff-8b86-d011-b42d-00c04fc964ff", Payload: payload, Prompted: true}
}

var card = consult.OutMessage{AltText: "alt", Card: &consult.Card{Title: "t", Subtitle: "s", Lines: []string{"l1", "l2"},
	Tone: consult.ToneEmergency,
	Buttons: []consult.Action{
		{Kind: consult.ActionURI, Label: "110", URI: "tel:110"},
		{Kind: consult.ActionPostback, Label: "p", Data: "v1:c:home", DisplayText: "d"},
		{Kind: consult.ActionMessage, Label: "m", Text: "x"},
	}},
	QuickReplies: []consult.Action{{Kind: consult.ActionPostback, Label: "q", Data: "v1:a:x"}}}

func TestReplyRendersCardsLINEAccepts(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{})
	u := linesim.UserID("a")
	d := e.sender.Deliver(context.Background(), e.item(t, u, consult.OutMessage{Text: "hello"}, card))
	if !d.Done || d.Method != "reply" {
		t.Fatalf("delivery = %+v", d)
	}
	got := e.api.Deliveries(u)
	if len(got) != 1 || got[0].Via != "reply" || len(got[0].Messages) != 2 {
		t.Fatalf("deliveries = %+v", got)
	}
	flex := string(got[0].Messages[1])
	for _, want := range []string{`"type":"flex"`, `"type":"bubble"`, `"uri":"tel:110"`, `"data":"v1:c:home"`, `"quickReply"`} {
		if !strings.Contains(flex, want) {
			t.Errorf("flex message lacks %s: %s", want, flex)
		}
	}
}

func TestExpiredTokenFallsBackToPush(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{ReplyTokenTTL: time.Nanosecond})
	u := linesim.UserID("b")
	it := e.item(t, u, consult.OutMessage{Text: "hello"})
	time.Sleep(time.Millisecond)
	d := e.sender.Deliver(context.Background(), it)
	if !d.Done || d.Method != "push" {
		t.Fatalf("delivery = %+v, want done by push", d)
	}
	got := e.api.Deliveries(u)
	if len(got) != 1 || got[0].Via != "push" || got[0].RetryKey != it.RetryKey {
		t.Fatalf("deliveries = %+v", got)
	}
	// Retrying the push (its answer lost) does not deliver twice: 409.
	it.ReplyToken = ""
	if d := e.sender.Deliver(context.Background(), it); !d.Done {
		t.Fatalf("repeat push = %+v", d)
	}
	if n := len(e.api.Deliveries(u)); n != 1 {
		t.Errorf("%d deliveries after a repeated retry key", n)
	}
}

func TestOldEventIsPushedWithoutTryingTheToken(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{})
	u := linesim.UserID("c")
	it := e.item(t, u, consult.OutMessage{Text: "hello"})
	it.EventAt = time.Now().Add(-2 * time.Minute)
	if d := e.sender.Deliver(context.Background(), it); !d.Done || d.Method != "push" {
		t.Fatalf("delivery = %+v", d)
	}
	for _, c := range e.api.Calls() {
		if c.Endpoint == "reply" {
			t.Errorf("an expired token was tried")
		}
	}
}

func TestServerErrorsAreRetriable(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{})
	u := linesim.UserID("d")
	it := e.item(t, u, consult.OutMessage{Text: "hello"})
	e.api.Inject(linesim.Fault{Endpoint: "reply", Status: 500})
	d := e.sender.Deliver(context.Background(), it)
	if d.Done || d.Permanent || d.ReplyToken != it.ReplyToken || d.Err == nil {
		t.Fatalf("after 500: %+v, want retry with the same token", d)
	}
	e.api.Inject(linesim.Fault{Endpoint: "reply", Status: 429, RetryAfter: 3 * time.Second})
	d = e.sender.Deliver(context.Background(), it)
	if d.Done || d.RetryAfter != 3*time.Second {
		t.Fatalf("after 429: %+v, want Retry-After honoured", d)
	}
	if d = e.sender.Deliver(context.Background(), it); !d.Done || d.Method != "reply" {
		t.Fatalf("third attempt: %+v", d)
	}
	if n := len(e.api.Deliveries(u)); n != 1 {
		t.Errorf("%d deliveries, want 1", n)
	}
}

// TestUnclearReplyIsNotRepeated: the reply went through but its answer was
// lost (timeout); the retry finds the token used and must not push a copy.
func TestUnclearReplyIsNotRepeated(t *testing.T) {
	e := newSim(t, 200*time.Millisecond, linesim.Options{})
	u := linesim.UserID("e")
	it := e.item(t, u, consult.OutMessage{Text: "hello"})
	e.api.Inject(linesim.Fault{Endpoint: "reply", Delay: time.Second, ProcessThenDelay: true, Status: 500})
	d := e.sender.Deliver(context.Background(), it)
	if d.Done || !d.ReplyUnsure {
		t.Fatalf("after a timeout: %+v, want retry marked unsure", d)
	}
	it.ReplyUnsure = true
	if d = e.sender.Deliver(context.Background(), it); !d.Done || d.Method != "presumed" {
		t.Fatalf("retry: %+v, want presumed delivered", d)
	}
	if n := len(e.api.Deliveries(u)); n != 1 {
		t.Errorf("%d deliveries, want exactly 1", n)
	}
}

// TestTimeoutBeforeProcessingIsDeliveredOnce: the API stalled without
// processing; the retry delivers by reply.
func TestTimeoutBeforeProcessingIsDeliveredOnce(t *testing.T) {
	e := newSim(t, 200*time.Millisecond, linesim.Options{})
	u := linesim.UserID("f")
	it := e.item(t, u, consult.OutMessage{Text: "hello"})
	e.api.Inject(linesim.Fault{Endpoint: "reply", Delay: time.Second, Status: 500})
	d := e.sender.Deliver(context.Background(), it)
	it.ReplyUnsure = d.ReplyUnsure
	if d = e.sender.Deliver(context.Background(), it); !d.Done || d.Method != "reply" {
		t.Fatalf("retry: %+v", d)
	}
	if n := len(e.api.Deliveries(u)); n != 1 {
		t.Errorf("%d deliveries, want 1", n)
	}
}

func TestBadMessageIsPermanent(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{})
	u := linesim.UserID("g")
	long := strings.Repeat("あ", 5001)
	d := e.sender.Deliver(context.Background(), e.item(t, u, consult.OutMessage{Text: long}))
	if !d.Permanent {
		t.Fatalf("text over 5000: %+v, want permanent failure", d)
	}
	d = e.sender.Deliver(context.Background(), consult.OutboxItem{Kind: consult.OutLINEPush, Resident: u, Payload: []byte(`[{}]`)})
	if !d.Permanent {
		t.Fatalf("empty message: %+v", d)
	}
}

func TestLoadingAnimation(t *testing.T) {
	e := newSim(t, 2*time.Second, linesim.Options{})
	u := linesim.UserID("h")
	e.sender.ShowLoading(context.Background(), u, 10)
	for _, c := range e.api.Calls() {
		if c.Endpoint == "loading" && c.Status == 202 && c.ChatID == u {
			return
		}
	}
	t.Errorf("no accepted loading call: %+v", e.api.Calls())
}
