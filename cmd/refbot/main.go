// Command refbot is the minimal LINE bot kept as a yardstick for tsunagu's
// performance figures (docs/PERFORMANCE.md): it verifies the signature,
// parses the webhook with line-bot-sdk-go (the SDK tsunagu uses), and
// echoes each event back with its reply token, inside the webhook request,
// as the SDK's echo example does. It stores nothing and so promises
// nothing: whatever tsunagu does beyond this (durable events, ordered
// turns, triage, flows, the outbox) is what the comparison measures.
//
//	LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… LINE_API_BASE_URL=http://127.0.0.1:8091 refbot -addr :8080
package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"
	"github.com/line/line-bot-sdk-go/v8/linebot/webhook"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(*addr, os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, "refbot:", err)
		os.Exit(1)
	}
}

func run(addr string, getenv func(string) string, log *slog.Logger) error {
	secret, token := getenv("LINE_CHANNEL_SECRET"), getenv("LINE_CHANNEL_ACCESS_TOKEN")
	if secret == "" || token == "" {
		return errors.New("set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN")
	}
	base := getenv("LINE_API_BASE_URL")
	if base == "" {
		base = "https://api.line.me"
	}
	api, err := messaging_api.NewMessagingApiAPI(token,
		messaging_api.WithEndpoint(strings.TrimRight(base, "/")),
		messaging_api.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
	if err != nil {
		return fmt.Errorf("line client: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /line/webhook", &echo{secret: secret, api: api, log: log})
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) }
	mux.HandleFunc("GET /healthz", ok)
	mux.HandleFunc("GET /readyz", ok)
	log.Info("refbot serving", "addr", addr)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}

// echo answers every event that has a reply token with one text message.
type echo struct {
	secret string
	api    *messaging_api.MessagingApiAPI
	log    *slog.Logger
}

func (h *echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cb, err := webhook.ParseRequest(h.secret, r)
	if err != nil {
		if errors.Is(err, webhook.ErrInvalidSignature) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for _, ev := range cb.Events {
		token, text := echoOf(ev)
		if token == "" {
			continue
		}
		_, err := h.api.ReplyMessage(&messaging_api.ReplyMessageRequest{ReplyToken: token,
			Messages: []messaging_api.MessageInterface{messaging_api.TextMessage{Text: text}}})
		if err != nil {
			h.log.Warn("reply failed", "error", err.Error())
		}
	}
	w.WriteHeader(http.StatusOK)
}

// echoOf returns the reply token of an event and what to echo.
func echoOf(ev webhook.EventInterface) (token, text string) {
	switch e := ev.(type) {
	case webhook.MessageEvent:
		if m, ok := e.Message.(webhook.TextMessageContent); ok {
			return e.ReplyToken, m.Text
		}
		return e.ReplyToken, "message"
	case webhook.PostbackEvent:
		if e.Postback != nil && e.Postback.Data != "" {
			return e.ReplyToken, e.Postback.Data
		}
		return e.ReplyToken, "postback"
	case webhook.FollowEvent:
		return e.ReplyToken, "follow"
	case webhook.JoinEvent:
		return e.ReplyToken, "join"
	}
	return "", ""
}
