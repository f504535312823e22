package linesim

import (
	"net/http"
	"strings"
)

// route is one Messaging API endpoint.
type route struct {
	endpoint string // fault and call category: reply, push, loading, profile, richmenu, validate, info
	method   string
	handler  func(*API, *exchange) result
}

var exactRoutes = map[string][]route{
	"/v2/bot/message/reply":          {{"reply", http.MethodPost, (*API).serveReply}},
	"/v2/bot/message/push":           {{"push", http.MethodPost, (*API).servePush}},
	"/v2/bot/message/validate/reply": {{"validate", http.MethodPost, (*API).serveValidate}},
	"/v2/bot/message/validate/push":  {{"validate", http.MethodPost, (*API).serveValidate}},
	"/v2/bot/chat/loading/start":     {{"loading", http.MethodPost, (*API).serveLoading}},
	"/v2/bot/info":                   {{"info", http.MethodGet, (*API).serveBotInfo}},
	"/v2/bot/richmenu":               {{"richmenu", http.MethodPost, (*API).serveCreateRichMenu}},
	"/v2/bot/richmenu/validate":      {{"richmenu", http.MethodPost, (*API).serveValidateRichMenu}},
	"/v2/bot/richmenu/list":          {{"richmenu", http.MethodGet, (*API).serveListRichMenus}},
	"/v2/bot/user/all/richmenu": {
		{"richmenu", http.MethodGet, (*API).serveGetDefaultRichMenu},
		{"richmenu", http.MethodDelete, (*API).serveCancelDefaultRichMenu},
	},
}

// prefixRoutes have one path parameter between prefix and suffix.
var prefixRoutes = []struct {
	prefix, suffix string
	routes         []route
}{
	{"/v2/bot/profile/", "", []route{{"profile", http.MethodGet, (*API).serveProfile}}},
	{"/v2/bot/richmenu/", "/content", []route{
		{"richmenu", http.MethodPost, (*API).serveUploadRichMenuImage},
		{"richmenu", http.MethodGet, (*API).serveDownloadRichMenuImage},
	}},
	{"/v2/bot/richmenu/", "", []route{
		{"richmenu", http.MethodGet, (*API).serveGetRichMenu},
		{"richmenu", http.MethodDelete, (*API).serveDeleteRichMenu},
	}},
	{"/v2/bot/user/all/richmenu/", "", []route{{"richmenu", http.MethodPost, (*API).serveSetDefaultRichMenu}}},
}

// lookupRoute finds the route for method and path; status is 404 or 405
// when there is none.
func lookupRoute(method, path string) (rt route, param string, status int) {
	routes, ok := exactRoutes[path]
	if !ok {
		for _, p := range prefixRoutes {
			rest, ok := strings.CutPrefix(path, p.prefix)
			if !ok {
				continue
			}
			rest, ok = strings.CutSuffix(rest, p.suffix)
			if !ok || rest == "" || strings.Contains(rest, "/") {
				continue
			}
			routes, param = p.routes, rest
			break
		}
	}
	if routes == nil {
		return route{}, "", http.StatusNotFound
	}
	for _, rt := range routes {
		if rt.method == method {
			return rt, param, 0
		}
	}
	return route{}, "", http.StatusMethodNotAllowed
}
