package line

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"

	"github.com/n-csw/tsunagu/internal/richmenu"
)

// Endpoints of the Messaging API. Binary content (the rich menu image)
// goes to the data endpoint.
const (
	DefaultAPIURL  = "https://api.line.me"
	DefaultDataURL = "https://api-data.line.me"
)

// DataURL is where binary content is uploaded: dataURL when set, else
// api-data.line.me for the real API, else baseURL itself (the simulator
// serves both on one address).
func DataURL(baseURL, dataURL string) string {
	switch {
	case dataURL != "":
		return strings.TrimRight(dataURL, "/")
	case baseURL == "" || strings.TrimRight(baseURL, "/") == DefaultAPIURL:
		return DefaultDataURL
	default:
		return strings.TrimRight(baseURL, "/")
	}
}

// RichMenus applies rich menus through the Messaging API.
type RichMenus struct {
	api  *messaging_api.MessagingApiAPI
	blob *messaging_api.MessagingApiBlobAPI
}

// NewRichMenus builds a client for the Messaging API at baseURL and its
// data endpoint at dataURL (see DataURL).
func NewRichMenus(token, baseURL, dataURL string, timeout time.Duration) (*RichMenus, error) {
	hc := &http.Client{Timeout: timeout}
	api, err := messaging_api.NewMessagingApiAPI(token,
		messaging_api.WithEndpoint(strings.TrimRight(baseURL, "/")), messaging_api.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("line client: %w", err)
	}
	blob, err := messaging_api.NewMessagingApiBlobAPI(token,
		messaging_api.WithBlobEndpoint(DataURL(baseURL, dataURL)), messaging_api.WithBlobHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("line data client: %w", err)
	}
	return &RichMenus{api: api, blob: blob}, nil
}

// richMenuRequest is the Messaging API object for m: every area a
// postback of its command (the label shown as the resident's words) or a
// link. The menu shows open when a resident opens the chat.
func richMenuRequest(m *richmenu.Menu) *messaging_api.RichMenuRequest {
	req := &messaging_api.RichMenuRequest{
		Size:     &messaging_api.RichMenuSize{Width: int64(m.Width), Height: int64(m.Height)},
		Selected: true, Name: m.Name, ChatBarText: m.ChatBarText,
	}
	for _, a := range m.Areas {
		var act messaging_api.ActionInterface
		if a.Command != "" {
			act = &messaging_api.PostbackAction{Label: a.Label, Data: a.PostbackData(), DisplayText: a.Label}
		} else {
			act = &messaging_api.UriAction{Label: a.Label, Uri: a.URI}
		}
		b := a.Bounds
		req.Areas = append(req.Areas, messaging_api.RichMenuArea{
			Bounds: &messaging_api.RichMenuBounds{X: int64(b.Min.X), Y: int64(b.Min.Y), Width: int64(b.Dx()), Height: int64(b.Dy())},
			Action: act,
		})
	}
	return req
}

// RichMenuJSON is the request body that creates m, indented, for
// `tsunagu richmenu apply --dry-run`.
func RichMenuJSON(m *richmenu.Menu) ([]byte, error) {
	b, err := json.MarshalIndent(richMenuRequest(m), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode rich menu: %w", err)
	}
	return b, nil
}

// Applied says what Apply did.
type Applied struct {
	// ID is the new default rich menu.
	ID string
	// Deleted are the menus it replaced.
	Deleted []string
}

// Apply makes m, with its PNG image, the default rich menu of every
// friend of the account: it has LINE validate the menu, creates it,
// uploads the image, sets it as default, and then deletes the menus it
// replaces — those of the same name, and the previous default when its
// name starts with richmenu.NamePrefix — so that applying again is
// harmless. If a step before the switch fails, the new menu is deleted and
// the previous default stays. Menus linked to single users (none by
// tsunagu) still win over the default for those users.
func (c *RichMenus) Apply(ctx context.Context, m *richmenu.Menu, png []byte) (Applied, error) {
	api, blob := c.api.WithContext(ctx), c.blob.WithContext(ctx)
	req := richMenuRequest(m)
	if _, err := api.ValidateRichMenuObject(req); err != nil {
		return Applied{}, fmt.Errorf("validate rich menu: %w", err)
	}
	old, err := c.replaced(api, m.Name)
	if err != nil {
		return Applied{}, err
	}
	created, err := api.CreateRichMenu(req)
	if err != nil {
		return Applied{}, fmt.Errorf("create rich menu: %w", err)
	}
	id := created.RichMenuId
	undo := func(step string, err error) (Applied, error) {
		if _, derr := api.DeleteRichMenu(id); derr != nil {
			return Applied{}, fmt.Errorf("%s: %w (and deleting the new menu %s: %w)", step, err, id, derr)
		}
		return Applied{}, fmt.Errorf("%s: %w (the new menu was deleted; the previous default stays)", step, err)
	}
	if _, err := blob.SetRichMenuImage(id, "image/png", bytes.NewReader(png)); err != nil {
		return undo("upload rich menu image", err)
	}
	if _, err := api.SetDefaultRichMenu(id); err != nil {
		return undo("set default rich menu", err)
	}
	done := Applied{ID: id}
	var errs []error
	for _, o := range old {
		if o == id {
			continue
		}
		if _, err := api.DeleteRichMenu(o); err != nil {
			errs = append(errs, fmt.Errorf("delete replaced rich menu %s: %w", o, err))
			continue
		}
		done.Deleted = append(done.Deleted, o)
	}
	return done, errors.Join(errs...)
}

// replaced lists the menus a new menu called name replaces.
func (c *RichMenus) replaced(api *messaging_api.MessagingApiAPI, name string) ([]string, error) {
	list, err := api.GetRichMenuList()
	if err != nil {
		return nil, fmt.Errorf("list rich menus: %w", err)
	}
	def := ""
	res, got, err := api.GetDefaultRichMenuIdWithHttpInfo()
	switch {
	case err == nil:
		def = got.RichMenuId
	case res != nil && res.StatusCode == http.StatusNotFound:
		// no default menu yet
	default:
		return nil, fmt.Errorf("get default rich menu: %w", err)
	}
	var ids []string
	for _, rm := range list.Richmenus {
		if rm.Name == name || (rm.RichMenuId == def && strings.HasPrefix(rm.Name, richmenu.NamePrefix)) {
			ids = append(ids, rm.RichMenuId)
		}
	}
	return ids, nil
}
