package linesim

import (
	"encoding/json"
	"net/http"
)

type replyRequest struct {
	ReplyToken           string            `json:"replyToken"`
	Messages             []json.RawMessage `json:"messages"`
	NotificationDisabled bool              `json:"notificationDisabled"`
}

type pushRequest struct {
	To                   string            `json:"to"`
	Messages             []json.RawMessage `json:"messages"`
	NotificationDisabled bool              `json:"notificationDisabled"`
}

type sentResponse struct {
	SentMessages []sentMessage `json:"sentMessages"`
}

// sentMessages makes the "sentMessages" of a response: an ID per message
// and a quote token for the types that can be quoted.
func sentMessages(types []string) []sentMessage {
	out := make([]sentMessage, len(types))
	for i, typ := range types {
		out[i].ID = newMessageID()
		switch typ {
		case "text", "textV2", "sticker", "image", "video":
			out[i].QuoteToken = randomToken(48)
		}
	}
	return out
}

func (a *API) serveReply(x *exchange) result {
	var req replyRequest
	if res := x.decode(&req); res != nil {
		return *res
	}
	details, types := validateMessages(req.Messages)
	if req.ReplyToken == "" {
		details = append([]ErrorDetail{{Message: "must be specified", Property: "replyToken"}}, details...)
	}
	if len(details) > 0 {
		return detailsResult(details)
	}
	x.call.ReplyToken = req.ReplyToken
	tok, ok := a.tokens.consume(req.ReplyToken, x.now)
	if !ok {
		return errResult(http.StatusBadRequest, "Invalid reply token")
	}
	x.call.ChatID = tok.chatID
	sent := sentMessages(types)
	a.stats.replies.Add(1)
	a.deliver(Delivery{
		UserID: tok.chatID, Via: "reply", ReplyToken: req.ReplyToken,
		RequestID: x.call.RequestID, Messages: req.Messages, At: x.now, EventID: tok.eventID,
	})
	return jsonResult(http.StatusOK, sentResponse{SentMessages: sent})
}

func (a *API) servePush(x *exchange) result {
	key := x.call.RetryKey
	if key != "" && !isUUID(key) {
		return errResult(http.StatusBadRequest, "The value of the X-Line-Retry-Key header is invalid")
	}
	var req pushRequest
	if res := x.decode(&req); res != nil {
		return *res
	}
	x.call.ChatID = req.To
	details, types := validateMessages(req.Messages)
	if req.To == "" {
		details = append([]ErrorDetail{{Message: "must be specified", Property: "to"}}, details...)
	}
	if len(details) > 0 {
		return detailsResult(details)
	}
	if !isChatID(req.To) {
		return errResult(http.StatusBadRequest, "The property, 'to', in the request body is invalid (line: -, column: -)")
	}
	blocked := a.users.blocked(req.To)
	if q := a.opts.PushQuota; q > 0 && !blocked {
		if a.quotaUsed.Add(1) > q {
			a.quotaUsed.Add(-1)
			return errResult(http.StatusTooManyRequests, "You have reached your monthly limit.")
		}
	}
	sent := sentMessages(types)
	if key != "" {
		prev, ok := a.retry.reserve(key, acceptedKey{requestID: x.call.RequestID, sent: sent, at: x.now}, a.opts.RetryKeyTTL)
		if !ok {
			if a.opts.PushQuota > 0 && !blocked {
				a.quotaUsed.Add(-1)
			}
			res := result{status: http.StatusConflict, body: errorBody{
				Message: "The retry key is already accepted", SentMessages: prev.sent,
			}}
			res.header = map[string]string{acceptedRequestIDHdr: prev.requestID}
			return res
		}
	}
	a.stats.pushes.Add(1)
	if blocked {
		a.stats.undelivered.Add(1)
	} else {
		a.deliver(Delivery{
			UserID: req.To, Via: "push", RetryKey: key,
			RequestID: x.call.RequestID, Messages: req.Messages, At: x.now,
		})
	}
	return jsonResult(http.StatusOK, sentResponse{SentMessages: sent})
}

// deliver records a delivery unless the recipient blocked the account,
// stops the loading animation and settles latency records.
func (a *API) deliver(d Delivery) {
	if a.users.blocked(d.UserID) {
		a.stats.undelivered.Add(1)
		return
	}
	d = a.deliveries.add(d)
	a.stopLoading(d.UserID)
	a.latency.answer(d.UserID, d.EventID, d.At)
}

func (a *API) serveValidate(x *exchange) result {
	var req struct {
		Messages []json.RawMessage `json:"messages"`
	}
	if res := x.decode(&req); res != nil {
		return *res
	}
	if details, _ := validateMessages(req.Messages); len(details) > 0 {
		return detailsResult(details)
	}
	return jsonResult(http.StatusOK, emptyObject)
}
