package linesim

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
)

// chatItem is one bubble of the chat page.
type chatItem struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // resident, bot, system
	Chat string `json:"chat"`
	At   int64  `json:"at"` // Unix ms
	// resident items
	User      string `json:"user,omitempty"`
	Name      string `json:"name,omitempty"`
	Text      string `json:"text,omitempty"`
	Sticker   string `json:"sticker,omitempty"`
	EventType string `json:"eventType,omitempty"`
	EventID   string `json:"eventId,omitempty"`
	Status    int    `json:"status,omitempty"` // webhook answer
	Read      bool   `json:"read,omitempty"`
	LatencyMs int64  `json:"latencyMs,omitempty"`
	ErrorText string `json:"error,omitempty"`
	Data      string `json:"data,omitempty"` // postback data
	// bot items
	Via       string            `json:"via,omitempty"`
	Seq       int64             `json:"seq,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
	ReplyTo   string            `json:"replyTo,omitempty"`
	RetryKey  string            `json:"retryKey,omitempty"`
	Messages  []json.RawMessage `json:"messages,omitempty"`
	// order sorts the timeline at full clock precision (At is in ms).
	order int64
}

func deliveryItem(d Delivery) chatItem {
	return chatItem{
		ID: "d" + strconv.FormatInt(d.Seq, 10), Kind: "bot", Chat: d.UserID, At: d.At.UnixMilli(),
		Via: d.Via, Seq: d.Seq, RequestID: d.RequestID, ReplyTo: d.EventID, RetryKey: d.RetryKey,
		Messages: d.Messages, order: d.At.UnixNano(),
	}
}

// addItem stores a resident-side item, bounded per chat.
func (s *chatServer) addItem(it chatItem) chatItem {
	s.mu.Lock()
	s.itemSeq++
	it.ID = "r" + strconv.FormatInt(s.itemSeq, 10)
	it.order = s.api.now().UnixNano()
	list := append(s.items[it.Chat], it)
	if len(list) > s.opts.MaxItems {
		list = list[len(list)-s.opts.MaxItems:]
	}
	s.items[it.Chat] = list
	s.mu.Unlock()
	return it
}

// updateItem replaces a stored item (after the webhook answered).
func (s *chatServer) updateItem(it chatItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.items[it.Chat]
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].ID == it.ID {
			list[i] = it
			return
		}
	}
}

// timeline merges the resident's items and the bot's deliveries of a chat
// in time order.
func (s *chatServer) timeline(chatID string) []chatItem {
	s.mu.Lock()
	out := append([]chatItem(nil), s.items[chatID]...)
	s.mu.Unlock()
	for _, d := range s.api.Deliveries(chatID) {
		out = append(out, deliveryItem(d))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func (s *chatServer) serveTimeline(w http.ResponseWriter, r *http.Request) {
	chatID := r.URL.Query().Get("chat")
	if !isChatID(chatID) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "chat must be a user or group ID"})
		return
	}
	resp := struct {
		Items        []chatItem `json:"items"`
		LoadingUntil int64      `json:"loadingUntil,omitempty"`
	}{Items: s.timeline(chatID)}
	if resp.Items == nil {
		resp.Items = []chatItem{}
	}
	if until, ok := s.api.Loading(chatID); ok {
		resp.LoadingUntil = until.UnixMilli()
	}
	writeJSON(w, http.StatusOK, resp)
}

// callSummary is one row of the Messaging API panel.
type callSummary struct {
	Seq        int64   `json:"seq"`
	At         int64   `json:"at"`
	DurationMs float64 `json:"durationMs"`
	Method     string  `json:"method"`
	Path       string  `json:"path"`
	Endpoint   string  `json:"endpoint"`
	Status     int     `json:"status"`
	RetryKey   string  `json:"retryKey,omitempty"`
	ChatID     string  `json:"chatId,omitempty"`
	Fault      bool    `json:"fault,omitempty"`
	Canceled   bool    `json:"canceled,omitempty"`
}

type callDetail struct {
	callSummary
	RequestID         string `json:"requestId"`
	AcceptedRequestID string `json:"acceptedRequestId,omitempty"`
	UserAgent         string `json:"userAgent,omitempty"`
	ContentType       string `json:"contentType,omitempty"`
	Request           any    `json:"request"`
	Response          any    `json:"response"`
}

func summarizeCall(c Call) callSummary {
	return callSummary{
		Seq: c.Seq, At: c.At.UnixMilli(), DurationMs: float64(c.Duration.Microseconds()) / 1000, Method: c.Method,
		Path: c.Path, Endpoint: c.Endpoint, Status: c.Status, RetryKey: c.RetryKey, ChatID: c.ChatID,
		Fault: c.Fault, Canceled: c.Canceled,
	}
}

// webhookSummary is a webhook row of the panel.
type webhookSummary struct {
	Seq       int64    `json:"seq"`
	At        int64    `json:"at"`
	Status    int      `json:"status"`
	LatencyMs float64  `json:"latencyMs"`
	EventIDs  []string `json:"eventIds"`
	Signed    bool     `json:"signed"`
	Error     string   `json:"error,omitempty"`
}

func summarizeWebhook(h WebhookRecord) webhookSummary {
	return webhookSummary{
		Seq: h.Seq, At: h.At.UnixMilli(), Status: h.Status,
		LatencyMs: float64(h.Latency.Microseconds()) / 1000, EventIDs: h.EventIDs, Signed: h.Signed, Error: h.Error,
	}
}
