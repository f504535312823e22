// Package line is tsunagu's LINE adapter: the webhook handler that makes
// events durable before answering 200, and the Messaging API sender that
// delivers outbox items (reply first, push as fallback). It is the only
// importer of line-bot-sdk-go.
package line

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/webhook"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/metrics"
)

// MaxBody is the largest webhook body accepted (1 MiB); larger gets 413.
const MaxBody = 1 << 20

// Sink makes events durable and schedules their processing. An error means
// they could not be made durable: LINE is answered 500 and redelivers.
type Sink interface {
	Accept(ctx context.Context, evs []consult.InboundEvent) error
}

// Webhook handles POST /line/webhook.
type Webhook struct {
	secret  string
	sink    Sink
	metrics *metrics.Metrics
	log     *slog.Logger
	// Timeout bounds making events durable, well inside LINE's 2 s.
	Timeout time.Duration
	now     func() time.Time
}

// NewWebhook returns the webhook handler.
func NewWebhook(channelSecret string, sink Sink, m *metrics.Metrics, log *slog.Logger) *Webhook {
	return &Webhook{secret: channelSecret, sink: sink, metrics: m, log: log, Timeout: 1500 * time.Millisecond, now: time.Now}
}

// ServeHTTP verifies the signature over the raw body before anything else,
// decodes with the SDK, records the events and answers.
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.now()
	code := h.serve(w, r)
	h.metrics.WebhookRequests.WithLabelValues(http.StatusText(code)).Inc()
	h.metrics.WebhookAck.Observe(time.Since(start).Seconds())
}

func (h *Webhook) serve(w http.ResponseWriter, r *http.Request) int {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return reply(w, http.StatusMethodNotAllowed)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return reply(w, http.StatusRequestEntityTooLarge)
		}
		return reply(w, http.StatusBadRequest)
	}
	if !webhook.ValidateSignature(h.secret, r.Header.Get("x-line-signature"), body) {
		h.log.WarnContext(r.Context(), "webhook signature invalid", "remote", r.RemoteAddr, "bytes", len(body))
		return reply(w, http.StatusUnauthorized)
	}
	var cb webhook.CallbackRequest
	if err := json.Unmarshal(body, &cb); err != nil {
		h.log.WarnContext(r.Context(), "webhook body not decodable", "error", err.Error())
		return reply(w, http.StatusBadRequest)
	}
	now := h.now().UTC()
	evs := make([]consult.InboundEvent, 0, len(cb.Events))
	for _, e := range cb.Events {
		in, ok := toInbound(e, now)
		if !ok {
			h.metrics.WebhookEvents.WithLabelValues(eventType(e), "ignored").Inc()
			continue
		}
		evs = append(evs, in)
	}
	if len(evs) > 0 {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), h.Timeout)
		defer cancel()
		if err := h.sink.Accept(ctx, evs); err != nil {
			h.log.ErrorContext(r.Context(), "webhook events not durable", "events", len(evs), "error", err.Error())
			for _, e := range evs {
				h.metrics.WebhookEvents.WithLabelValues(string(e.Type), "failed").Inc()
			}
			return reply(w, http.StatusInternalServerError)
		}
		for _, e := range evs {
			h.metrics.WebhookEvents.WithLabelValues(string(e.Type), "accepted").Inc()
		}
	}
	return reply(w, http.StatusOK)
}

// reply writes LINE's expected tiny JSON answer.
func reply(w http.ResponseWriter, code int) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, "{}")
	return code
}

// eventType labels an ignored event for metrics, without its content.
func eventType(e webhook.EventInterface) string {
	switch e.(type) {
	case webhook.UnsendEvent:
		return "unsend"
	case webhook.LeaveEvent:
		return "leave"
	case webhook.MemberJoinedEvent, webhook.MemberLeftEvent:
		return "member"
	case webhook.UnknownEvent:
		return "unknown"
	}
	return "other"
}
