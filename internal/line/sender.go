package line

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/metrics"
)

const (
	// replyWindow is how long after receiving an event its reply token is
	// used; LINE allows about a minute, and advises not to rely on the
	// exact limit.
	replyWindow = 50 * time.Second
	// unsureWindow: when an earlier attempt's outcome is unknown (a timeout,
	// or the process died during it) and the retried reply is refused as
	// "Invalid reply token" while the token cannot have expired yet, the
	// token was used — by that attempt — so the message is not pushed again.
	unsureWindow = replyWindow
	// maxIdleConns is how many keep-alive connections to the Messaging API
	// are kept: the outbox's batch size.
	maxIdleConns = 64
)

// Sender delivers LINE outbox items through the Messaging API: the free
// reply while the token is fresh, else a push with X-Line-Retry-Key.
type Sender struct {
	api     *messaging_api.MessagingApiAPI
	metrics *metrics.Metrics
	log     *slog.Logger
	now     func() time.Time
}

// NewSender builds a sender for the Messaging API at baseURL (the
// simulator in tests and in the demo).
func NewSender(token, baseURL string, timeout time.Duration, m *metrics.Metrics, log *slog.Logger) (*Sender, error) {
	// The outbox delivers a batch at once: keep that many connections
	// alive instead of the default two, which made every other attempt
	// dial anew.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = maxIdleConns, maxIdleConns
	api, err := messaging_api.NewMessagingApiAPI(token,
		messaging_api.WithEndpoint(strings.TrimRight(baseURL, "/")),
		messaging_api.WithHTTPClient(&http.Client{Timeout: timeout, Transport: tr}))
	if err != nil {
		return nil, fmt.Errorf("line client: %w", err)
	}
	return &Sender{api: api, metrics: m, log: log, now: time.Now}, nil
}

// Deliver makes one attempt at an OutLINEReply or OutLINEPush item.
func (s *Sender) Deliver(ctx context.Context, item consult.OutboxItem) consult.Delivery {
	msgs, err := item.Messages()
	if err != nil {
		return consult.Delivery{Permanent: true, Err: fmt.Errorf("decode messages: %w", err)}
	}
	lm, err := render(msgs)
	if err != nil {
		return consult.Delivery{Permanent: true, Err: err}
	}
	age := s.now().Sub(item.EventAt)
	if item.Kind == consult.OutLINEReply && item.ReplyToken != "" && age < replyWindow {
		d, fallThrough := s.reply(item, lm, age)
		if !fallThrough {
			return d
		}
	}
	return s.push(item, lm)
}

// reply tries the reply token. It reports fallThrough when the token is
// refused and the message must be pushed instead.
func (s *Sender) reply(item consult.OutboxItem, lm []messaging_api.MessageInterface, age time.Duration) (consult.Delivery, bool) {
	res, _, err := s.api.ReplyMessageWithHttpInfo(&messaging_api.ReplyMessageRequest{ReplyToken: item.ReplyToken, Messages: lm})
	status, apiMsg, retryAfter := outcome(res, err)
	keep := consult.Delivery{ReplyToken: item.ReplyToken, ReplyUnsure: item.ReplyUnsure}
	switch {
	case status/100 == 2:
		s.metrics.LINEDeliveries.WithLabelValues("reply").Inc()
		return consult.Delivery{Done: true, Method: "reply"}, false
	case status == http.StatusBadRequest && strings.Contains(strings.ToLower(apiMsg), "invalid reply token"):
		if item.OutcomeUnknown() && age < unsureWindow {
			s.metrics.LINEDeliveries.WithLabelValues("presumed").Inc()
			return consult.Delivery{Done: true, Method: "presumed"}, false
		}
		return consult.Delivery{}, true
	}
	s.metrics.LINEAPIErrors.WithLabelValues("reply", statusLabel(status)).Inc()
	keep.Err = apiError("reply", status, apiMsg, err)
	keep.RetryAfter = retryAfter
	switch {
	case status == 0:
		// No answer: the reply may or may not have gone out.
		keep.ReplyUnsure = true
	case status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge:
		keep.Permanent = true
	}
	return keep, false
}

func (s *Sender) push(item consult.OutboxItem, lm []messaging_api.MessageInterface) consult.Delivery {
	res, _, err := s.api.PushMessageWithHttpInfo(&messaging_api.PushMessageRequest{To: item.Resident, Messages: lm}, item.RetryKey)
	status, apiMsg, retryAfter := outcome(res, err)
	switch {
	case status/100 == 2:
		s.metrics.LINEDeliveries.WithLabelValues("push").Inc()
		return consult.Delivery{Done: true, Method: "push"}
	case status == http.StatusConflict:
		// The retry key was already accepted: an earlier attempt got through.
		s.metrics.LINEDeliveries.WithLabelValues("push-accepted-before").Inc()
		return consult.Delivery{Done: true, Method: "push"}
	}
	s.metrics.LINEAPIErrors.WithLabelValues("push", statusLabel(status)).Inc()
	d := consult.Delivery{Err: apiError("push", status, apiMsg, err), RetryAfter: retryAfter}
	if status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge {
		d.Permanent = true
	}
	return d
}

// ShowLoading shows the "typing" animation in a one-to-one chat while a
// slow turn is under way. Best effort: failures are only counted.
func (s *Sender) ShowLoading(ctx context.Context, userID string, seconds int) {
	res, _, err := s.api.ShowLoadingAnimationWithHttpInfo(&messaging_api.ShowLoadingAnimationRequest{ChatId: userID, LoadingSeconds: int32(seconds)})
	if status, _, _ := outcome(res, err); status/100 != 2 {
		s.metrics.LINEAPIErrors.WithLabelValues("loading", statusLabel(status)).Inc()
	}
}

// outcome reads the status, LINE's error message and Retry-After of a
// Messaging API answer; status 0 means no answer (timeout, connection).
func outcome(res *http.Response, err error) (status int, message string, retryAfter time.Duration) {
	if res == nil {
		return 0, "", 0
	}
	defer res.Body.Close()
	status = res.StatusCode
	if v := res.Header.Get("Retry-After"); v != "" {
		if n, perr := strconv.Atoi(v); perr == nil && n >= 0 {
			retryAfter = time.Duration(n) * time.Second
		}
	}
	if status/100 != 2 {
		var e messaging_api.ErrorResponse
		if b, rerr := io.ReadAll(io.LimitReader(res.Body, 64<<10)); rerr == nil && json.Unmarshal(b, &e) == nil {
			message = e.Message
		}
	}
	_ = err
	return status, message, retryAfter
}

func apiError(endpoint string, status int, apiMsg string, err error) error {
	if status == 0 {
		if err == nil {
			err = errors.New("no response")
		}
		return fmt.Errorf("line %s: %w: %w", endpoint, consult.ErrUnavailable, err)
	}
	// LINE's error messages describe the request, not the resident's words.
	return fmt.Errorf("line %s: status %d: %s", endpoint, status, apiMsg)
}

func statusLabel(status int) string {
	if status == 0 {
		return "no-response"
	}
	return strconv.Itoa(status)
}
