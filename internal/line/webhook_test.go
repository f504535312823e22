package line

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/metrics"
)

type sink struct {
	mu  sync.Mutex
	evs []consult.InboundEvent
	err error
}

func (s *sink) Accept(_ context.Context, evs []consult.InboundEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.evs = append(s.evs, evs...)
	return nil
}

const secret = "s3cr3t"

func newWebhook(t *testing.T) (*sink, *linesim.Client) {
	s := &sink{}
	h := NewWebhook(secret, s, metrics.New(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return s, &linesim.Client{WebhookURL: srv.URL, ChannelSecret: secret, API: linesim.NewAPI(linesim.Options{})}
}

// TestEveryEventKindDecodes sends each kind of event the simulator builds
// (independently of the SDK) and checks what the SDK-based decoder keeps.
func TestEveryEventKindDecodes(t *testing.T) {
	s, c := newWebhook(t)
	ctx := context.Background()
	u, g, r := linesim.UserID("u"), linesim.GroupID("g"), linesim.RoomID("r")
	evs := []linesim.Event{
		c.NewTextEvent(u, "こんにちは"),
		c.NewStickerEvent(u, "1", "2"),
		c.NewImageEvent(u),
		c.NewFollowEvent(u),
		c.NewPostbackEvent(u, "v1:c:home", map[string]string{"date": "2026-11-27"}),
		c.NewGroupTextEvent(g, u, "やあ"),
		c.NewRoomTextEvent(r, u, "やあ"),
		c.NewJoinEvent(g),
		c.NewUnfollowEvent(u),
	}
	if _, err := c.Send(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		typ   consult.EventType
		src   consult.SourceKind
		who   string
		mtype string
		text  string
		token bool
	}{
		{consult.EventMessage, consult.SourceUser, u, "text", "こんにちは", true},
		{consult.EventMessage, consult.SourceUser, u, "sticker", "", true},
		{consult.EventMessage, consult.SourceUser, u, "image", "", true},
		{consult.EventFollow, consult.SourceUser, u, "", "", true},
		{consult.EventPostback, consult.SourceUser, u, "", "", true},
		{consult.EventMessage, consult.SourceGroup, g, "text", "やあ", true},
		{consult.EventMessage, consult.SourceRoom, r, "text", "やあ", true},
		{consult.EventJoin, consult.SourceGroup, g, "", "", true},
		{consult.EventUnfollow, consult.SourceUser, u, "", "", false},
	}
	if len(s.evs) != len(want) {
		t.Fatalf("decoded %d events, want %d", len(s.evs), len(want))
	}
	for i, w := range want {
		e := s.evs[i]
		if e.Type != w.typ || e.Source != w.src || e.Resident != w.who || e.MessageType != w.mtype || e.Text != w.text ||
			(e.ReplyToken != "") != w.token || e.ID != evs[i].WebhookEventID || e.Timestamp.IsZero() || e.ReceivedAt.IsZero() {
			t.Errorf("event %d = %+v, want %+v", i, e, w)
		}
	}
	if s.evs[4].PostbackData != "v1:c:home" {
		t.Errorf("postback data = %q", s.evs[4].PostbackData)
	}
	// Redelivery and standby flags are kept.
	s.evs = nil
	if _, err := c.Redeliver(ctx, evs[0]); err != nil {
		t.Fatal(err)
	}
	sb := *c
	sb.Standby = true
	if _, err := sb.Text(ctx, u, "x"); err != nil {
		t.Fatal(err)
	}
	if len(s.evs) != 2 || !s.evs[0].Redelivery || !s.evs[1].Standby {
		t.Errorf("flags = %+v", s.evs)
	}
}

func TestWebhookAnswers500WhenNotDurable(t *testing.T) {
	s, c := newWebhook(t)
	s.err = errors.New("database down")
	_, err := c.Text(context.Background(), linesim.UserID("u"), "x")
	var se *linesim.StatusError
	if !errors.As(err, &se) || se.Status != 500 {
		t.Fatalf("err = %v, want 500 so LINE redelivers", err)
	}
}
