package linesim

import (
	"strconv"
	"time"
)

// Event is one webhook event as LINE sends it (line-openapi webhook.yml,
// schema Event and its subtypes). The Client's New…Event methods fill it
// in; tests may change fields before sending.
type Event struct {
	Type            string           `json:"type"`
	Message         *MessageContent  `json:"message,omitempty"`
	Postback        *PostbackContent `json:"postback,omitempty"`
	Follow          *FollowDetail    `json:"follow,omitempty"`
	WebhookEventID  string           `json:"webhookEventId"`
	DeliveryContext DeliveryContext  `json:"deliveryContext"`
	Timestamp       int64            `json:"timestamp"`
	Source          *Source          `json:"source,omitempty"`
	ReplyToken      string           `json:"replyToken,omitempty"`
	Mode            string           `json:"mode"`
}

// MessageContent is the "message" of a message event.
type MessageContent struct {
	ID                  string           `json:"id"`
	Type                string           `json:"type"`
	Text                string           `json:"text,omitempty"`
	QuoteToken          string           `json:"quoteToken,omitempty"`
	MarkAsReadToken     string           `json:"markAsReadToken,omitempty"`
	PackageID           string           `json:"packageId,omitempty"`
	StickerID           string           `json:"stickerId,omitempty"`
	StickerResourceType string           `json:"stickerResourceType,omitempty"`
	Keywords            []string         `json:"keywords,omitempty"`
	ContentProvider     *ContentProvider `json:"contentProvider,omitempty"`
}

// ContentProvider says where an image's bytes are.
type ContentProvider struct {
	Type string `json:"type"`
}

// PostbackContent is the "postback" of a postback event.
type PostbackContent struct {
	Data   string            `json:"data"`
	Params map[string]string `json:"params,omitempty"`
}

// FollowDetail is the "follow" of a follow event.
type FollowDetail struct {
	IsUnblocked bool `json:"isUnblocked"`
}

// DeliveryContext is the "deliveryContext" of every event.
type DeliveryContext struct {
	IsRedelivery bool `json:"isRedelivery"`
}

// Source is where an event came from.
type Source struct {
	Type    string `json:"type"` // user, group or room
	UserID  string `json:"userId,omitempty"`
	GroupID string `json:"groupId,omitempty"`
	RoomID  string `json:"roomId,omitempty"`
}

// ChatID is the chat a reply to the event goes to: the group, the room or
// the user.
func (s *Source) ChatID() string {
	switch {
	case s == nil:
		return ""
	case s.GroupID != "":
		return s.GroupID
	case s.RoomID != "":
		return s.RoomID
	}
	return s.UserID
}

// callback is the webhook request body.
type callback struct {
	Destination string  `json:"destination"`
	Events      []Event `json:"events"`
}

// expectsAnswer reports whether the bot should answer e: it carries a
// reply token.
func (e *Event) expectsAnswer() bool { return e.ReplyToken != "" }

func millis(t time.Time) int64 { return t.UnixMilli() }

func userSource(userID string) *Source { return &Source{Type: "user", UserID: userID} }

func groupSource(groupID, userID string) *Source {
	return &Source{Type: "group", GroupID: groupID, UserID: userID}
}

func roomSource(roomID, userID string) *Source {
	return &Source{Type: "room", RoomID: roomID, UserID: userID}
}

// stickerResource gives sticker events a plausible resource type.
func stickerResource(stickerID string) string {
	if n, err := strconv.Atoi(stickerID); err == nil && n%2 == 0 {
		return "ANIMATION"
	}
	return "STATIC"
}
