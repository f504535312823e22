package linesim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Client posts signed webhooks to the bot, the way the LINE platform does.
// The zero value needs only WebhookURL and ChannelSecret; with API set, the
// reply tokens it puts in events are accepted by that API, blocks and
// follows change the API's state, and latencies are recorded. A Client may
// be copied to vary WrongSecret or Standby.
type Client struct {
	// WebhookURL is the bot's webhook, e.g. http://localhost:8080/line/webhook.
	WebhookURL string
	// ChannelSecret signs the body (x-line-signature).
	ChannelSecret string
	// Destination is the bot's user ID; default the API's BotUserID.
	Destination string
	// HTTP sends the webhooks; default a client with a 30 s timeout.
	HTTP *http.Client
	// API is the fake Messaging API that issues reply tokens.
	API *API
	// WrongSecret signs with a wrong secret (the bot must refuse).
	WrongSecret bool
	// Standby sends events in "standby" mode, without reply tokens.
	Standby bool
}

// Result is the bot's answer to one webhook.
type Result struct {
	Status int
	// Latency is the acknowledgement time: from posting to the response
	// headers.
	Latency time.Duration
	// Events are the events sent, with their IDs and reply tokens.
	Events []Event
	// Body is the start of the response body (at most 64 KiB).
	Body []byte
}

// StatusError is returned when the bot answers a webhook with a non-2xx
// status (LINE counts those as failed deliveries).
type StatusError struct{ Status int }

// Error says which status the bot answered.
func (e *StatusError) Error() string { return fmt.Sprintf("webhook answered %d", e.Status) }

var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

func (c *Client) now() time.Time {
	if c.API != nil {
		return c.API.now()
	}
	return time.Now()
}

func (c *Client) destination() string {
	switch {
	case c.Destination != "":
		return c.Destination
	case c.API != nil:
		return c.API.opts.BotUserID
	}
	return UserID("tsunagu-bot")
}

// Sign returns the x-line-signature of body for secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (c *Client) sign(body []byte) string {
	secret := c.ChannelSecret
	if c.WrongSecret {
		secret = "wrong-" + secret
	}
	return Sign(secret, body)
}

// Send posts one webhook carrying events (possibly from several users). It
// applies their effect on the platform first (a follow unblocks, an
// unfollow blocks). A non-2xx answer returns the Result and a
// *StatusError.
func (c *Client) Send(ctx context.Context, events ...Event) (*Result, error) {
	for i := range events {
		if err := checkSource(events[i].Source); err != nil {
			return nil, fmt.Errorf("send webhook: event %d: %w", i, err)
		}
	}
	if events == nil {
		events = []Event{} // LINE sends "events":[] to check the connection
	}
	body, err := json.Marshal(callback{Destination: c.destination(), Events: events})
	if err != nil {
		return nil, fmt.Errorf("send webhook: encode: %w", err)
	}
	if c.API != nil {
		c.applyPlatformState(events)
	}
	res, err := c.post(ctx, body, c.sign(body), events)
	if err != nil {
		return res, err
	}
	res.Events = events
	return res, nil
}

// applyPlatformState records follows, blocks and senders on the API, and
// the send time of events that expect an answer.
func (c *Client) applyPlatformState(events []Event) {
	at := c.API.now()
	for i := range events {
		e := &events[i]
		uid := ""
		if e.Source != nil {
			uid = e.Source.UserID
		}
		switch {
		case e.Type == "follow" && uid != "":
			c.API.follow(uid)
		case e.Type == "unfollow" && uid != "":
			c.API.Block(uid)
		case uid != "" && e.Source.Type == "user":
			c.API.touch(uid)
		}
		if e.expectsAnswer() && !e.DeliveryContext.IsRedelivery {
			c.API.latency.noteSent(e.WebhookEventID, e.Source.ChatID(), at)
		}
	}
}

// Redeliver posts events again as LINE's webhook redelivery does: same
// IDs and reply tokens, isRedelivery true. Unused reply tokens work again
// for a TTL, within the redelivery window after the event.
func (c *Client) Redeliver(ctx context.Context, events ...Event) (*Result, error) {
	again := make([]Event, len(events))
	for i, e := range events {
		e.DeliveryContext.IsRedelivery = true
		if c.API != nil && e.ReplyToken != "" {
			o := c.API.opts
			c.API.tokens.revive(e.ReplyToken, c.API.now(), o.ReplyTokenTTL, o.RedeliveryWindow)
		}
		again[i] = e
	}
	return c.Send(ctx, again...)
}

// SendRaw posts body with the given x-line-signature ("" leaves the
// header out), for tests of bad signatures and malformed bodies.
func (c *Client) SendRaw(ctx context.Context, body []byte, signature string) (*Result, error) {
	return c.post(ctx, body, signature, nil)
}

func (c *Client) post(ctx context.Context, body []byte, signature string, events []Event) (*Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("send webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "LineBotWebhook/2.0")
	if signature != "" {
		req.Header.Set("X-Line-Signature", signature)
	}
	start := time.Now()
	resp, err := c.httpClient().Do(req)
	lat := time.Since(start)
	rec := WebhookRecord{At: c.now(), Latency: lat, Body: body, Signed: signature != ""}
	for _, e := range events {
		rec.EventIDs = append(rec.EventIDs, e.WebhookEventID)
	}
	if err != nil {
		rec.Error = err.Error()
		c.record(rec)
		return nil, fmt.Errorf("send webhook: %w", err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, maxRecordedBody))
	_, _ = io.Copy(io.Discard, resp.Body)
	rec.Status = resp.StatusCode
	c.record(rec)
	res := &Result{Status: resp.StatusCode, Latency: lat, Body: rb}
	if resp.StatusCode/100 != 2 {
		return res, &StatusError{Status: resp.StatusCode}
	}
	return res, nil
}

func (c *Client) record(rec WebhookRecord) {
	if c.API == nil {
		return
	}
	if rec.Error == "" {
		c.API.latency.ack.Record(rec.Latency)
	}
	c.API.webhooks.add(rec)
}

// checkSource refuses IDs that LINE would never send, so tests use UserID.
func checkSource(s *Source) error {
	if s == nil {
		return nil
	}
	if s.UserID != "" && !IsUserID(s.UserID) {
		return fmt.Errorf("user ID %q is not \"U\" and 32 hex digits: use linesim.UserID", s.UserID)
	}
	if s.GroupID != "" && !isChatID(s.GroupID) {
		return fmt.Errorf("group ID %q is not \"C\" and 32 hex digits: use linesim.GroupID", s.GroupID)
	}
	if s.RoomID != "" && !isChatID(s.RoomID) {
		return fmt.Errorf("room ID %q is not \"R\" and 32 hex digits: use linesim.RoomID", s.RoomID)
	}
	return nil
}
