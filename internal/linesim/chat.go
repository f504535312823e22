package linesim

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

//go:embed web
var webFS embed.FS

// ChatOptions configures the chat page.
type ChatOptions struct {
	// Prefix is where the handler is mounted; default "/sim".
	Prefix string
	// AccountName is shown in the chat header; default the API's.
	AccountName string
	// MaxItems bounds the resident-side items kept per chat; default 500.
	MaxItems int
}

// chatServer is the chat page and its JSON and SSE endpoints.
type chatServer struct {
	api    *API
	client *Client
	opts   ChatOptions
	static http.Handler

	mu        sync.Mutex
	residents []*resident
	byID      map[string]*resident
	groupID   string
	joined    bool
	items     map[string][]chatItem // resident messages per chat
	itemSeq   int64
	hub       subscribers[sseMessage]
	sendMu    sync.Mutex // one webhook at a time from the page, in order
}

// resident is one simulated LINE user of the chat page.
type resident struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Friend bool   `json:"friend"`
}

// NewChat returns the simulator's chat page, a LINE-like chat in the
// browser with a panel of the raw Messaging API calls. Mount it at
// ChatOptions.Prefix+"/" (default "/sim/"); it serves the page, its assets
// and the /api/… endpoints the page uses (JSON and Server-Sent Events).
// client must post to the bot's webhook and use api.
func NewChat(api *API, client *Client, opts ChatOptions) http.Handler {
	if opts.Prefix == "" {
		opts.Prefix = "/sim"
	}
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	if opts.AccountName == "" {
		opts.AccountName = api.opts.AccountName
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = 500
	}
	sub, _ := fs.Sub(webFS, "web")
	return &chatServer{
		api: api, client: client, opts: opts,
		static:  http.FileServerFS(sub),
		byID:    make(map[string]*resident),
		items:   make(map[string][]chatItem),
		groupID: GroupID("tsunagu-sim-group"),
	}
}

// ServeHTTP routes the page, its static assets and its /api/ endpoints.
func (s *chatServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, s.opts.Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if rest == "" {
		http.Redirect(w, r, s.opts.Prefix+"/", http.StatusFound)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case rest == "/" || rest == "/index.html":
		s.serveFile(w, r, "/") // the file server answers "/" with index.html
	case strings.HasPrefix(rest, "/static/"):
		s.serveFile(w, r, strings.TrimPrefix(rest, "/static"))
	case strings.HasPrefix(rest, "/api/"):
		s.serveAPI(w, r, strings.TrimPrefix(rest, "/api"))
	default:
		http.NotFound(w, r)
	}
}

func (s *chatServer) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = name
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.static.ServeHTTP(w, r2)
}

func (s *chatServer) serveAPI(w http.ResponseWriter, r *http.Request, p string) {
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case p == "/state" && get:
		writeJSON(w, http.StatusOK, s.state())
	case p == "/timeline" && get:
		s.serveTimeline(w, r)
	case p == "/residents" && post:
		s.serveNewResident(w, r)
	case p == "/send" && post:
		s.serveSend(w, r)
	case p == "/events" && get:
		s.serveEvents(w, r)
	case p == "/faults" && (get || post):
		s.serveFaults(w, r)
	case p == "/calls" && get:
		s.serveCalls(w)
	case strings.HasPrefix(p, "/calls/") && get:
		s.serveCall(w, strings.TrimPrefix(p, "/calls/"))
	case strings.HasPrefix(p, "/webhooks/") && get:
		s.serveWebhook(w, strings.TrimPrefix(p, "/webhooks/"))
	case p == "/richmenu/image" && get:
		img, ct, ok := s.api.RichMenuImage(s.api.DefaultRichMenu())
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", ct)
		_, _ = w.Write(img)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// chatState is what the page needs to draw its frame.
type chatState struct {
	Account   string         `json:"account"`
	BotUserID string         `json:"botUserId"`
	Residents []residentView `json:"residents"`
	Group     groupView      `json:"group"`
	RichMenu  *richMenuView  `json:"richMenu"`
}

type residentView struct {
	resident
	Blocked bool `json:"blocked"`
}

type groupView struct {
	ID     string `json:"id"`
	Joined bool   `json:"joined"`
}

type richMenuView struct {
	ID          string         `json:"id"`
	ChatBarText string         `json:"chatBarText"`
	Selected    bool           `json:"selected"`
	Size        RichMenuSize   `json:"size"`
	Areas       []RichMenuArea `json:"areas"`
}

func (s *chatServer) state() chatState {
	st := chatState{Account: s.opts.AccountName, BotUserID: s.api.opts.BotUserID}
	s.mu.Lock()
	for _, r := range s.residents {
		st.Residents = append(st.Residents, residentView{resident: *r})
	}
	st.Group = groupView{ID: s.groupID, Joined: s.joined}
	s.mu.Unlock()
	for i := range st.Residents {
		st.Residents[i].Blocked = s.api.Blocked(st.Residents[i].ID)
	}
	if st.Residents == nil {
		st.Residents = []residentView{}
	}
	if id := s.api.DefaultRichMenu(); id != "" {
		if m, ok := s.api.RichMenu(id); ok {
			st.RichMenu = &richMenuView{ID: m.ID, ChatBarText: m.ChatBarText, Selected: m.Selected, Size: m.Size, Areas: m.Areas}
		}
	}
	return st
}

func (s *chatServer) serveNewResident(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil || strings.TrimSpace(req.Name) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "name required"})
		return
	}
	res := &resident{ID: NewUserID(), Name: strings.TrimSpace(req.Name)}
	s.mu.Lock()
	s.residents = append(s.residents, res)
	s.byID[res.ID] = res
	s.mu.Unlock()
	s.api.SetProfile(res.ID, res.Name)
	s.hub.publish(sseMessage{Event: "state"})
	writeJSON(w, http.StatusOK, res)
}

func (s *chatServer) serveCalls(w http.ResponseWriter) {
	calls := s.api.Calls()
	hooks := s.api.Webhooks()
	out := struct {
		Calls    []callSummary    `json:"calls"`
		Webhooks []webhookSummary `json:"webhooks"`
	}{make([]callSummary, 0, len(calls)), make([]webhookSummary, 0, len(hooks))}
	for _, c := range calls {
		out.Calls = append(out.Calls, summarizeCall(c))
	}
	for _, h := range hooks {
		out.Webhooks = append(out.Webhooks, summarizeWebhook(h))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *chatServer) serveCall(w http.ResponseWriter, seq string) {
	n, err := strconv.ParseInt(seq, 10, 64)
	c, ok := s.api.Call(n)
	if err != nil || !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such call (only the latest are kept)"})
		return
	}
	writeJSON(w, http.StatusOK, callDetail{callSummary: summarizeCall(c), RequestID: c.RequestID,
		AcceptedRequestID: c.AcceptedRequestID, UserAgent: c.UserAgent, ContentType: c.ContentType,
		Request: rawOrString(c.Request), Response: rawOrString(c.Response)})
}

func (s *chatServer) serveWebhook(w http.ResponseWriter, seq string) {
	n, _ := strconv.ParseInt(seq, 10, 64)
	for _, h := range s.api.Webhooks() {
		if h.Seq == n {
			writeJSON(w, http.StatusOK, struct {
				webhookSummary
				Body any `json:"body"`
			}{summarizeWebhook(h), rawOrString(h.Body)})
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such webhook (only the latest are kept)"})
}

// rawOrString keeps valid JSON as is and shows anything else as a string.
func rawOrString(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	return string(b)
}
