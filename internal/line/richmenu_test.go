package line

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"

	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/richmenu"
)

func TestDataURL(t *testing.T) {
	tests := []struct{ base, data, want string }{
		{"", "", DefaultDataURL},
		{"https://api.line.me", "", DefaultDataURL},
		{"https://api.line.me/", "", DefaultDataURL},
		{"http://localhost:8080/sim/line", "", "http://localhost:8080/sim/line"},
		{"http://localhost:8080/sim/line", "http://data.test/", "http://data.test"},
		{"https://api.line.me", "https://api-data.example", "https://api-data.example"},
	}
	for _, tt := range tests {
		if got := DataURL(tt.base, tt.data); got != tt.want {
			t.Errorf("DataURL(%q, %q) = %q, want %q", tt.base, tt.data, got, tt.want)
		}
	}
}

type richSim struct {
	api  *linesim.API
	url  string
	menu *richmenu.Menu
	png  []byte
	rm   *RichMenus
}

func newRichSim(t *testing.T) *richSim {
	t.Helper()
	api := linesim.NewAPI(linesim.Options{AccessToken: token, RateLimits: map[string]int{}})
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	m, err := richmenu.Load(os.DirFS("../../flows"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := richmenu.PNG(m)
	if err != nil {
		t.Fatal(err)
	}
	rm, err := NewRichMenus(token, srv.URL, "", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return &richSim{api: api, url: srv.URL, menu: m, png: b, rm: rm}
}

// other creates a menu as another tool would, with a tiny image, and makes
// it the default when def.
func (s *richSim) other(t *testing.T, name string, def bool) string {
	t.Helper()
	req := &messaging_api.RichMenuRequest{Size: &messaging_api.RichMenuSize{Width: 800, Height: 270}, Name: name, ChatBarText: "menu",
		Areas: []messaging_api.RichMenuArea{{Bounds: &messaging_api.RichMenuBounds{Width: 800, Height: 270}, Action: &messaging_api.MessageAction{Label: "a", Text: "a"}}}}
	res, err := s.rm.api.CreateRichMenu(req)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 800, 270)))
	if _, err := s.rm.blob.SetRichMenuImage(res.RichMenuId, "image/png", &img); err != nil {
		t.Fatal(err)
	}
	if def {
		if _, err := s.rm.api.SetDefaultRichMenu(res.RichMenuId); err != nil {
			t.Fatal(err)
		}
	}
	return res.RichMenuId
}

func names(api *linesim.API) []string {
	var out []string
	for _, m := range api.RichMenus() {
		out = append(out, m.Name)
	}
	return out
}

func TestRichMenuApply(t *testing.T) {
	s := newRichSim(t)
	ctx := context.Background()
	campaign := s.other(t, "spring-campaign", false)
	s.other(t, "tsunagu-old", true) // the previous default, under an older name

	first, err := s.rm.Apply(ctx, s.menu, s.png)
	if err != nil {
		t.Fatal(err)
	}
	if s.api.DefaultRichMenu() != first.ID || len(first.Deleted) != 1 {
		t.Errorf("default %q, applied %+v", s.api.DefaultRichMenu(), first)
	}
	if d := cmp.Diff([]string{"spring-campaign", s.menu.Name}, names(s.api)); d != "" {
		t.Errorf("menus mismatch (-want +got):\n%s", d)
	}
	got, ok := s.api.RichMenu(first.ID)
	if !ok || !got.Selected || got.ChatBarText != s.menu.ChatBarText || got.Size.Width != 2500 || got.Size.Height != s.menu.Height {
		t.Fatalf("menu %v: selected %v, chat bar %q, size %+v", ok, got.Selected, got.ChatBarText, got.Size)
	}
	if len(got.Areas) != len(s.menu.Areas) {
		t.Fatalf("%d areas, want %d", len(got.Areas), len(s.menu.Areas))
	}
	for i, a := range s.menu.Areas {
		ga := got.Areas[i]
		bounds := image.Rect(ga.Bounds.X, ga.Bounds.Y, ga.Bounds.X+ga.Bounds.Width, ga.Bounds.Y+ga.Bounds.Height)
		if bounds != a.Bounds {
			t.Errorf("area %d bounds %v, want %v", i, bounds, a.Bounds)
		}
		var act map[string]string
		if err := json.Unmarshal(ga.Action, &act); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"type": "postback", "label": a.Label, "data": "v1:c:" + a.Command, "displayText": a.Label}
		if a.URI != "" {
			want = map[string]string{"type": "uri", "label": a.Label, "uri": a.URI}
		}
		if d := cmp.Diff(want, act); d != "" {
			t.Errorf("area %d action mismatch (-want +got):\n%s", i, d)
		}
	}
	img, ct, ok := s.api.RichMenuImage(first.ID)
	if !ok || ct != "image/png" || !bytes.Equal(img, s.png) {
		t.Errorf("image: %v %q, %d bytes (want %d)", ok, ct, len(img), len(s.png))
	}
	uploads := 0
	for _, c := range s.api.Calls() {
		if c.Path == "/v2/bot/richmenu/"+first.ID+"/content" && c.Method == "POST" {
			uploads++
		}
	}
	if uploads != 1 {
		t.Errorf("%d uploads of the image", uploads)
	}

	// applying again replaces the menu: one tsunagu menu, the new default
	second, err := s.rm.Apply(ctx, s.menu, s.png)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || s.api.DefaultRichMenu() != second.ID || !cmp.Equal(second.Deleted, []string{first.ID}) {
		t.Errorf("second apply %+v after %+v, default %q", second, first, s.api.DefaultRichMenu())
	}
	if _, ok := s.api.RichMenu(campaign); !ok || len(s.api.RichMenus()) != 2 {
		t.Errorf("menus after re-apply: %v", names(s.api))
	}
}

func TestRichMenuApplyKeepsThePreviousOnFailure(t *testing.T) {
	s := newRichSim(t)
	ctx := context.Background()
	first, err := s.rm.Apply(ctx, s.menu, s.png)
	if err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	png.Encode(&small, image.NewGray(image.Rect(0, 0, 800, 270)))
	_, err = s.rm.Apply(ctx, s.menu, small.Bytes())
	if err == nil || !strings.Contains(err.Error(), "upload rich menu image") || !strings.Contains(err.Error(), "previous default stays") {
		t.Fatalf("Apply with an image of the wrong size: %v", err)
	}
	if s.api.DefaultRichMenu() != first.ID || len(s.api.RichMenus()) != 1 {
		t.Errorf("after the failure: default %q, menus %v", s.api.DefaultRichMenu(), names(s.api))
	}

	bad := *s.menu
	bad.ChatBarText = strings.Repeat("あ", 15) // LINE refuses it
	if _, err := s.rm.Apply(ctx, &bad, s.png); err == nil || !strings.Contains(err.Error(), "validate rich menu") || !strings.Contains(err.Error(), "chatBarText") {
		t.Errorf("Apply of an invalid menu: %v", err)
	}
	if len(s.api.RichMenus()) != 1 {
		t.Errorf("menus after a refused menu: %v", names(s.api))
	}

	s.api.Inject(linesim.Fault{Endpoint: "richmenu", Status: 500})
	if _, err := s.rm.Apply(ctx, s.menu, s.png); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("Apply during an outage: %v", err)
	}
}

func TestRichMenuJSON(t *testing.T) {
	m := &richmenu.Menu{Name: "tsunagu-t", ChatBarText: "メニュー", Width: 2500, Height: 843, Rows: 1, Cols: 2, Areas: []richmenu.Area{
		{Label: "やめる", Command: "stop", Bounds: image.Rect(0, 0, 1250, 843)},
		{Label: "でんわ", URI: "tel:0424975061", Bounds: image.Rect(1250, 0, 2500, 843)},
	}}
	b, err := RichMenuJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var want any
	json.Unmarshal([]byte(`{"size":{"width":2500,"height":843},"selected":true,"name":"tsunagu-t","chatBarText":"メニュー","areas":[
		{"bounds":{"x":0,"y":0,"width":1250,"height":843},"action":{"type":"postback","label":"やめる","data":"v1:c:stop","displayText":"やめる"}},
		{"bounds":{"x":1250,"y":0,"width":1250,"height":843},"action":{"type":"uri","label":"でんわ","uri":"tel:0424975061"}}]}`), &want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", d)
	}
}
