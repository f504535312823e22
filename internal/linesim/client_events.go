package linesim

import "context"

// newEvent starts an event of type typ from src, now.
func (c *Client) newEvent(typ string, src *Source, replyable bool) Event {
	now := c.now()
	e := Event{
		Type:           typ,
		WebhookEventID: NewULID(now),
		Timestamp:      millis(now),
		Source:         src,
		Mode:           "active",
	}
	if c.Standby {
		e.Mode = "standby" // no reply token in standby
		return e
	}
	if replyable {
		if c.API != nil {
			e.ReplyToken = c.API.IssueReplyToken(src.ChatID(), e.WebhookEventID, now)
		} else {
			e.ReplyToken = randomHex(16)
		}
	}
	return e
}

func (c *Client) textEvent(src *Source, text string) Event {
	e := c.newEvent("message", src, true)
	e.Message = &MessageContent{ID: newMessageID(), Type: "text", Text: text, QuoteToken: randomToken(48)}
	if src.Type == "user" {
		e.Message.MarkAsReadToken = randomToken(24)
	}
	return e
}

// NewTextEvent returns a text message event from a user in a one-to-one
// chat.
func (c *Client) NewTextEvent(userID, text string) Event {
	return c.textEvent(userSource(userID), text)
}

// NewGroupTextEvent returns a text message event from userID in a group.
func (c *Client) NewGroupTextEvent(groupID, userID, text string) Event {
	return c.textEvent(groupSource(groupID, userID), text)
}

// NewRoomTextEvent returns a text message event from userID in a
// multi-person chat.
func (c *Client) NewRoomTextEvent(roomID, userID, text string) Event {
	return c.textEvent(roomSource(roomID, userID), text)
}

// NewStickerEvent returns a sticker message event.
func (c *Client) NewStickerEvent(userID, packageID, stickerID string) Event {
	e := c.newEvent("message", userSource(userID), true)
	e.Message = &MessageContent{
		ID: newMessageID(), Type: "sticker", PackageID: packageID, StickerID: stickerID,
		StickerResourceType: stickerResource(stickerID), QuoteToken: randomToken(48),
	}
	return e
}

// NewImageEvent returns an image message event (the image itself would be
// fetched from LINE's content endpoint, which the simulator does not serve).
func (c *Client) NewImageEvent(userID string) Event {
	e := c.newEvent("message", userSource(userID), true)
	e.Message = &MessageContent{
		ID: newMessageID(), Type: "image", ContentProvider: &ContentProvider{Type: "line"},
		QuoteToken: randomToken(48),
	}
	return e
}

// NewFollowEvent returns a follow event; isUnblocked is true when the user
// had blocked the account.
func (c *Client) NewFollowEvent(userID string) Event {
	e := c.newEvent("follow", userSource(userID), true)
	e.Follow = &FollowDetail{IsUnblocked: c.API != nil && c.API.Blocked(userID)}
	return e
}

// NewUnfollowEvent returns an unfollow (block) event, which has no reply
// token.
func (c *Client) NewUnfollowEvent(userID string) Event {
	return c.newEvent("unfollow", userSource(userID), false)
}

// NewPostbackEvent returns a postback event; params carries date, time or
// datetime for date pickers (nil otherwise).
func (c *Client) NewPostbackEvent(userID, data string, params map[string]string) Event {
	e := c.newEvent("postback", userSource(userID), true)
	e.Postback = &PostbackContent{Data: data, Params: params}
	return e
}

// NewGroupPostbackEvent returns a postback event from userID in a group.
func (c *Client) NewGroupPostbackEvent(groupID, userID, data string) Event {
	e := c.newEvent("postback", groupSource(groupID, userID), true)
	e.Postback = &PostbackContent{Data: data}
	return e
}

// NewJoinEvent returns the event LINE sends when the account joins a group.
func (c *Client) NewJoinEvent(groupID string) Event {
	return c.newEvent("join", &Source{Type: "group", GroupID: groupID}, true)
}

// Text sends a text message from a user.
func (c *Client) Text(ctx context.Context, userID, text string) (*Result, error) {
	return c.Send(ctx, c.NewTextEvent(userID, text))
}

// GroupText sends a text message from userID in a group.
func (c *Client) GroupText(ctx context.Context, groupID, userID, text string) (*Result, error) {
	return c.Send(ctx, c.NewGroupTextEvent(groupID, userID, text))
}

// RoomText sends a text message from userID in a multi-person chat.
func (c *Client) RoomText(ctx context.Context, roomID, userID, text string) (*Result, error) {
	return c.Send(ctx, c.NewRoomTextEvent(roomID, userID, text))
}

// Sticker sends a sticker.
func (c *Client) Sticker(ctx context.Context, userID, packageID, stickerID string) (*Result, error) {
	return c.Send(ctx, c.NewStickerEvent(userID, packageID, stickerID))
}

// Follow adds the account as a friend (or unblocks it).
func (c *Client) Follow(ctx context.Context, userID string) (*Result, error) {
	return c.Send(ctx, c.NewFollowEvent(userID))
}

// Unfollow blocks the account.
func (c *Client) Unfollow(ctx context.Context, userID string) (*Result, error) {
	return c.Send(ctx, c.NewUnfollowEvent(userID))
}

// Postback sends a postback with data, as when a button is tapped.
func (c *Client) Postback(ctx context.Context, userID, data string) (*Result, error) {
	return c.Send(ctx, c.NewPostbackEvent(userID, data, nil))
}

// Join sends the event of the account joining a group.
func (c *Client) Join(ctx context.Context, groupID string) (*Result, error) {
	return c.Send(ctx, c.NewJoinEvent(groupID))
}
