package slack

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/slack/slackfake"
)

// serve sends a request signed with secret at time at to h.
func serve(t *testing.T, h http.Handler, secret string, at time.Time, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/slack/x", bytes.NewReader(body))
	for k, v := range slackfake.Sign(secret, at, body) {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// click is the form body of a button press by user on case id.
func click(t *testing.T, user, action, value string, selected string) []byte {
	t.Helper()
	a := map[string]any{"action_id": action, "block_id": "a", "type": "button", "value": value}
	if selected != "" {
		a = map[string]any{"action_id": action, "block_id": "a", "type": "static_select", "selected_option": map[string]any{"value": selected}}
	}
	p := map[string]any{"type": "block_actions", "user": map[string]any{"id": user, "name": strings.ToLower(user)},
		"container": map[string]any{"type": "message", "channel_id": testKaigo, "message_ts": "1.000001"},
		"channel":   map[string]any{"id": testKaigo}, "actions": []any{a}}
	return []byte("payload=" + url.QueryEscape(string(mustJSON(t, p))))
}

func TestSignatureChecks(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	body := click(t, "U1", actionClaim, "96161130086558044", "")
	evBody := []byte(`{"type":"event_callback","event_id":"Ev1","event":{"type":"reaction_added"}}`)
	now := time.Now()
	tests := []struct {
		name   string
		secret string
		at     time.Time
		want   int
	}{
		{"good", testSecret, now, http.StatusOK},
		{"forged", "another-secret", now, http.StatusUnauthorized},
		{"stale", testSecret, now.Add(-6 * time.Minute), http.StatusUnauthorized},
		{"future", testSecret, now.Add(6 * time.Minute), http.StatusUnauthorized},
		{"within the window", testSecret, now.Add(-4 * time.Minute), http.StatusOK},
	}
	for _, tc := range tests {
		if w := serve(t, e.slack.Interactivity(), tc.secret, tc.at, body); w.Code != tc.want {
			t.Errorf("interactivity, %s: status %d, want %d", tc.name, w.Code, tc.want)
		}
		if w := serve(t, e.slack.Events(), tc.secret, tc.at, evBody); w.Code != tc.want {
			t.Errorf("events, %s: status %d, want %d", tc.name, w.Code, tc.want)
		}
	}
	// No headers at all, and a body changed after signing.
	r := httptest.NewRequest(http.MethodPost, "/slack/interactivity", bytes.NewReader(body))
	w := httptest.NewRecorder()
	e.slack.Interactivity().ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", w.Code)
	}
	r = httptest.NewRequest(http.MethodPost, "/slack/interactivity", bytes.NewReader(click(t, "U2", actionResolve, "96161130086558044", "")))
	for k, v := range slackfake.Sign(testSecret, now, body) {
		r.Header[k] = v
	}
	w = httptest.NewRecorder()
	e.slack.Interactivity().ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Errorf("tampered body: %d", w.Code)
	}
	if c, _ := e.store.Case(t.Context(), caseID); c.Status != consult.CaseClaimed || c.ClaimedBy != "u1 (slack:U1)" {
		t.Errorf("only the signed claims count: case %s by %q", c.Status, c.ClaimedBy)
	}
}

func TestClaimTwiceChangesOnce(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	h := e.slack.Interactivity()
	for i, user := range []string{"U1", "U1", "U2"} {
		start := time.Now()
		if w := serve(t, h, testSecret, time.Now(), click(t, user, actionClaim, "96161130086558044", "")); w.Code != http.StatusOK {
			t.Fatalf("click %d: %d", i, w.Code)
		}
		if d := time.Since(start); d > 2500*time.Millisecond {
			t.Errorf("click %d answered after %s", i, d)
		}
	}
	c, _ := e.store.Case(t.Context(), caseID)
	if c.Status != consult.CaseClaimed || c.ClaimedBy != "u1 (slack:U1)" || e.changes != 1 || e.store.acts != 3 {
		t.Errorf("case %s by %q, %d changes from %d clicks: want one claim by U1", c.Status, c.ClaimedBy, e.changes, e.store.acts)
	}
	eph := e.fake.Ephemerals()
	if len(eph) != 2 || eph[1].User != "U2" || !strings.Contains(eph[1].Text, "すでに <@U1> が担当") {
		t.Errorf("ephemeral notes = %+v, want one to each later clicker", eph)
	}
	// Resolve, then reassign: a closed case is not reassigned.
	serve(t, h, testSecret, time.Now(), click(t, "U1", actionResolve, "96161130086558044", ""))
	serve(t, h, testSecret, time.Now(), click(t, "U1", actionReassign, "", "96161130086558044:dv"))
	if c, _ := e.store.Case(t.Context(), caseID); c.Status != consult.CaseResolved || e.changes != 2 {
		t.Errorf("after resolve and a late reassign: %s, %d changes", c.Status, e.changes)
	}
}

func TestReassignAndUnknownCase(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	h := e.slack.Interactivity()
	serve(t, h, testSecret, time.Now(), click(t, "U1", actionReassign, "", "96161130086558044:seikatsu-soudan"))
	if c, _ := e.store.Case(t.Context(), caseID); c.Status != consult.CaseReferred || c.ReferredTo != consult.SeikatsuSoudan {
		t.Errorf("reassign: %s to %s", c.Status, c.ReferredTo)
	}
	serve(t, h, testSecret, time.Now(), click(t, "U1", actionClaim, "12345", ""))
	if eph := e.fake.Ephemerals(); len(eph) != 1 || !strings.Contains(eph[0].Text, "見つかりません") {
		t.Errorf("unknown case notes = %+v", eph)
	}
	// Garbage values do nothing.
	serve(t, h, testSecret, time.Now(), click(t, "U1", actionClaim, "abc", ""))
	serve(t, h, testSecret, time.Now(), click(t, "U1", "other", "1", ""))
	if e.store.acts != 2 {
		t.Errorf("%d case actions, want 2", e.store.acts)
	}
}

// event is an Events API message in channel, in thread (when set).
func event(t *testing.T, user, bot, subtype, channel, ts, thread, text string) []byte {
	t.Helper()
	ev := map[string]any{"type": "message", "user": user, "text": text, "channel": channel, "ts": ts, "thread_ts": thread}
	if bot != "" {
		ev["bot_id"] = bot
	}
	if subtype != "" {
		ev["subtype"] = subtype
	}
	return mustJSON(t, map[string]any{"type": "event_callback", "event_id": "Ev" + ts, "event": ev})
}

func TestStaffReplyFromThread(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	c, _ := e.store.Case(t.Context(), caseID)
	h := e.slack.Events()
	send := func(body []byte) {
		t.Helper()
		if w := serve(t, h, testSecret, time.Now(), body); w.Code != http.StatusOK {
			t.Fatalf("event: %d", w.Code)
		}
	}
	reply := event(t, "U0SATO", "", "", testKaigo, "1700000001.000200", c.SlackTS, "あした 10時に お電話します &amp; <https://example.jp/map|地図> <@U0SUZUKI>")
	send(reply)
	send(reply) // Slack's retry of the same message
	send(event(t, "", "B1", "bot_message", testKaigo, "1700000002.000300", c.SlackTS, "*利用者*：..."))
	send(event(t, "U0SATO", "", "", testKaigo, "1700000003.000400", "", "top-level talk"))
	send(event(t, "U0SATO", "", "", testKaigo, "1700000004.000500", c.SlackTS, "メモ：母親は耳が遠い"))
	send(event(t, "U0SATO", "", "message_changed", testKaigo, "1700000005.000600", c.SlackTS, "edited"))
	send(event(t, "U0SATO", "", "", testKaigo, "1700000006.000700", "1699999999.000001", "another thread"))
	want := []staffReply{{caseID, "staff-u0sato (slack:U0SATO)", "地域包括支援センター", "あした 10時に お電話します & 地図 https://example.jp/map"}}
	if len(e.store.replies) != 1 || e.store.replies[0] != want[0] {
		t.Errorf("replies = %+v, want %+v", e.store.replies, want)
	}
	if n := e.fake.Count("reactions.add"); n != 1 {
		t.Errorf("%d reactions, want one on the sent message", n)
	}
	// The resident cannot be messaged: staff are told in the thread.
	e.store.noPush[caseID] = true
	send(event(t, "U0SATO", "", "", testKaigo, "1700000007.000800", c.SlackTS, "お元気ですか"))
	posts := e.fake.Posts()[1:]
	if len(posts) != 1 || posts[0].ThreadTS != c.SlackTS || !strings.Contains(posts[0].Text, "届いていません") {
		t.Errorf("posts = %+v, want a not-sent note in the thread", posts)
	}
	// url_verification is answered with the challenge.
	w := serve(t, h, testSecret, time.Now(), []byte(`{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`))
	if w.Code != http.StatusOK || w.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", w.Code, w.Body.String())
	}
}

func TestStaffText(t *testing.T) {
	tests := map[string]string{
		"こんにちは":                                   "こんにちは",
		"<@U123> さん、お願いします":                       "さん、お願いします",
		"<!channel> 至急":                           "至急",
		"<https://example.jp>":                    "https://example.jp",
		"<https://example.jp|https://example.jp>": "https://example.jp",
		"<https://example.jp/a|案内> を見て":           "案内 https://example.jp/a を見て",
		"<mailto:a@example.jp|a@example.jp>":      "a@example.jp",
		"<tel:0424975061|042-497-5061> にかけてください":  "042-497-5061 0424975061 にかけてください",
		"<#C0123|kaigo> で相談":                      "#kaigo で相談",
		"1 &lt; 2 &amp;&amp; 3 &gt; 2":            "1 < 2 && 3 > 2",
	}
	for in, want := range tests {
		if got := staffText(in); got != want {
			t.Errorf("staffText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlowWorkIsAcknowledgedInTime(t *testing.T) {
	e := newTestEnv(t, Config{AckWithin: 100 * time.Millisecond}, sampleCase())
	e.fake.SetFault(func(m string) slackfake.Fault { return slackfake.Fault{Delay: 500 * time.Millisecond} })
	e.store.set(consult.Case{ID: 5, Channel: consult.DV, Status: consult.CaseResolved})
	start := time.Now()
	// A click on a closed case posts an ephemeral note: slow here.
	w := serve(t, e.slack.Interactivity(), testSecret, time.Now(), click(t, "U1", actionClaim, "5", ""))
	if w.Code != http.StatusOK || time.Since(start) > 400*time.Millisecond {
		t.Errorf("answered %d after %s, want 200 at once", w.Code, time.Since(start))
	}
	if err := e.slack.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if eph := e.fake.Ephemerals(); len(eph) != 1 {
		t.Errorf("slow work not finished: %+v", eph)
	}
}
