package linesim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// sendRequest is what the page posts when the resident does something.
type sendRequest struct {
	Chat        string            `json:"chat"` // the resident's user ID or the group ID
	User        string            `json:"user"`
	Kind        string            `json:"kind"` // text, postback, sticker, image, follow, unfollow, join
	Text        string            `json:"text"`
	Data        string            `json:"data"`
	DisplayText string            `json:"displayText"`
	Params      map[string]string `json:"params"`
	PackageID   string            `json:"packageId"`
	StickerID   string            `json:"stickerId"`
}

var errBadSend = errors.New("bad send request")

// event builds the webhook event for a page action and the bubble that
// shows it.
func (s *chatServer) event(req sendRequest) (Event, chatItem, error) {
	s.mu.Lock()
	res := s.byID[req.User]
	group := s.groupID
	s.mu.Unlock()
	inGroup := req.Chat == group
	if req.Kind != "join" && (res == nil || (req.Chat != req.User && !inGroup)) {
		return Event{}, chatItem{}, errBadSend
	}
	it := chatItem{Kind: "resident", Chat: req.Chat, User: req.User, EventType: req.Kind}
	if res != nil {
		it.Name = res.Name
	}
	c := s.client
	var ev Event
	switch req.Kind {
	case "text":
		if req.Text == "" {
			return Event{}, chatItem{}, errBadSend
		}
		if inGroup {
			ev = c.NewGroupTextEvent(group, req.User, req.Text)
		} else {
			ev = c.NewTextEvent(req.User, req.Text)
		}
		it.Text = req.Text
	case "postback":
		if inGroup {
			ev = c.NewGroupPostbackEvent(group, req.User, req.Data)
		} else {
			ev = c.NewPostbackEvent(req.User, req.Data, req.Params)
		}
		it.Text, it.Data = req.DisplayText, req.Data // LINE shows displayText, or nothing
	case "sticker":
		if inGroup {
			return Event{}, chatItem{}, errBadSend
		}
		ev = c.NewStickerEvent(req.User, req.PackageID, req.StickerID)
		it.Sticker = req.PackageID + "/" + req.StickerID
	case "image":
		if inGroup {
			return Event{}, chatItem{}, errBadSend
		}
		ev = c.NewImageEvent(req.User)
	case "follow", "unfollow":
		if inGroup {
			return Event{}, chatItem{}, errBadSend
		}
		if req.Kind == "follow" {
			ev = c.NewFollowEvent(req.User)
		} else {
			ev = c.NewUnfollowEvent(req.User)
		}
		it.Kind = "system"
	case "join":
		if !inGroup {
			return Event{}, chatItem{}, errBadSend
		}
		ev = c.NewJoinEvent(group)
		it.Kind = "system"
	default:
		return Event{}, chatItem{}, errBadSend
	}
	it.EventID = ev.WebhookEventID
	it.At = ev.Timestamp
	return ev, it, nil
}

func (s *chatServer) serveSend(w http.ResponseWriter, r *http.Request) {
	var req sendRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON"})
		return
	}
	// One webhook at a time, so events reach the bot in the order typed.
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	ev, it, err := s.event(req)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unknown resident, chat or kind"})
		return
	}
	it = s.addItem(it)
	s.hub.publish(sseMessage{Event: "item", Data: it})

	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	defer cancel()
	res, err := s.client.Send(ctx, ev)
	if res != nil {
		it.Status, it.LatencyMs = res.Status, res.Latency.Milliseconds()
		it.Read = res.Status/100 == 2 // the bot's chat mode marks messages read
	}
	if err != nil {
		it.ErrorText = err.Error()
	}
	s.updateItem(it)
	s.hub.publish(sseMessage{Event: "item", Data: it})

	switch req.Kind {
	case "follow", "unfollow", "join":
		s.mu.Lock()
		if rs := s.byID[req.User]; rs != nil && req.Kind != "join" {
			rs.Friend = req.Kind == "follow"
		}
		if req.Kind == "join" {
			s.joined = true
		}
		s.mu.Unlock()
		s.hub.publish(sseMessage{Event: "state"})
	}
	writeJSON(w, http.StatusOK, it)
}
