package linesim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// sseMessage is one Server-Sent Event for the page.
type sseMessage struct {
	Event string
	Data  any
}

// serveEvents streams what happens to the page: bot deliveries and
// resident items ("item"), API calls ("call"), webhooks ("webhook"),
// loading animations ("loading") and resident list changes ("state").
func (s *chatServer) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The stream outlives any server write timeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")

	deliveries, stopD := s.api.Subscribe()
	defer stopD()
	calls, stopC := s.api.SubscribeCalls()
	defer stopC()
	loading, stopL := s.api.SubscribeLoading()
	defer stopL()
	hooks, stopW := s.api.SubscribeWebhooks()
	defer stopW()
	local, stopH := s.hub.subscribe(256)
	defer stopH()

	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n: connected\n\n")
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		var m sseMessage
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
			continue
		case d := <-deliveries:
			m = sseMessage{"item", deliveryItem(d)}
		case c := <-calls:
			m = sseMessage{"call", summarizeCall(c)}
		case l := <-loading:
			var until int64
			if !l.Until.IsZero() {
				until = l.Until.UnixMilli()
			}
			m = sseMessage{"loading", map[string]any{"chat": l.ChatID, "until": until}}
		case h := <-hooks:
			m = sseMessage{"webhook", summarizeWebhook(h)}
		case m = <-local:
		}
		data, err := json.Marshal(m.Data)
		if err != nil {
			continue
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Event, data); err != nil {
			return
		}
		flusher.Flush()
	}
}
