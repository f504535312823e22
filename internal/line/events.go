package line

import (
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/webhook"

	"github.com/n-csw/tsunagu/internal/consult"
)

// toInbound converts one decoded webhook event into what tsunagu stores.
// It reports false for events tsunagu does not act on (unknown types,
// unsend, beacon, membership …) or that lack an ID or a source.
func toInbound(ev webhook.EventInterface, received time.Time) (consult.InboundEvent, bool) {
	var (
		in     consult.InboundEvent
		src    webhook.SourceInterface
		ms     int64
		mode   webhook.EventMode
		id     string
		dc     *webhook.DeliveryContext
		replyT string
	)
	switch e := ev.(type) {
	case webhook.MessageEvent:
		src, ms, mode, id, dc, replyT = e.Source, e.Timestamp, e.Mode, e.WebhookEventId, e.DeliveryContext, e.ReplyToken
		in.Type = consult.EventMessage
		switch m := e.Message.(type) {
		case webhook.TextMessageContent:
			in.MessageType, in.Text = "text", m.Text
		case webhook.StickerMessageContent:
			in.MessageType = "sticker"
		case webhook.ImageMessageContent:
			in.MessageType = "image"
		case webhook.VideoMessageContent:
			in.MessageType = "video"
		case webhook.AudioMessageContent:
			in.MessageType = "audio"
		case webhook.FileMessageContent:
			in.MessageType = "file"
		case webhook.LocationMessageContent:
			in.MessageType = "location"
		default:
			in.MessageType = "other"
		}
	case webhook.PostbackEvent:
		src, ms, mode, id, dc, replyT = e.Source, e.Timestamp, e.Mode, e.WebhookEventId, e.DeliveryContext, e.ReplyToken
		in.Type = consult.EventPostback
		if e.Postback != nil {
			in.PostbackData = e.Postback.Data
		}
	case webhook.FollowEvent:
		src, ms, mode, id, dc, replyT = e.Source, e.Timestamp, e.Mode, e.WebhookEventId, e.DeliveryContext, e.ReplyToken
		in.Type = consult.EventFollow
		if e.Follow != nil {
			in.Unblocked = e.Follow.IsUnblocked
		}
	case webhook.UnfollowEvent:
		src, ms, mode, id, dc = e.Source, e.Timestamp, e.Mode, e.WebhookEventId, e.DeliveryContext
		in.Type = consult.EventUnfollow
	case webhook.JoinEvent:
		src, ms, mode, id, dc, replyT = e.Source, e.Timestamp, e.Mode, e.WebhookEventId, e.DeliveryContext, e.ReplyToken
		in.Type = consult.EventJoin
	default:
		return in, false
	}
	switch s := src.(type) {
	case webhook.UserSource:
		in.Source, in.Resident = consult.SourceUser, s.UserId
	case webhook.GroupSource:
		in.Source, in.Resident = consult.SourceGroup, s.GroupId
	case webhook.RoomSource:
		in.Source, in.Resident = consult.SourceRoom, s.RoomId
	default:
		return in, false
	}
	if id == "" || in.Resident == "" {
		return in, false
	}
	in.ID, in.ReplyToken, in.ReceivedAt = id, replyT, received
	in.Timestamp = time.UnixMilli(ms).UTC()
	in.Standby = mode == webhook.EventMode_STANDBY
	if dc != nil {
		in.Redelivery = dc.IsRedelivery
	}
	return in, true
}
