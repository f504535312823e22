package linesim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPushRetryKey(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	user := UserID("carol")
	body := pushBody(user, textMessage("お知らせ"))

	if res := call(t, h, "POST", "/v2/bot/message/push", body, map[string]string{retryKeyHeader: "not-a-uuid"}); res.Status != http.StatusBadRequest {
		t.Errorf("bad retry key: status %d", res.Status)
	}
	key := NewRetryKey()
	first := call(t, h, "POST", "/v2/bot/message/push", body, map[string]string{retryKeyHeader: key})
	if first.Status != http.StatusOK {
		t.Fatalf("first push: %d %s", first.Status, first.Body)
	}
	again := call(t, h, "POST", "/v2/bot/message/push", body, map[string]string{retryKeyHeader: key})
	if again.Status != http.StatusConflict {
		t.Fatalf("repeated key: %d %s", again.Status, again.Body)
	}
	if got, want := again.Header.Get(acceptedRequestIDHdr), first.Header.Get(requestIDHeader); got != want {
		t.Errorf("X-Line-Accepted-Request-Id = %q, want %q", got, want)
	}
	if e := again.errorBody(t); len(e.SentMessages) != 1 {
		t.Errorf("409 body = %s, want the sentMessages of the first push", again.Body)
	}
	if n := len(api.Deliveries(user)); n != 1 {
		t.Fatalf("deliveries = %d, want 1", n)
	}
	// The SDK sends an empty header when there is no key: no deduplication.
	for range 2 {
		if res := call(t, h, "POST", "/v2/bot/message/push", body, map[string]string{retryKeyHeader: ""}); res.Status != http.StatusOK {
			t.Fatalf("push without key: %d", res.Status)
		}
	}
	if n := len(api.Deliveries(user)); n != 3 {
		t.Errorf("deliveries = %d, want 3", n)
	}
	if d := api.Deliveries(user)[0]; d.Via != "push" || d.RetryKey != key || d.EventID != "" {
		t.Errorf("delivery = %+v", d)
	}
	tok := api.IssueReplyToken(user, "E", api.now())
	if res := call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("x")), map[string]string{retryKeyHeader: NewRetryKey()}); res.Status != http.StatusBadRequest {
		t.Errorf("retry key on reply: status %d, want 400", res.Status)
	}
}

func TestPushToBlockedUser(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	user := UserID("dave")
	api.SetProfile(user, "Dave")
	if res := call(t, h, "GET", "/v2/bot/profile/"+user, nil, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"displayName":"Dave"`) {
		t.Fatalf("profile: %d %s", res.Status, res.Body)
	}
	api.Block(user)
	if res := call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), nil); res.Status != http.StatusOK {
		t.Fatalf("push to blocked: %d", res.Status)
	}
	if n := len(api.Deliveries(user)); n != 0 {
		t.Errorf("deliveries to a blocked user = %d", n)
	}
	if s := api.Stats(); s.Undelivered != 1 || s.Pushes != 1 {
		t.Errorf("stats = %+v", s)
	}
	if res := call(t, h, "GET", "/v2/bot/profile/"+user, nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("profile of blocked user: %d", res.Status)
	}
	if res := call(t, h, "GET", "/v2/bot/profile/"+UserID("stranger"), nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("profile of unknown user: %d", res.Status)
	}
	api.Unblock(user)
	call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), nil)
	if n := len(api.Deliveries(user)); n != 1 {
		t.Errorf("deliveries after unblock = %d", n)
	}
	if res := call(t, h, "POST", "/v2/bot/message/push", pushBody("Unot-an-id", textMessage("x")), nil); res.Status != http.StatusBadRequest {
		t.Errorf("push to malformed ID: %d", res.Status)
	}
}

func TestPushQuota(t *testing.T) {
	api := newTestAPI(Options{PushQuota: 2})
	h := api.Handler()
	user := UserID("erin")
	var got []int
	for range 3 {
		got = append(got, call(t, h, "POST", "/v2/bot/message/push", pushBody(user, textMessage("x")), nil).Status)
	}
	if diff := cmp.Diff([]int{200, 200, 429}, got); diff != "" {
		t.Errorf("statuses mismatch (-want +got):\n%s", diff)
	}
	tok := api.IssueReplyToken(user, "E", api.now())
	if res := call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("x")), nil); res.Status != http.StatusOK {
		t.Errorf("reply over the push quota: %d (replies are free)", res.Status)
	}
}
