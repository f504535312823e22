package main

import (
	"context"
	"errors"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/outbox"
	"github.com/n-csw/tsunagu/internal/slack"
)

func init() { wirers = append(wirers, wireSlack) }

// slackStore is what the Slack adapter and the case timers need of the
// store; both stores implement it.
type slackStore interface {
	store
	slack.Store
	bot.TimerStore
}

// slackOutboxTimeout bounds one Slack delivery attempt: a post may take a
// look for an earlier post, the post and a thread note.
const slackOutboxTimeout = 30 * time.Second

// slackPolicy retries Slack deliveries at most 30 s apart, so that cases
// reach staff soon after an outage ends, for up to a day.
var slackPolicy = outbox.Policy{Base: 500 * time.Millisecond, Max: 30 * time.Second, MaxAttempts: 3000, MaxAge: 23 * time.Hour}

// wireSlack adds the Slack handoff when SLACK_BOT_TOKEN is set: its own
// outbox dispatcher (a Slack outage never delays LINE replies), the
// interactivity and events endpoints, the case timers, and Socket Mode
// when SLACK_APP_TOKEN is set. Without Slack the console inbox is the
// only destination of cases.
func wireSlack(_ context.Context, a *app) error {
	if !a.cfg.Slack() {
		return nil
	}
	st, ok := a.store.(slackStore)
	if !ok {
		return errors.New("slack: the store lacks the Slack queries")
	}
	routes, names := slackChannels(a.dir)
	var slackOut *outbox.Dispatcher
	const escalateAfter = 5 * time.Minute
	ad, err := slack.New(slack.Config{
		BotToken: a.cfg.SlackBotToken, SigningSecret: a.cfg.SlackSigningSecret, AppToken: a.cfg.SlackAppToken,
		APIURL: a.cfg.SlackAPIURL, DefaultChannel: a.cfg.SlackDefaultChannel, EscalationChannel: a.cfg.SlackEscalation,
		Routes: routes, Names: names, Detail: slack.Detail(a.cfg.SlackDetail), BaseURL: a.cfg.BaseURL,
		ErrNoPush: bot.ErrNoPush, EscalateAfter: escalateAfter,
		OnChange: func() {
			slackOut.Wake()
			a.lineOut.Wake()
		},
	}, st, a.cases, a.metrics, a.log)
	if err != nil {
		return err
	}
	slackOut = outbox.New(st, map[consult.OutboxKind]outbox.Deliverer{consult.OutSlack: ad},
		outbox.Options{Owner: ownerName() + "/slack", Timeout: slackOutboxTimeout, Policy: slackPolicy}, a.metrics, a.log)
	timers := bot.NewTimers(st, bot.TimerOptions{EscalateAfter: escalateAfter}, slackOut.Wake, a.log)
	a.mux.Handle("POST /slack/interactivity", ad.Interactivity())
	a.mux.Handle("POST /slack/events", ad.Events())
	a.extra = append(a.extra, slackOut.Run, timers.Run)
	if a.cfg.SlackAppToken != "" {
		a.extra = append(a.extra, ad.RunSocket)
	}
	a.flushers = append(a.flushers, ad.Wait, slackOut.Flush)
	a.log.Info("slack handoff on", "detail", a.cfg.SlackDetail, "socket_mode", a.cfg.SlackAppToken != "")
	return nil
}

// slackChannels reads from the directory the Slack channel of each
// consultation channel (its first place that names one) and its name.
func slackChannels(dir *directory.Directory) (map[consult.Channel]string, map[consult.Channel]string) {
	routes, names := map[consult.Channel]string{}, map[consult.Channel]string{}
	if dir == nil {
		return routes, names
	}
	for _, ch := range consult.Channels() {
		for i, p := range dir.Places(ch) {
			if i == 0 {
				names[ch] = p.Name
			}
			if routes[ch] == "" && p.SlackChannel != "" {
				routes[ch] = p.SlackChannel
			}
		}
	}
	return routes, names
}
