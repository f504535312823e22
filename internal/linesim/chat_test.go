package linesim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chatFixture runs the chat page and the API on one server, with a bot
// stub behind the webhook that answers each text with a reply.
type chatFixture struct {
	api *API
	srv *httptest.Server
	bot *httptest.Server
}

func newChatFixture(t *testing.T) *chatFixture {
	t.Helper()
	api := newTestAPI(Options{AccountName: "つなぐ"})
	f := &chatFixture{api: api}
	mux := http.NewServeMux()
	mux.Handle("/sim/line/", api.Handler())
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	f.bot = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var cb callback
		body, _ := io.ReadAll(r.Body)
		if Sign(testSecret, body) != r.Header.Get("X-Line-Signature") || json.Unmarshal(body, &cb) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
		for _, e := range cb.Events {
			if e.ReplyToken == "" {
				continue
			}
			msg := `{"type":"text","text":"はい","quickReply":{"items":[{"type":"action","action":{"type":"postback","label":"つぎへ","data":"next","displayText":"つぎへ"}}]}}`
			req, _ := http.NewRequest("POST", f.srv.URL+"/sim/line/v2/bot/message/reply",
				strings.NewReader(`{"replyToken":"`+e.ReplyToken+`","messages":[`+msg+`]}`))
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	}))
	t.Cleanup(f.bot.Close)
	client := &Client{WebhookURL: f.bot.URL, ChannelSecret: testSecret, API: api}
	mux.Handle("/sim/", NewChat(api, client, ChatOptions{}))
	return f
}

func (f *chatFixture) get(t *testing.T, path string, v any) *http.Response {
	t.Helper()
	res, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return res
}

func (f *chatFixture) post(t *testing.T, path string, body any, v any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(f.srv.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		_ = json.NewDecoder(res.Body).Decode(v)
	}
	return res.StatusCode
}

func TestChatPageHasNoExternalReferences(t *testing.T) {
	f := newChatFixture(t)
	res, err := http.Get(f.srv.URL + "/sim/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "<title>") {
		t.Fatalf("GET /sim/: %d", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*['"]?(https?:|//)`)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 3 {
		t.Fatalf("page references only %v", refs)
	}
	assets := map[string][]byte{"/sim/": page}
	for _, m := range refs {
		ref := m[1]
		if strings.HasPrefix(ref, "data:") {
			continue
		}
		if strings.Contains(ref, "//") || strings.HasPrefix(ref, "/") {
			t.Errorf("page references %q, want a relative URL", ref)
			continue
		}
		r, err := http.Get(f.srv.URL + "/sim/" + ref)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || len(b) == 0 {
			t.Errorf("GET %s: %d", ref, r.StatusCode)
		}
		assets[ref] = b
	}
	for name, b := range assets {
		if loc := external.FindIndex(b); loc != nil {
			t.Errorf("%s refers to something outside: %q", name, b[loc[0]:min(loc[1]+20, len(b))])
		}
	}
	if r := f.get(t, "/sim", nil); r.Request.URL.Path != "/sim/" {
		t.Errorf("/sim not redirected: %s", r.Request.URL.Path)
	}
}

func TestChatSendAndTimeline(t *testing.T) {
	f := newChatFixture(t)
	var st chatState
	f.get(t, "/sim/api/state", &st)
	if st.Account != "つなぐ" || len(st.Residents) != 0 || !isChatID(st.Group.ID) {
		t.Fatalf("initial state = %+v", st)
	}
	var r resident
	if code := f.post(t, "/sim/api/residents", map[string]string{"name": "佐藤 はなこ"}, &r); code != 200 || !IsUserID(r.ID) {
		t.Fatalf("new resident: %d %+v", code, r)
	}
	var it chatItem
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "follow"}, &it); code != 200 || it.Status != 200 || it.Kind != "system" {
		t.Fatalf("follow: %d %+v", code, it)
	}
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "text", Text: "こんにちは"}, &it); code != 200 || !it.Read || it.Text != "こんにちは" || it.EventID == "" {
		t.Fatalf("text: %d %+v", code, it)
	}
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "postback", Data: "next", DisplayText: "つぎへ"}, &it); code != 200 || it.Text != "つぎへ" || it.Data != "next" {
		t.Fatalf("postback: %d %+v", code, it)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := f.api.WaitDeliveries(ctx, r.ID, 3); err != nil {
		t.Fatal(err)
	}
	var tl struct{ Items []chatItem }
	f.get(t, "/sim/api/timeline?chat="+r.ID, &tl)
	var kinds []string
	for _, it := range tl.Items {
		kinds = append(kinds, it.Kind)
	}
	if got := strings.Join(kinds, ","); got != "system,bot,resident,bot,resident,bot" {
		t.Errorf("timeline kinds = %s", got)
	}
	f.get(t, "/sim/api/state", &st)
	if len(st.Residents) != 1 || !st.Residents[0].Friend {
		t.Errorf("state after follow = %+v", st.Residents)
	}
	// bad requests
	for _, bad := range []sendRequest{
		{Chat: r.ID, User: UserID("stranger"), Kind: "text", Text: "x"},
		{Chat: r.ID, User: r.ID, Kind: "teleport"},
		{Chat: r.ID, User: r.ID, Kind: "join"},
		{Chat: UserID("other"), User: r.ID, Kind: "text", Text: "x"},
	} {
		if code := f.post(t, "/sim/api/send", bad, nil); code != 400 {
			t.Errorf("send %+v: %d, want 400", bad, code)
		}
	}
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: r.ID, User: r.ID, Kind: "unfollow"}, nil); code != 200 || !f.api.Blocked(r.ID) {
		t.Errorf("unfollow: %d, blocked %v", code, f.api.Blocked(r.ID))
	}
	if res := f.get(t, "/sim/api/timeline?chat=nope", nil); res.StatusCode != 400 {
		t.Errorf("timeline of a bad chat: %d", res.StatusCode)
	}
}

func TestChatGroup(t *testing.T) {
	f := newChatFixture(t)
	var st chatState
	f.get(t, "/sim/api/state", &st)
	var r resident
	f.post(t, "/sim/api/residents", map[string]string{"name": "鈴木 たろう"}, &r)
	var it chatItem
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: st.Group.ID, Kind: "join"}, &it); code != 200 || it.Status != 200 {
		t.Fatalf("join: %d %+v", code, it)
	}
	if code := f.post(t, "/sim/api/send", sendRequest{Chat: st.Group.ID, User: r.ID, Kind: "text", Text: "みなさん"}, &it); code != 200 {
		t.Fatalf("group text: %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := f.api.WaitDeliveries(ctx, st.Group.ID, 2); err != nil {
		t.Fatal(err)
	}
	f.get(t, "/sim/api/state", &st)
	if !st.Group.Joined {
		t.Error("group not joined")
	}
}

// TestScriptsFindTheirElements checks that every element the scripts look
// up by ID exists in the page, a typo that only a browser would show.
func TestScriptsFindTheirElements(t *testing.T) {
	page, err := webFS.ReadFile("web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`id="([^"]+)"`).FindAllSubmatch(page, -1) {
		ids[string(m[1])] = true
	}
	lookup := regexp.MustCompile(`\$\('([^']+)'\)`)
	for _, name := range []string{"web/app.js", "web/panel.js", "web/actions.js", "web/timeline.js"} {
		js, err := webFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		found := lookup.FindAllSubmatch(js, -1)
		if len(found) < 2 {
			t.Errorf("%s: only %d element lookups found", name, len(found))
		}
		for _, m := range found {
			if !ids[string(m[1])] {
				t.Errorf("%s looks up #%s, which the page does not have", name, m[1])
			}
		}
	}
}
