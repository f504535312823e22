package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Exactly-once posting. chat.postMessage has no idempotency key, and a post
// whose answer was lost (a timeout, a 5xx, a crash before the outcome was
// recorded) may have been made. So every post carries message metadata
// naming the outbox item and the part of the job ("4711:main"), and every
// attempt after the first looks for that marker in the channel's recent
// history (or the thread's replies) before posting: if an earlier attempt
// got through, its ts is used and nothing is posted again.

// metaEvent is the metadata event type of tsunagu's posts.
const metaEvent = "tsunagu_post"

// lookBack is how far before an item's creation its posts are looked for,
// and lookPages bounds the pages of history read.
const (
	lookBack  = 2 * time.Minute
	lookPages = 5
)

// postOnce posts msg (into thread threadTS when set) unless an earlier
// attempt of this item already did, and returns the channel ID and ts. A
// post to a channel that is missing, archived or without the app goes to
// the default channel instead.
func (d *delivery) postOnce(ctx context.Context, part, channel, threadTS string, msg message, broadcast bool) (string, string, error) {
	key := strconv.FormatInt(d.item.ID, 10) + ":" + part
	if d.item.Attempts > 1 {
		candidates := []string{channel}
		if threadTS == "" && channel != d.s.cfg.DefaultChannel {
			candidates = append(candidates, d.s.cfg.DefaultChannel)
		}
		ch, ts, err := d.s.findPost(ctx, candidates, threadTS, key, d.item.CreatedAt.Add(-lookBack))
		if err != nil {
			return "", "", err
		}
		if ts != "" {
			return ch, ts, nil
		}
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metaEvent, EventPayload: map[string]any{
			"key": key, "case": strconv.FormatInt(d.c.ID, 10)}}),
	}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
		if broadcast {
			opts = append(opts, slack.MsgOptionBroadcast())
		}
	}
	ch, ts, err := d.s.api.PostMessageContext(ctx, channel, opts...)
	d.s.countError("chat.postMessage", err)
	if err != nil && channelCodes[slackCode(err)] && threadTS == "" && channel != d.s.cfg.DefaultChannel {
		d.s.log.WarnContext(ctx, "slack channel unusable, posting to the default channel", "case", d.c.ID,
			"channel", channel, "error", slackCode(err))
		ch, ts, err = d.s.api.PostMessageContext(ctx, d.s.cfg.DefaultChannel, opts...)
		d.s.countError("chat.postMessage", err)
	}
	if err != nil {
		return "", "", fmt.Errorf("post %s of case %d: %w", part, d.c.ID, err)
	}
	return ch, ts, nil
}

// findPost looks for a message with the marker key in the channels' recent
// history (or in thread threadTS). A channel that cannot be read (missing,
// or the app is not in it) is skipped; any other failure is returned, so
// that the attempt is retried rather than risk a second post.
func (s *Slack) findPost(ctx context.Context, channels []string, threadTS, key string, since time.Time) (string, string, error) {
	oldest := strconv.FormatInt(since.Unix(), 10) + ".000000"
	for _, channel := range channels {
		id, err := s.channelID(ctx, channel)
		if channelCodes[slackCode(err)] {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("look for an earlier post: %w", err)
		}
		cursor := ""
		for page := 0; page < lookPages; page++ {
			var msgs []slack.Message
			var more bool
			if threadTS != "" {
				msgs, more, cursor, err = s.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
					ChannelID: id, Timestamp: threadTS, Cursor: cursor, Limit: 200, Oldest: oldest, IncludeAllMetadata: true})
				s.countError("conversations.replies", err)
			} else {
				var res *slack.GetConversationHistoryResponse
				res, err = s.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
					ChannelID: id, Cursor: cursor, Limit: 200, Oldest: oldest, IncludeAllMetadata: true})
				s.countError("conversations.history", err)
				if err == nil {
					msgs, more, cursor = res.Messages, res.HasMore, res.ResponseMetaData.NextCursor
				}
			}
			if channelCodes[slackCode(err)] {
				break
			}
			if err != nil {
				return "", "", fmt.Errorf("look for an earlier post: %w", err)
			}
			for _, m := range msgs {
				if m.Metadata.EventType == metaEvent && fmt.Sprint(m.Metadata.EventPayload["key"]) == key {
					return id, m.Timestamp, nil
				}
			}
			if !more || cursor == "" {
				break
			}
		}
	}
	return "", "", nil
}

// channelID resolves a #name to its channel ID (cached); IDs pass through.
func (s *Slack) channelID(ctx context.Context, channel string) (string, error) {
	name, ok := strings.CutPrefix(channel, "#")
	if !ok {
		return channel, nil
	}
	s.mu.Lock()
	id := s.ids[name]
	s.mu.Unlock()
	if id != "" {
		return id, nil
	}
	cursor := ""
	for page := 0; page < 20; page++ {
		chans, next, err := s.api.GetConversationsContext(ctx, &slack.GetConversationsParameters{
			Cursor: cursor, ExcludeArchived: true, Limit: 200, Types: []string{"public_channel", "private_channel"}})
		s.countError("conversations.list", err)
		if err != nil {
			return "", fmt.Errorf("find channel %s: %w", channel, err)
		}
		for _, c := range chans {
			if c.Name == name {
				s.mu.Lock()
				s.ids[name] = c.ID
				s.mu.Unlock()
				return c.ID, nil
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return "", fmt.Errorf("find channel %s: %w", channel, slack.SlackErrorResponse{Err: "channel_not_found"})
}
