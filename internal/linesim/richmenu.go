package linesim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // rich menu images may be JPEG
	_ "image/png"  // or PNG
	"mime"
	"net/http"
	"sync"
)

// RichMenu is a rich menu created through the fake API.
type RichMenu struct {
	ID          string         `json:"richMenuId"`
	Size        RichMenuSize   `json:"size"`
	Selected    bool           `json:"selected"`
	Name        string         `json:"name"`
	ChatBarText string         `json:"chatBarText"`
	Areas       []RichMenuArea `json:"areas"`
	// ImageType is the Content-Type of the uploaded image ("" before upload).
	ImageType string `json:"-"`
}

// RichMenuSize is a rich menu's size in pixels.
type RichMenuSize struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// RichMenuArea is a tappable area of a rich menu.
type RichMenuArea struct {
	Bounds struct {
		X      int `json:"x"`
		Y      int `json:"y"`
		Width  int `json:"width"`
		Height int `json:"height"`
	} `json:"bounds"`
	Action json.RawMessage `json:"action"`
}

type richMenuStore struct {
	mu     sync.Mutex
	menus  map[string]*RichMenu
	images map[string][]byte
	def    string
	order  []string
}

func (s *richMenuStore) init() {
	s.menus = make(map[string]*RichMenu)
	s.images = make(map[string][]byte)
}

func (s *richMenuStore) reset() {
	s.mu.Lock()
	s.init()
	s.def, s.order = "", nil
	s.mu.Unlock()
}

// validateRichMenu applies LINE's rich menu rules.
func validateRichMenu(body []byte) (RichMenu, []ErrorDetail, error) {
	var m RichMenu
	var raw struct {
		Selected *bool `json:"selected"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, nil, err
	}
	_ = json.Unmarshal(body, &raw)
	var p problems
	w, h := m.Size.Width, m.Size.Height
	switch {
	case w == 0 || h == 0:
		p.add("size", "must be specified")
	case w < 800 || w > 2500 || h < 250 || float64(w)/float64(h) < 1.45:
		p.add("size", "width must be 800 to 2500, height at least 250, and width/height at least 1.45")
	}
	if raw.Selected == nil {
		p.add("selected", "must be specified")
	}
	if m.Name == "" {
		p.add("name", "must be specified")
	} else {
		p.length("name", utf16Len(m.Name), 1, 300)
	}
	if m.ChatBarText == "" {
		p.add("chatBarText", "must be specified")
	} else {
		p.length("chatBarText", utf16Len(m.ChatBarText), 1, 14)
	}
	if len(m.Areas) > 20 {
		p.add("areas", "Size must be between 0 and 20")
	}
	for i, ar := range m.Areas {
		ap := fmt.Sprintf("areas[%d]", i)
		b := ar.Bounds
		if b.X < 0 || b.Y < 0 || b.Width <= 0 || b.Height <= 0 || b.X+b.Width > w || b.Y+b.Height > h {
			p.add(ap+".bounds", "must be inside the rich menu")
		}
		var act actionIn
		if len(ar.Action) == 0 || json.Unmarshal(ar.Action, &act) != nil {
			p.add(ap+".action", "must be specified")
			continue
		}
		validateAction(&p, ap+".action", &act, actionContext{labelMax: 20})
	}
	return m, p, nil
}

func (a *API) serveCreateRichMenu(x *exchange) result {
	m, details, err := validateRichMenu(x.body)
	if err != nil {
		return errResult(http.StatusBadRequest, "The request body could not be parsed as JSON")
	}
	if len(details) > 0 {
		return detailsResult(details)
	}
	m.ID = "richmenu-" + randomHex(16)
	m.ImageType = ""
	s := &a.richMenus
	s.mu.Lock()
	s.menus[m.ID] = &m
	s.order = append(s.order, m.ID)
	s.mu.Unlock()
	return jsonResult(http.StatusOK, map[string]string{"richMenuId": m.ID})
}

func (a *API) serveValidateRichMenu(x *exchange) result {
	_, details, err := validateRichMenu(x.body)
	if err != nil {
		return errResult(http.StatusBadRequest, "The request body could not be parsed as JSON")
	}
	if len(details) > 0 {
		return detailsResult(details)
	}
	return jsonResult(http.StatusOK, emptyObject)
}

func (a *API) serveListRichMenus(x *exchange) result {
	return jsonResult(http.StatusOK, map[string][]RichMenu{"richmenus": a.RichMenus()})
}

func (a *API) serveGetRichMenu(x *exchange) result {
	m, ok := a.RichMenu(x.param)
	if !ok {
		return errResult(http.StatusNotFound, "Not found")
	}
	return jsonResult(http.StatusOK, m)
}

func (a *API) serveDeleteRichMenu(x *exchange) result {
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.menus[x.param]; !ok {
		return errResult(http.StatusNotFound, "Not found")
	}
	delete(s.menus, x.param)
	delete(s.images, x.param)
	for i, id := range s.order {
		if id == x.param {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	if s.def == x.param {
		s.def = ""
	}
	return jsonResult(http.StatusOK, emptyObject)
}

func (a *API) serveUploadRichMenuImage(x *exchange) result {
	ct, _, _ := mime.ParseMediaType(x.call.ContentType)
	if ct != "image/png" && ct != "image/jpeg" {
		return errResult(http.StatusBadRequest, "Content-Type must be image/jpeg or image/png")
	}
	if len(x.body) > 1<<20 {
		return errResult(http.StatusRequestEntityTooLarge, "Request Entity Too Large")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(x.body))
	if err != nil || "image/"+format != ct {
		return errResult(http.StatusBadRequest, "The image could not be decoded as "+ct)
	}
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.menus[x.param]
	if !ok {
		return errResult(http.StatusNotFound, "Not found")
	}
	if m.ImageType != "" {
		return errResult(http.StatusBadRequest, "An image has already been uploaded to the richmenu")
	}
	if cfg.Width != m.Size.Width || cfg.Height != m.Size.Height {
		return errResult(http.StatusBadRequest, fmt.Sprintf("The image size %dx%d must match the rich menu size %dx%d", cfg.Width, cfg.Height, m.Size.Width, m.Size.Height))
	}
	m.ImageType = ct
	s.images[x.param] = x.body
	return jsonResult(http.StatusOK, emptyObject)
}

func (a *API) serveDownloadRichMenuImage(x *exchange) result {
	img, ct, ok := a.RichMenuImage(x.param)
	if !ok {
		return errResult(http.StatusNotFound, "Not found")
	}
	return result{status: http.StatusOK, raw: img, contentType: ct}
}

func (a *API) serveSetDefaultRichMenu(x *exchange) result {
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.menus[x.param]
	if !ok {
		return errResult(http.StatusNotFound, "richmenu not found")
	}
	if m.ImageType == "" {
		return errResult(http.StatusBadRequest, "must upload richmenu image before applying it to user")
	}
	s.def = x.param
	return jsonResult(http.StatusOK, emptyObject)
}

func (a *API) serveGetDefaultRichMenu(x *exchange) result {
	id := a.DefaultRichMenu()
	if id == "" {
		return errResult(http.StatusNotFound, "no default richmenu")
	}
	return jsonResult(http.StatusOK, map[string]string{"richMenuId": id})
}

func (a *API) serveCancelDefaultRichMenu(x *exchange) result {
	a.richMenus.mu.Lock()
	a.richMenus.def = ""
	a.richMenus.mu.Unlock()
	return jsonResult(http.StatusOK, emptyObject)
}

// RichMenus returns the rich menus created, oldest first.
func (a *API) RichMenus() []RichMenu {
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RichMenu, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.menus[id])
	}
	return out
}

// RichMenu returns one rich menu.
func (a *API) RichMenu(id string) (RichMenu, bool) {
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.menus[id]
	if !ok {
		return RichMenu{}, false
	}
	return *m, true
}

// RichMenuImage returns a rich menu's uploaded image and content type.
func (a *API) RichMenuImage(id string) ([]byte, string, bool) {
	s := &a.richMenus
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.menus[id]
	if !ok || m.ImageType == "" {
		return nil, "", false
	}
	return s.images[id], m.ImageType, true
}

// DefaultRichMenu returns the ID of the default rich menu, "" when none.
func (a *API) DefaultRichMenu() string {
	a.richMenus.mu.Lock()
	defer a.richMenus.mu.Unlock()
	return a.richMenus.def
}
