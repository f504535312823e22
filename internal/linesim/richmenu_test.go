package linesim

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRichMenuLifecycle(t *testing.T) {
	api := newTestAPI(Options{})
	h := api.Handler()
	menu := map[string]any{
		"size": map[string]int{"width": 2500, "height": 843}, "selected": true,
		"name": "main", "chatBarText": "メニュー",
		"areas": []any{
			map[string]any{"bounds": map[string]int{"x": 0, "y": 0, "width": 1250, "height": 843}, "action": postbackAction("相談", "menu=consult", "相談したい")},
			map[string]any{"bounds": map[string]int{"x": 1250, "y": 0, "width": 1250, "height": 843}, "action": map[string]any{"type": "uri", "label": "電話", "uri": "tel:0424641311"}},
		},
	}
	if res := call(t, h, "POST", "/v2/bot/richmenu/validate", menu, nil); res.Status != http.StatusOK {
		t.Fatalf("validate: %d %s", res.Status, res.Body)
	}
	res := call(t, h, "POST", "/v2/bot/richmenu", menu, nil)
	var created struct{ RichMenuID string }
	if err := json.Unmarshal(res.Body, &created); res.Status != http.StatusOK || err != nil || !strings.HasPrefix(created.RichMenuID, "richmenu-") {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	id := created.RichMenuID
	if res := call(t, h, "POST", "/v2/bot/user/all/richmenu/"+id, nil, nil); res.Status != http.StatusBadRequest {
		t.Errorf("default before image: %d", res.Status)
	}
	img := map[string]string{"Content-Type": "image/png"}
	if res := call(t, h, "POST", "/v2/bot/richmenu/"+id+"/content", pngOf(t, 800, 270), img); res.Status != http.StatusBadRequest {
		t.Errorf("image of the wrong size: %d", res.Status)
	}
	if res := call(t, h, "POST", "/v2/bot/richmenu/"+id+"/content", pngOf(t, 2500, 843), map[string]string{"Content-Type": "image/gif"}); res.Status != http.StatusBadRequest {
		t.Errorf("gif: %d", res.Status)
	}
	if res := call(t, h, "POST", "/v2/bot/richmenu/"+id+"/content", pngOf(t, 2500, 843), img); res.Status != http.StatusOK {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	if res := call(t, h, "POST", "/v2/bot/richmenu/"+id+"/content", pngOf(t, 2500, 843), img); res.Status != http.StatusBadRequest {
		t.Errorf("second upload: %d", res.Status)
	}
	if res := call(t, h, "POST", "/v2/bot/user/all/richmenu/"+id, nil, nil); res.Status != http.StatusOK || string(res.Body) != "{}" {
		t.Fatalf("set default: %d %s", res.Status, res.Body)
	}
	if res := call(t, h, "GET", "/v2/bot/user/all/richmenu", nil, nil); !strings.Contains(string(res.Body), id) {
		t.Errorf("get default: %s", res.Body)
	}
	if res := call(t, h, "GET", "/v2/bot/richmenu/"+id+"/content", nil, nil); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("download: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	if res := call(t, h, "GET", "/v2/bot/richmenu/list", nil, nil); !strings.Contains(string(res.Body), `"chatBarText":"メニュー"`) {
		t.Errorf("list: %s", res.Body)
	}
	if api.DefaultRichMenu() != id || len(api.RichMenus()) != 1 || len(api.RichMenus()[0].Areas) != 2 {
		t.Errorf("recorded menus: %+v default %q", api.RichMenus(), api.DefaultRichMenu())
	}
	if res := call(t, h, "POST", "/v2/bot/user/all/richmenu/richmenu-unknown", nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("unknown default: %d", res.Status)
	}
	if res := call(t, h, "DELETE", "/v2/bot/richmenu/"+id, nil, nil); res.Status != http.StatusOK || api.DefaultRichMenu() != "" {
		t.Errorf("delete: %d, default %q", res.Status, api.DefaultRichMenu())
	}
}

func TestRichMenuValidation(t *testing.T) {
	api := newTestAPI(Options{})
	tests := []struct {
		name string
		body string
		want string
	}{
		{"narrow", `{"size":{"width":700,"height":843},"selected":false,"name":"n","chatBarText":"c"}`, "size"},
		{"no selected", `{"size":{"width":2500,"height":843},"name":"n","chatBarText":"c"}`, "selected"},
		{"chat bar text of 15", `{"size":{"width":2500,"height":843},"selected":false,"name":"n","chatBarText":"` + strings.Repeat("あ", 15) + `"}`, "chatBarText"},
		{"area outside", `{"size":{"width":2500,"height":843},"selected":false,"name":"n","chatBarText":"c","areas":[{"bounds":{"x":2000,"y":0,"width":1000,"height":843},"action":{"type":"message","text":"t"}}]}`, "areas[0].bounds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, api.Handler(), "POST", "/v2/bot/richmenu", tt.body, nil)
			if res.Status != http.StatusBadRequest {
				t.Fatalf("status %d", res.Status)
			}
			if d := res.errorBody(t).Details; len(d) != 1 || d[0].Property != tt.want {
				t.Errorf("details = %+v, want property %s", d, tt.want)
			}
		})
	}
}
