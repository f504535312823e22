package linesim

import (
	"net/http"
	"time"
)

func (a *API) serveLoading(x *exchange) result {
	var req struct {
		ChatID         string `json:"chatId"`
		LoadingSeconds *int   `json:"loadingSeconds"`
	}
	if res := x.decode(&req); res != nil {
		return *res
	}
	x.call.ChatID = req.ChatID
	var p problems
	switch {
	case req.ChatID == "":
		p.add("chatId", "must be specified")
	case !IsUserID(req.ChatID):
		p.add("chatId", "The loading animation can only be shown in one-on-one chats with users")
	}
	secs := 20 // LINE's default
	if req.LoadingSeconds != nil {
		secs = *req.LoadingSeconds
		if secs < 5 || secs > 60 || secs%5 != 0 {
			p.add("loadingSeconds", "must be a multiple of 5 between 5 and 60")
		}
	}
	if len(p) > 0 {
		return detailsResult(p)
	}
	a.stats.loading.Add(1)
	if !a.users.blocked(req.ChatID) {
		a.startLoading(req.ChatID, x.now.Add(time.Duration(secs)*time.Second))
	}
	return jsonResult(http.StatusAccepted, emptyObject)
}

type profileResponse struct {
	DisplayName string `json:"displayName"`
	UserID      string `json:"userId"`
	Language    string `json:"language,omitempty"`
}

func (a *API) serveProfile(x *exchange) result {
	x.call.ChatID = x.param
	name, lang, ok := a.profile(x.param)
	if !ok {
		return errResult(http.StatusNotFound, "Not found")
	}
	return jsonResult(http.StatusOK, profileResponse{DisplayName: name, UserID: x.param, Language: lang})
}

type botInfoResponse struct {
	UserID         string `json:"userId"`
	BasicID        string `json:"basicId"`
	DisplayName    string `json:"displayName"`
	ChatMode       string `json:"chatMode"`
	MarkAsReadMode string `json:"markAsReadMode"`
}

func (a *API) serveBotInfo(x *exchange) result {
	return jsonResult(http.StatusOK, botInfoResponse{
		UserID:         a.opts.BotUserID,
		BasicID:        "@" + a.opts.BotUserID[1:9],
		DisplayName:    a.opts.AccountName,
		ChatMode:       "bot",
		MarkAsReadMode: "auto",
	})
}
