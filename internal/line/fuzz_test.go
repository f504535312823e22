package line

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/n-csw/tsunagu/internal/metrics"
)

func sign(body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

var fuzzHandler = NewWebhook(secret, &sink{}, metrics.New(), slog.New(slog.NewTextHandler(io.Discard, nil)))

func post(body []byte, sig string) int {
	req := httptest.NewRequest(http.MethodPost, "/line/webhook", bytes.NewReader(body))
	req.Header.Set("x-line-signature", sig)
	rec := httptest.NewRecorder()
	fuzzHandler.ServeHTTP(rec, req)
	return rec.Code
}

// FuzzWebhookDecode: any correctly signed body is answered 200 (stored or
// ignored) or 400 (not JSON LINE would send), never a panic or a 5xx.
func FuzzWebhookDecode(f *testing.F) {
	f.Add([]byte(`{"destination":"U0","events":[]}`))
	f.Add([]byte(`{"events":[{"type":"message","mode":"active","timestamp":1,"webhookEventId":"X","source":{"type":"user","userId":"U1"},"replyToken":"r","message":{"type":"text","id":"1","text":"hi"}}]}`))
	f.Add([]byte(`{"events":[{"type":"postback","source":{"type":"group","groupId":"C1"},"postback":{"data":"v1:c:home"}}]}`))
	f.Add([]byte(`{"events":[{"type":"follow","source":{"type":"room"},"follow":null}]}`))
	f.Add([]byte(`{"events":[{"type":"message","message":{"type":"sticker"},"source":{"type":"unknown"}}]}`))
	f.Add([]byte(`{"events":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		switch code := post(body, sign(body)); code {
		case http.StatusOK, http.StatusBadRequest:
		default:
			t.Fatalf("signed body answered %d", code)
		}
	})
}

// FuzzSignature: a body is accepted only with its exact signature.
func FuzzSignature(f *testing.F) {
	body := []byte(`{"destination":"U0","events":[]}`)
	good := sign(body)
	f.Add(good)
	f.Add("")
	f.Add(good[:len(good)-1])
	f.Add("AAAA" + good)
	f.Fuzz(func(t *testing.T, sig string) {
		code := post(body, sig)
		if sig == good && code != http.StatusOK {
			t.Fatalf("good signature answered %d", code)
		}
		if sig != good && code != http.StatusUnauthorized {
			// Base64 has one spelling per byte string here (no padding
			// variants for a 32-byte MAC), so anything else must fail.
			if dec, err := base64.StdEncoding.DecodeString(sig); err == nil && hmac.Equal(dec, mustDecode(good)) {
				return
			}
			t.Fatalf("signature %q answered %d, want 401", sig, code)
		}
	})
}

func mustDecode(s string) []byte {
	b, _ := base64.StdEncoding.DecodeString(s)
	return b
}
