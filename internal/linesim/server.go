package linesim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	retryKeyHeader       = "X-Line-Retry-Key"
	acceptedRequestIDHdr = "X-Line-Accepted-Request-Id"
	requestIDHeader      = "X-Line-Request-Id"
	maxRequestBody       = 2 << 20 // LINE answers 413 above 2 MB
	maxRecordedBody      = 64 << 10
)

// ErrorDetail is one entry of the "details" array of LINE's error body.
type ErrorDetail struct {
	Message  string `json:"message,omitempty"`
	Property string `json:"property,omitempty"`
}

// errorBody is LINE's error response body.
type errorBody struct {
	Message      string        `json:"message"`
	Details      []ErrorDetail `json:"details,omitempty"`
	SentMessages []sentMessage `json:"sentMessages,omitempty"`
}

// sentMessage is an entry of "sentMessages" in reply and push responses.
type sentMessage struct {
	ID         string `json:"id"`
	QuoteToken string `json:"quoteToken,omitempty"`
}

// result is what a route handler answers.
type result struct {
	status      int
	body        any    // marshalled as JSON when raw is nil
	raw         []byte // sent as is (images)
	contentType string
	header      map[string]string
}

func jsonResult(status int, body any) result { return result{status: status, body: body} }

func errResult(status int, msg string, details ...ErrorDetail) result {
	return result{status: status, body: errorBody{Message: msg, Details: details}}
}

func detailsResult(details []ErrorDetail) result {
	return errResult(http.StatusBadRequest, fmt.Sprintf("The request body has %d error(s)", len(details)), details...)
}

var emptyObject = struct{}{}

// exchange is one request being served.
type exchange struct {
	r     *http.Request
	body  []byte
	call  *Call
	param string // the {id} path parameter, if any
	now   time.Time
}

func (x *exchange) decode(v any) *result {
	if err := json.Unmarshal(x.body, v); err != nil {
		res := errResult(http.StatusBadRequest, "The request body could not be parsed as JSON")
		return &res
	}
	return nil
}

func (a *API) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	a.stats.calls.Add(1)
	c := &Call{
		At:          a.now(),
		Method:      r.Method,
		Path:        apiPath(r.URL.Path),
		RequestID:   newUUID(),
		RetryKey:    r.Header.Get(retryKeyHeader),
		UserAgent:   r.UserAgent(),
		ContentType: r.Header.Get("Content-Type"),
	}
	res := a.handle(r, c)
	a.write(w, c, res)
	c.Duration = time.Since(start)
	switch {
	case c.Fault:
		a.stats.faults.Add(1)
	case c.Status >= 400 && c.Status < 500:
		a.stats.refused.Add(1)
	}
	a.calls.add(c)
}

// apiPath cuts any mount prefix: everything before "/v2/bot/".
func apiPath(p string) string {
	if i := strings.Index(p, "/v2/bot/"); i > 0 {
		return p[i:]
	}
	return p
}

func (a *API) handle(r *http.Request, c *Call) result {
	rt, param, status := lookupRoute(r.Method, c.Path)
	if status != 0 {
		return errResult(status, http.StatusText(status))
	}
	c.Endpoint = rt.endpoint
	if !a.authorized(r) {
		return errResult(http.StatusUnauthorized, "Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.")
	}
	if !a.limiter.allow(rt.endpoint, time.Now()) {
		return rateLimited()
	}
	if c.RetryKey != "" && rt.endpoint != "push" {
		return errResult(http.StatusBadRequest, "X-Line-Retry-Key header is not supported for this API")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return errResult(http.StatusBadRequest, "The request body could not be read")
	}
	if len(body) > maxRequestBody {
		return errResult(http.StatusRequestEntityTooLarge, "Request Entity Too Large")
	}
	if len(body) <= maxRecordedBody && strings.Contains(c.ContentType, "json") {
		c.Request = body
	}
	x := &exchange{r: r, body: body, call: c, param: param, now: a.now()}

	f, faulted := a.faults.take(rt.endpoint)
	if faulted && !f.ProcessThenDelay {
		c.Fault = true
		if !sleepCtx(r.Context(), f.Delay) {
			c.Canceled = true
		}
		if f.Status != 0 {
			return faultResult(f)
		}
		c.Fault = false // only slowed down: the answer is the real one
	}
	res := rt.handler(a, x)
	if faulted && f.ProcessThenDelay {
		if !sleepCtx(r.Context(), f.Delay) {
			c.Canceled = true
		}
		if f.Status != 0 {
			c.Fault = true
			res = faultResult(f)
		}
	}
	return res
}

func (a *API) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	return a.opts.AccessToken == "" || tok == a.opts.AccessToken
}

func faultResult(f Fault) result {
	msg := http.StatusText(f.Status)
	switch f.Status {
	case http.StatusTooManyRequests:
		msg = "The API rate limit has been exceeded. Try again later."
	case http.StatusInternalServerError:
		msg = "Internal server error"
	}
	res := errResult(f.Status, msg)
	if f.RetryAfter > 0 {
		secs := int(math.Ceil(f.RetryAfter.Seconds()))
		res.header = map[string]string{"Retry-After": strconv.Itoa(secs)}
	}
	return res
}

// sleepCtx waits d or until ctx ends; it reports whether the full wait
// happened.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (a *API) write(w http.ResponseWriter, c *Call, res result) {
	h := w.Header()
	h.Set(requestIDHeader, c.RequestID)
	for k, v := range res.header {
		h.Set(k, v)
	}
	body := res.raw
	if body == nil {
		b := res.body
		if b == nil {
			b = emptyObject // a JSON body always: the SDK fails on an empty one
		}
		var err error
		body, err = json.Marshal(b)
		if err != nil {
			res.status, body = http.StatusInternalServerError, []byte(`{"message":"Internal server error"}`)
		}
		h.Set("Content-Type", "application/json")
		if len(body) <= maxRecordedBody {
			c.Response = body
		}
	} else {
		h.Set("Content-Type", res.contentType)
	}
	if v := res.header[acceptedRequestIDHdr]; v != "" {
		c.AcceptedRequestID = v
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(res.status)
	c.Status = res.status
	if c.Canceled {
		return
	}
	_, _ = w.Write(body)
}
