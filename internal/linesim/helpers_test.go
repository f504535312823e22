package linesim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testToken = "test-access-token"

// fakeClock is a settable clock for token expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// apiResponse is a decoded answer of the fake API.
type apiResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r apiResponse) errorBody(t *testing.T) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(r.Body, &e); err != nil {
		t.Fatalf("decode error body %q: %v", r.Body, err)
	}
	return e
}

// call sends one request to h as the SDK would, and checks what every
// LINE response has: a request ID and a JSON body.
func call(t *testing.T, h http.Handler, method, path string, body any, hdr map[string]string) apiResponse {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	}
	for k, v := range hdr {
		if v == "<none>" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := apiResponse{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if res.Header.Get("X-Line-Request-Id") == "" {
		t.Errorf("%s %s: no x-line-request-id", method, path)
	}
	if ct := res.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/json") && !json.Valid(res.Body) {
		t.Errorf("%s %s: body %q is not JSON", method, path, res.Body)
	}
	return res
}

func textMessage(text string) map[string]any { return map[string]any{"type": "text", "text": text} }

func replyBody(token string, msgs ...any) map[string]any {
	return map[string]any{"replyToken": token, "messages": msgs}
}

func pushBody(to string, msgs ...any) map[string]any {
	return map[string]any{"to": to, "messages": msgs}
}

func newTestAPI(opts Options) *API {
	if opts.AccessToken == "" {
		opts.AccessToken = testToken
	}
	return NewAPI(opts)
}
