// Package metrics defines tsunagu's Prometheus metrics in one place, so
// that names and labels stay consistent across packages.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds every collector. Labels never carry what a resident wrote
// or an ID of a person.
type Metrics struct {
	reg *prometheus.Registry

	// WebhookRequests counts webhook requests by HTTP status text.
	WebhookRequests *prometheus.CounterVec
	// WebhookAck is the time to answer LINE.
	WebhookAck prometheus.Histogram
	// WebhookEvents counts events by type and outcome (accepted, ignored, failed).
	WebhookEvents *prometheus.CounterVec
	// Turns counts bot turns by outcome (done, retry, skipped).
	Turns *prometheus.CounterVec
	// TurnSeconds is the time of one turn transaction.
	TurnSeconds prometheus.Histogram
	// EventWait is the time from receiving an event to committing its turn.
	EventWait prometheus.Histogram
	// OutboxDepth is the number of pending outbox items by kind.
	OutboxDepth *prometheus.GaugeVec
	// OutboxAttempts counts delivery attempts by kind and result
	// (done, retry, failed, cancelled).
	OutboxAttempts *prometheus.CounterVec
	// OutboxLatency is the time from enqueue to delivery, by kind.
	OutboxLatency *prometheus.HistogramVec
	// LINEAPIErrors counts Messaging API errors by endpoint and status.
	LINEAPIErrors *prometheus.CounterVec
	// LINEDeliveries counts delivered LINE messages by how (reply, push,
	// presumed: a reply whose outcome was unclear and whose token was then
	// refused as used).
	LINEDeliveries *prometheus.CounterVec
	// SlackAPIErrors counts Slack Web API errors by method and kind.
	SlackAPIErrors *prometheus.CounterVec
	// Crises counts crisis turns by kind.
	Crises *prometheus.CounterVec
}

// New creates and registers the collectors on a new registry, with the Go
// runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &Metrics{reg: reg}
	latency := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	m.WebhookRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_webhook_requests_total", Help: "LINE webhook requests by HTTP status."}, []string{"status"})
	m.WebhookAck = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tsunagu_webhook_ack_seconds", Help: "Time to answer a LINE webhook request.", Buckets: latency})
	m.WebhookEvents = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_webhook_events_total", Help: "LINE webhook events by type and outcome."}, []string{"type", "outcome"})
	m.Turns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_turns_total", Help: "Bot turns by outcome."}, []string{"outcome"})
	m.TurnSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tsunagu_turn_seconds", Help: "Duration of one bot turn transaction.", Buckets: latency})
	m.EventWait = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tsunagu_event_wait_seconds", Help: "Time from receiving an event to committing its turn.", Buckets: latency})
	m.OutboxDepth = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "tsunagu_outbox_depth", Help: "Pending outbox items by kind."}, []string{"kind"})
	m.OutboxAttempts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_outbox_attempts_total", Help: "Outbox delivery attempts by kind and result."}, []string{"kind", "result"})
	m.OutboxLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tsunagu_outbox_delivery_seconds", Help: "Time from enqueue to delivery.", Buckets: latency}, []string{"kind"})
	m.LINEAPIErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_line_api_errors_total", Help: "LINE Messaging API errors by endpoint and status."}, []string{"endpoint", "status"})
	m.LINEDeliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_line_deliveries_total", Help: "LINE messages delivered, by method."}, []string{"method"})
	m.SlackAPIErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_slack_api_errors_total", Help: "Slack Web API errors by method and kind."}, []string{"method", "kind"})
	m.Crises = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tsunagu_crises_total", Help: "Crisis messages answered, by kind."}, []string{"kind"})
	for _, c := range []prometheus.Collector{m.WebhookRequests, m.WebhookAck, m.WebhookEvents, m.Turns, m.TurnSeconds, m.EventWait,
		m.OutboxDepth, m.OutboxAttempts, m.OutboxLatency, m.LINEAPIErrors, m.LINEDeliveries, m.SlackAPIErrors, m.Crises} {
		f(c)
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry gives tests access to the gathered values.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }
