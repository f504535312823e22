package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

// HandleInteraction applies the case buttons of one interaction payload
// (from HTTP or Socket Mode): claim, resolve and reassign, each at most
// once however often it is clicked. The case's message is then updated
// through the outbox; a click that changed nothing gets a note only the
// clicker sees.
func (s *Slack) HandleInteraction(ctx context.Context, payload []byte) error {
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		return fmt.Errorf("decode interaction: %w", err)
	}
	if cb.Type != slack.InteractionTypeBlockActions {
		return nil
	}
	var errs []error
	for _, a := range cb.ActionCallback.BlockActions {
		if err := s.act(ctx, cb, a); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// actor names a Slack user for the case timeline: "name (slack:U…)", which
// the console can show and Slack renders as a mention.
func actor(id, name string) string {
	if name == "" {
		return "(slack:" + id + ")"
	}
	return name + " (slack:" + id + ")"
}

// parseAction reads the action: the case ID from a button's value, or
// "caseID:channel" from the channel select.
func parseAction(a *slack.BlockAction) (int64, consult.CaseAction, bool) {
	var act consult.CaseAction
	value := a.Value
	switch a.ActionID {
	case actionClaim:
		act.Kind = consult.CaseClaim
	case actionResolve:
		act.Kind = consult.CaseResolve
	case actionReassign:
		act.Kind = consult.CaseReassign
		var ch string
		var ok bool
		value, ch, ok = strings.Cut(a.SelectedOption.Value, ":")
		if !ok {
			return 0, act, false
		}
		act.Channel = consult.Channel(ch)
	default:
		return 0, act, false
	}
	id, err := strconv.ParseInt(value, 10, 64)
	return id, act, err == nil && id > 0
}

func (s *Slack) act(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) error {
	id, act, ok := parseAction(a)
	if !ok {
		return nil
	}
	act.By = actor(cb.User.ID, cb.User.Name)
	c, changed, err := s.cases.Act(ctx, id, act)
	channel := cb.Container.ChannelID
	if channel == "" {
		channel = cb.Channel.ID
	}
	switch {
	case errors.Is(err, consult.ErrNotFound):
		s.ephemeral(ctx, channel, cb.User.ID, s.texts.Ephemeral.NotFound)
		return nil
	case err != nil:
		s.ephemeral(ctx, channel, cb.User.ID, s.texts.Ephemeral.Failed)
		return fmt.Errorf("case %d %s from slack: %w", id, act.Kind, err)
	case changed:
		s.log.InfoContext(ctx, "case action from slack", "case", id, "action", string(act.Kind))
		s.cfg.OnChange()
		return nil
	}
	// Nothing changed: a double click, or someone was quicker.
	var note string
	switch {
	case act.Kind == consult.CaseReassign && act.Channel == c.Channel && c.Status.Open():
		note = s.texts.Ephemeral.SameChannel
	case c.Status == consult.CaseClaimed && act.Kind == consult.CaseClaim:
		note = fill(s.texts.Ephemeral.AlreadyClaimed, "who", s.render.who(c.ClaimedBy))
	case !c.Status.Open():
		note = fill(s.texts.Ephemeral.AlreadyClosed, "status", s.render.status(c))
	}
	if note != "" {
		s.ephemeral(ctx, channel, cb.User.ID, note)
	}
	return nil
}

// ephemeral shows a note to one user; failures only get logged.
func (s *Slack) ephemeral(ctx context.Context, channel, user, text string) {
	if channel == "" || user == "" {
		return
	}
	_, err := s.api.PostEphemeralContext(ctx, channel, user, slack.MsgOptionText(text, false))
	s.countError("chat.postEphemeral", err)
	if err != nil {
		s.log.WarnContext(ctx, "slack ephemeral note failed", "error", errorKind(err))
	}
}
