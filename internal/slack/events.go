package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/n-csw/tsunagu/internal/consult"
)

// HandleEvent acts on one Events API payload (from HTTP or Socket Mode): a
// staff member's message in a case's thread is sent to the resident on
// LINE with the team's name, once, unless the resident cannot be messaged
// (then the thread says so). The bot's own posts, edits, and messages
// outside case threads are ignored.
func (s *Slack) HandleEvent(ctx context.Context, payload []byte) error {
	var outer struct {
		Type  string          `json:"type"`
		Event json.RawMessage `json:"event"`
	}
	if err := json.Unmarshal(payload, &outer); err != nil {
		return fmt.Errorf("decode slack event: %w", err)
	}
	if outer.Type != slackevents.CallbackEvent || len(outer.Event) == 0 {
		return nil
	}
	var ev slackevents.MessageEvent
	if err := json.Unmarshal(outer.Event, &ev); err != nil {
		return fmt.Errorf("decode slack message event: %w", err)
	}
	if ev.Type != "message" || ev.BotID != "" || ev.User == "" || (ev.SubType != "" && ev.SubType != "thread_broadcast") ||
		ev.ThreadTimeStamp == "" || ev.ThreadTimeStamp == ev.TimeStamp {
		return nil
	}
	text := staffText(ev.Text)
	if text == "" || s.internal(text) {
		return nil
	}
	c, err := s.store.CaseBySlackThread(ctx, ev.Channel, ev.ThreadTimeStamp)
	if errors.Is(err, consult.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find case of slack thread: %w", err)
	}
	// One message, one push: Slack redelivers events it thinks were missed.
	first, err := s.store.MarkSlackEvent(ctx, "msg:"+ev.Channel+":"+ev.TimeStamp, s.now())
	if err != nil || !first {
		return err
	}
	err = s.cases.StaffReply(ctx, c.ID, s.author(ctx, ev.User), s.render.channelName(c.Channel), text)
	switch {
	case errors.Is(err, s.cfg.ErrNoPush):
		s.threadNote(ctx, ev.Channel, ev.ThreadTimeStamp, s.texts.Thread.NotSent)
		return nil
	case err != nil:
		s.threadNote(ctx, ev.Channel, ev.ThreadTimeStamp, s.texts.Thread.SendFailed)
		return fmt.Errorf("staff reply to case %d: %w", c.ID, err)
	}
	s.log.InfoContext(ctx, "staff reply from slack", "case", c.ID)
	s.cfg.OnChange()
	if s.texts.SentReaction != "" {
		err := s.api.AddReactionContext(ctx, s.texts.SentReaction, slack.NewRefToMessage(ev.Channel, ev.TimeStamp))
		s.countError("reactions.add", err)
	}
	return nil
}

// internal reports whether a staff message is a note among staff.
func (s *Slack) internal(text string) bool {
	for _, p := range s.texts.InternalPrefixes {
		if strings.HasPrefix(strings.ToLower(text), strings.ToLower(p)) {
			return true
		}
	}
	return false
}

func (s *Slack) threadNote(ctx context.Context, channel, ts, text string) {
	_, _, err := s.api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionTS(ts))
	s.countError("chat.postMessage", err)
	if err != nil {
		s.log.WarnContext(ctx, "slack thread note failed", "error", errorKind(err))
	}
}

// author names the Slack user for the transcript (users.info, cached; the
// ID alone when it cannot be had).
func (s *Slack) author(ctx context.Context, user string) string {
	s.mu.Lock()
	name, ok := s.authors[user]
	s.mu.Unlock()
	if ok {
		return actor(user, name)
	}
	uctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	u, err := s.api.GetUserInfoContext(uctx, user)
	s.countError("users.info", err)
	if err != nil {
		return actor(user, "")
	}
	name = u.Profile.DisplayName
	if name == "" {
		name = u.RealName
	}
	if name == "" {
		name = u.Name
	}
	s.mu.Lock()
	s.authors[user] = name
	s.mu.Unlock()
	return actor(user, name)
}

var (
	reLink    = regexp.MustCompile(`<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>`)
	reChannel = regexp.MustCompile(`<#[A-Z0-9]+(?:\|([^>]*))?>`)
	reSpecial = regexp.MustCompile(`<[@!][^>]*>`)
)

// staffText turns Slack's message markup into the plain text a resident
// reads: links as their label and address, channel names kept, mentions
// and @channel dropped, entities decoded.
func staffText(s string) string {
	s = reLink.ReplaceAllStringFunc(s, func(m string) string {
		p := reLink.FindStringSubmatch(m)
		url := strings.TrimPrefix(strings.TrimPrefix(p[1], "mailto:"), "tel:")
		if p[2] == "" || p[2] == url || p[2] == p[1] {
			return url
		}
		return p[2] + " " + url
	})
	s = reChannel.ReplaceAllString(s, "#$1")
	s = reSpecial.ReplaceAllString(s, "")
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.TrimSpace(s)
}
