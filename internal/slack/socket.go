package slack

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// socketRetry is the wait before reconnecting after Socket Mode stopped.
const socketRetry = 10 * time.Second

// RunSocket takes interactions and events through Socket Mode (for councils
// without a public URL; needs the app-level token) until ctx ends. They go
// to the same code as over HTTP; every envelope is acknowledged at once.
func (s *Slack) RunSocket(ctx context.Context) error {
	for {
		client := socketmode.New(s.api, socketmode.OptionLog(slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)))
		cctx, cancel := context.WithCancel(ctx)
		go s.serveSocket(cctx, client)
		err := client.RunContext(cctx)
		cancel()
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.log.WarnContext(ctx, "slack socket mode stopped, reconnecting", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(socketRetry):
		}
	}
}

func (s *Slack) serveSocket(ctx context.Context, client *socketmode.Client) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-client.Events:
			req, work := s.socketRoute(evt)
			if req != nil {
				if err := client.Ack(*req); err != nil {
					s.log.WarnContext(ctx, "slack socket ack failed", "error", err.Error())
				}
			}
			if work != nil {
				s.work.Add(1)
				go func() {
					defer s.work.Done()
					wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
					defer cancel()
					if err := work(wctx); err != nil {
						s.log.ErrorContext(wctx, "slack socket request failed", "error", err.Error())
					}
				}()
			}
		}
	}
}

// socketRoute decides what one Socket Mode event asks for: the envelope to
// acknowledge (nil: none) and the work to do (nil: none).
func (s *Slack) socketRoute(evt socketmode.Event) (*socketmode.Request, func(context.Context) error) {
	switch evt.Type {
	case socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand:
	case socketmode.EventTypeInvalidAuth:
		s.log.Error("slack socket mode: invalid app token (SLACK_APP_TOKEN)")
		return nil, nil
	default:
		return nil, nil
	}
	if evt.Request == nil {
		return nil, nil
	}
	payload := []byte(evt.Request.Payload)
	switch evt.Type {
	case socketmode.EventTypeInteractive:
		return evt.Request, func(ctx context.Context) error { return s.HandleInteraction(ctx, payload) }
	case socketmode.EventTypeEventsAPI:
		return evt.Request, func(ctx context.Context) error { return s.HandleEvent(ctx, payload) }
	}
	return evt.Request, nil // acknowledged, nothing to do
}
