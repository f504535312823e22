package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// channelOf resolves a channel argument (ID or #name); "" when unknown.
func (s *Server) channelOf(arg string) string {
	if name, ok := strings.CutPrefix(arg, "#"); ok {
		return s.channels[name]
	}
	if arg == "" || s.missing[arg] {
		return ""
	}
	return arg
}

func (s *Server) find(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts && m.User == "" {
			return m
		}
	}
	return nil
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channelOf(r.Form.Get("channel"))
	if ch == "" {
		reply(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	thread := r.Form.Get("thread_ts")
	if thread != "" && s.find(ch, thread) == nil {
		reply(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	s.seq++
	m := &Message{Channel: ch, TS: fmt.Sprintf("%d.%06d", s.base, s.seq), ThreadTS: thread, Text: r.Form.Get("text"),
		Blocks: raw(r.Form.Get("blocks")), Metadata: raw(r.Form.Get("metadata")), Broadcast: r.Form.Get("reply_broadcast") == "true"}
	s.messages = append(s.messages, m)
	reply(w, map[string]any{"ok": true, "channel": ch, "ts": m.TS, "message": map[string]any{"text": m.Text, "ts": m.TS}})
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channelOf(r.Form.Get("channel"))
	m := s.find(ch, r.Form.Get("ts"))
	if m == nil {
		reply(w, map[string]any{"ok": false, "error": "message_not_found"})
		return
	}
	m.Text = r.Form.Get("text")
	if b := r.Form.Get("blocks"); b != "" {
		m.Blocks = raw(b)
	}
	m.Updates++
	reply(w, map[string]any{"ok": true, "channel": ch, "ts": m.TS, "text": m.Text})
}

func (s *Server) ephemeral(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	m := &Message{Channel: r.Form.Get("channel"), TS: fmt.Sprintf("%d.%06d", s.base, s.seq), Text: r.Form.Get("text"), User: r.Form.Get("user")}
	s.messages = append(s.messages, m)
	reply(w, map[string]any{"ok": true, "message_ts": m.TS})
}

func (s *Server) permalink(w http.ResponseWriter, r *http.Request) {
	ts := strings.ReplaceAll(r.Form.Get("message_ts"), ".", "")
	reply(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"),
		"permalink": "https://fake.slack.test/archives/" + r.Form.Get("channel") + "/p" + ts})
}

// history answers the channel's top-level messages, newest first.
func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	s.listMessages(w, r, func(m *Message, ch string) bool {
		return m.Channel == ch && (m.ThreadTS == "" || m.Broadcast)
	})
}

// replies answers a thread: its parent and replies, oldest first.
func (s *Server) replies(w http.ResponseWriter, r *http.Request) {
	thread := r.Form.Get("ts")
	s.listMessages(w, r, func(m *Message, ch string) bool {
		return m.Channel == ch && (m.TS == thread || m.ThreadTS == thread)
	})
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, keep func(*Message, string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channelOf(r.Form.Get("channel"))
	if ch == "" {
		reply(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	meta := r.Form.Get("include_all_metadata") == "true" || r.Form.Get("include_all_metadata") == "1"
	oldest := r.Form.Get("oldest")
	var out []map[string]any
	for _, m := range s.messages {
		if m.User != "" || !keep(m, ch) || (oldest != "" && m.TS < oldest) {
			continue
		}
		e := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "bot_id": "B1"}
		if m.ThreadTS != "" {
			e["thread_ts"] = m.ThreadTS
		}
		if meta && m.Metadata != nil {
			e["metadata"] = m.Metadata
		}
		out = append(out, e)
	}
	if strings.HasSuffix(r.URL.Path, "history") {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	reply(w, map[string]any{"ok": true, "messages": out, "has_more": false})
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for name, id := range s.channels {
		out = append(out, map[string]any{"id": id, "name": name, "is_channel": true})
	}
	reply(w, map[string]any{"ok": true, "channels": out, "response_metadata": map[string]any{"next_cursor": ""}})
}
