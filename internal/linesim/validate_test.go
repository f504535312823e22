package linesim

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func postbackAction(label, data, display string) map[string]any {
	a := map[string]any{"type": "postback", "label": label, "data": data}
	if display != "" {
		a["displayText"] = display
	}
	return a
}

func withQuickReply(m map[string]any, actions ...map[string]any) map[string]any {
	items := make([]any, len(actions))
	for i, a := range actions {
		items[i] = map[string]any{"type": "action", "action": a}
	}
	m["quickReply"] = map[string]any{"items": items}
	return m
}

func flexMessage(alt string, contents any) map[string]any {
	return map[string]any{"type": "flex", "altText": alt, "contents": contents}
}

func bubble(body ...any) map[string]any {
	return map[string]any{"type": "bubble", "body": map[string]any{"type": "box", "layout": "vertical", "contents": body}}
}

func flexText(s string) map[string]any {
	return map[string]any{"type": "text", "text": s, "wrap": true}
}

func flexButton(action map[string]any) map[string]any {
	return map[string]any{"type": "button", "style": "primary", "action": action}
}

func TestMessageLimits(t *testing.T) {
	apple := strings.Repeat("🍎", 2500) // 5000 UTF-16 units
	family := "👨‍👩‍👧‍👦"                // one grapheme cluster, 7 code points
	many := func(n int, m map[string]any) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = m
		}
		return out
	}
	actions := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = postbackAction(fmt.Sprint("b", i), "d", "")
		}
		return out
	}
	bigBubble := bubble(flexText(strings.Repeat("あ", 11000))) // > 30 KB of JSON
	tests := []struct {
		name     string
		messages []any
		want     []string // properties in details; nil means accepted
	}{
		{"one text", many(1, textMessage("こんにちは")), nil},
		{"five messages", many(5, textMessage("x")), nil},
		{"six messages", many(6, textMessage("x")), []string{"messages"}},
		{"no messages", []any{}, []string{"messages"}},
		{"text of 5000 units", []any{textMessage(apple)}, nil},
		{"text of 5002 units", []any{textMessage(apple + "🍎")}, []string{"messages[0].text"}},
		{"empty text", []any{textMessage("")}, []string{"messages[0].text"}},
		{"unknown type", []any{map[string]any{"type": "hologram"}}, []string{"messages[0].type"}},
		{"13 quick replies", []any{withQuickReply(textMessage("q"), actions(13)...)}, nil},
		{"14 quick replies", []any{withQuickReply(textMessage("q"), actions(14)...)}, []string{"messages[0].quickReply.items"}},
		{"quick reply label of 20 clusters", []any{withQuickReply(textMessage("q"), postbackAction(strings.Repeat(family, 20), "d", ""))}, nil},
		{"quick reply label of 21", []any{withQuickReply(textMessage("q"), postbackAction(strings.Repeat("あ", 21), "d", ""))}, []string{"messages[0].quickReply.items[0].action.label"}},
		{"quick reply item without type", []any{map[string]any{"type": "text", "text": "q", "quickReply": map[string]any{"items": []any{map[string]any{"action": postbackAction("a", "d", "")}}}}}, nil},
		{"quick reply item of another type", []any{map[string]any{"type": "text", "text": "q", "quickReply": map[string]any{"items": []any{map[string]any{"type": "button", "action": postbackAction("a", "d", "")}}}}}, []string{"messages[0].quickReply.items[0].type"}},
		{"quick reply label missing", []any{withQuickReply(textMessage("q"), map[string]any{"type": "message", "text": "t"})}, []string{"messages[0].quickReply.items[0].action.label"}},
		{"postback data 300", []any{withQuickReply(textMessage("q"), postbackAction("a", strings.Repeat("d", 300), ""))}, nil},
		{"postback data 301", []any{withQuickReply(textMessage("q"), postbackAction("a", strings.Repeat("d", 301), ""))}, []string{"messages[0].quickReply.items[0].action.data"}},
		{"displayText 301", []any{withQuickReply(textMessage("q"), postbackAction("a", "d", strings.Repeat("あ", 301)))}, []string{"messages[0].quickReply.items[0].action.displayText"}},
		{"displayText with text", []any{withQuickReply(textMessage("q"), map[string]any{"type": "postback", "label": "a", "data": "d", "displayText": "x", "text": "y"})}, []string{"messages[0].quickReply.items[0].action.text"}},
		{"tel uri", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "uri", "label": "電話", "uri": "tel:0424641311"})))}, nil},
		{"line uri", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "uri", "label": "x", "uri": "line://nv/location"})))}, nil},
		{"ftp uri", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "uri", "label": "x", "uri": "ftp://example.com"})))}, []string{"messages[0].contents.body.contents[0].action.uri"}},
		{"uri of 1001", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "uri", "label": "x", "uri": "https://e.jp/" + strings.Repeat("a", 988)})))}, []string{"messages[0].contents.body.contents[0].action.uri"}},
		{"unencoded uri", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "uri", "label": "x", "uri": "https://e.jp/相談"})))}, []string{"messages[0].contents.body.contents[0].action.uri"}},
		{"flex altText 1500", []any{flexMessage(strings.Repeat("あ", 1500), bubble(flexText("x")))}, nil},
		{"flex altText 1501", []any{flexMessage(strings.Repeat("あ", 1501), bubble(flexText("x")))}, []string{"messages[0].altText"}},
		{"flex without altText", []any{map[string]any{"type": "flex", "contents": bubble(flexText("x"))}}, []string{"messages[0].altText"}},
		{"bubble over 30 KB", []any{flexMessage("alt", bigBubble)}, []string{"messages[0].contents"}},
		{"flex button label 40", []any{flexMessage("alt", bubble(flexButton(postbackAction(strings.Repeat("あ", 40), "d", ""))))}, nil},
		{"flex button label 41", []any{flexMessage("alt", bubble(flexButton(postbackAction(strings.Repeat("あ", 41), "d", ""))))}, []string{"messages[0].contents.body.contents[0].action.label"}},
		{"flex button without label", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "postback", "data": "d"})))}, []string{"messages[0].contents.body.contents[0].action.label"}},
		{"flex unknown component", []any{flexMessage("alt", bubble(map[string]any{"type": "marquee"}))}, []string{"messages[0].contents.body.contents[0].type"}},
		{"flex bad button style", []any{flexMessage("alt", bubble(map[string]any{"type": "button", "style": "huge", "action": postbackAction("a", "d", "")}))}, []string{"messages[0].contents.body.contents[0].style"}},
		{"carousel of 12", []any{flexMessage("alt", map[string]any{"type": "carousel", "contents": many(12, bubble(flexText("x")))})}, nil},
		{"carousel of 13", []any{flexMessage("alt", map[string]any{"type": "carousel", "contents": many(13, bubble(flexText("x")))})}, []string{"messages[0].contents.contents"}},
		{"buttons template of 5", []any{map[string]any{"type": "template", "altText": "a", "template": map[string]any{"type": "buttons", "text": "t", "actions": actions(5)}}}, []string{"messages[0].template.actions"}},
		{"confirm of 3", []any{map[string]any{"type": "template", "altText": "a", "template": map[string]any{"type": "confirm", "text": "t", "actions": actions(3)}}}, []string{"messages[0].template.actions"}},
		{"sticker", []any{map[string]any{"type": "sticker", "packageId": "446", "stickerId": "1988"}}, nil},
		{"image over http", []any{map[string]any{"type": "image", "originalContentUrl": "http://e.jp/a.png", "previewImageUrl": "https://e.jp/a.png"}}, []string{"messages[0].originalContentUrl"}},
		{"camera outside quick reply", []any{flexMessage("alt", bubble(flexButton(map[string]any{"type": "camera", "label": "c"})))}, []string{"messages[0].contents.body.contents[0].action.type"}},
		{"datetimepicker bad initial", []any{withQuickReply(textMessage("q"), map[string]any{"type": "datetimepicker", "label": "日", "data": "d", "mode": "date", "initial": "2026/04/01"})}, []string{"messages[0].quickReply.items[0].action.initial"}},
	}
	api := newTestAPI(Options{})
	h := api.Handler()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, "POST", "/v2/bot/message/push", map[string]any{"to": UserID("v"), "messages": tt.messages}, nil)
			if tt.want == nil {
				if res.Status != http.StatusOK {
					t.Fatalf("status %d, want 200: %s", res.Status, res.Body)
				}
				return
			}
			if res.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", res.Status)
			}
			e := res.errorBody(t)
			var props []string
			for _, d := range e.Details {
				props = append(props, d.Property)
				if d.Message == "" {
					t.Errorf("detail without message: %+v", d)
				}
			}
			if diff := cmp.Diff(tt.want, props); diff != "" {
				t.Errorf("detail properties mismatch (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			if !strings.HasPrefix(e.Message, fmt.Sprintf("The request body has %d error(s)", len(tt.want))) {
				t.Errorf("message = %q", e.Message)
			}
		})
	}
}

func TestInvalidMessagesKeepTheToken(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	tok := api.IssueReplyToken(UserID("h"), "E", api.now())
	if res := call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("")), nil); res.Status != http.StatusBadRequest {
		t.Fatalf("invalid reply: %d", res.Status)
	}
	if res := call(t, h, "POST", "/v2/bot/message/reply", replyBody(tok, textMessage("ok")), nil); res.Status != http.StatusOK {
		t.Fatalf("valid reply after an invalid one: %d %s", res.Status, res.Body)
	}
	if res := call(t, h, "POST", "/v2/bot/message/reply", `{"replyToken":`, nil); res.Status != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d", res.Status)
	}
	big := `{"to":"` + UserID("h") + `","messages":[{"type":"text","text":"` + strings.Repeat("a", 2<<20) + `"}]}`
	if res := call(t, h, "POST", "/v2/bot/message/push", big, nil); res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("3 MB body: %d", res.Status)
	}
	if res := call(t, h, "POST", "/v2/bot/message/validate/reply", map[string]any{"messages": []any{textMessage("ok")}}, nil); res.Status != http.StatusOK {
		t.Errorf("validate endpoint: %d", res.Status)
	}
}

func TestTextLengths(t *testing.T) {
	tests := []struct {
		s               string
		utf16, clusters int
	}{
		{"abc", 3, 3},
		{"こんにちは", 5, 5},
		{"🍎", 2, 1},
		{"👍🏽", 4, 1},
		{"👨‍👩‍👧‍👦", 11, 1},
		{"🇯🇵🇯🇵", 8, 2},
		{"か\u3099", 2, 1}, // combining dakuten
		{"\r\n", 2, 1},
		{"☎️", 2, 1},
	}
	for _, tt := range tests {
		if got := utf16Len(tt.s); got != tt.utf16 {
			t.Errorf("utf16Len(%q) = %d, want %d", tt.s, got, tt.utf16)
		}
		if got := graphemeLen(tt.s); got != tt.clusters {
			t.Errorf("graphemeLen(%q) = %d, want %d", tt.s, got, tt.clusters)
		}
	}
}

func TestSentMessagesShape(t *testing.T) {
	got := sentMessages([]string{"text", "flex"})
	if got[0].QuoteToken == "" || got[1].QuoteToken != "" || got[0].ID == got[1].ID {
		t.Errorf("sentMessages = %+v", got)
	}
}
