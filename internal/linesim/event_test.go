package linesim

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

var ulidRe = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)

// lookup follows a dotted path ("message.quoteToken") in decoded JSON.
func lookup(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// TestEventShape checks events against the required properties of
// line-openapi webhook.yml (commit 023cc24a22f49f2454b241ca3bebb4f7db13181e):
// CallbackRequest, Event, Source subtypes, MessageEvent with Text-, Sticker-
// and ImageMessageContent, FollowEvent, UnfollowEvent, JoinEvent and
// PostbackEvent.
func TestEventShape(t *testing.T) {
	common := []string{"type", "timestamp", "mode", "webhookEventId", "deliveryContext.isRedelivery"}
	alice, group, room := UserID("alice"), GroupID("g"), RoomID("r")
	tests := []struct {
		name     string
		build    func(c *Client) Event
		required []string
		absent   []string
		equal    map[string]any
	}{
		{"text", func(c *Client) Event { return c.NewTextEvent(alice, "たすけて") },
			[]string{"replyToken", "source.type", "source.userId", "message.id", "message.type", "message.text", "message.quoteToken"},
			nil, map[string]any{"type": "message", "message.type": "text", "message.text": "たすけて", "source.type": "user", "source.userId": alice, "mode": "active"}},
		{"sticker", func(c *Client) Event { return c.NewStickerEvent(alice, "446", "1988") },
			[]string{"replyToken", "message.id", "message.packageId", "message.stickerId", "message.stickerResourceType", "message.quoteToken"},
			[]string{"message.text"}, map[string]any{"message.type": "sticker"}},
		{"image", func(c *Client) Event { return c.NewImageEvent(alice) },
			[]string{"replyToken", "message.id", "message.contentProvider.type", "message.quoteToken"},
			nil, map[string]any{"message.type": "image", "message.contentProvider.type": "line"}},
		{"follow", func(c *Client) Event { return c.NewFollowEvent(alice) },
			[]string{"replyToken", "follow.isUnblocked", "source.userId"},
			[]string{"message"}, map[string]any{"type": "follow", "follow.isUnblocked": false}},
		{"unfollow", func(c *Client) Event { return c.NewUnfollowEvent(alice) },
			[]string{"source.userId"}, []string{"replyToken"}, map[string]any{"type": "unfollow"}},
		{"postback", func(c *Client) Event {
			return c.NewPostbackEvent(alice, "topic=money", map[string]string{"date": "2026-04-01"})
		},
			[]string{"replyToken", "postback.data", "postback.params.date"}, nil,
			map[string]any{"type": "postback", "postback.data": "topic=money"}},
		{"group text", func(c *Client) Event { return c.NewGroupTextEvent(group, alice, "x") },
			[]string{"replyToken", "source.groupId", "source.userId"}, []string{"message.markAsReadToken"},
			map[string]any{"source.type": "group", "source.groupId": group}},
		{"room text", func(c *Client) Event { return c.NewRoomTextEvent(room, alice, "x") },
			[]string{"replyToken", "source.roomId", "source.userId"}, nil,
			map[string]any{"source.type": "room", "source.roomId": room}},
		{"join", func(c *Client) Event { return c.NewJoinEvent(group) },
			[]string{"replyToken", "source.groupId"}, []string{"source.userId"}, map[string]any{"type": "join"}},
		{"standby text", func(c *Client) Event { s := *c; s.Standby = true; return s.NewTextEvent(alice, "x") },
			[]string{"message.text"}, []string{"replyToken"}, map[string]any{"mode": "standby"}},
	}
	bot, srv := newBotStub()
	defer srv.Close()
	api := newTestAPI(Options{})
	c := newTestClient(api, srv.URL)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now().UnixMilli()
			if _, err := c.Send(context.Background(), tt.build(c)); err != nil {
				t.Fatal(err)
			}
			env := bot.last(t)
			dest, _ := env["destination"].(string)
			if !regexp.MustCompile(`^U[0-9a-f]{32}$`).MatchString(dest) {
				t.Errorf("destination = %q", dest)
			}
			events, _ := env["events"].([]any)
			if len(events) != 1 {
				t.Fatalf("events = %v", env["events"])
			}
			ev := events[0].(map[string]any)
			for _, p := range append(common, tt.required...) {
				if _, ok := lookup(ev, p); !ok {
					t.Errorf("missing %s in %v", p, ev)
				}
			}
			for _, p := range tt.absent {
				if _, ok := lookup(ev, p); ok {
					t.Errorf("unexpected %s in %v", p, ev)
				}
			}
			for p, want := range tt.equal {
				if got, _ := lookup(ev, p); got != want {
					t.Errorf("%s = %v, want %v", p, got, want)
				}
			}
			if red, _ := lookup(ev, "deliveryContext.isRedelivery"); red != false {
				t.Errorf("isRedelivery = %v", red)
			}
			id, _ := ev["webhookEventId"].(string)
			ts, _ := ev["timestamp"].(float64)
			if !ulidRe.MatchString(id) {
				t.Errorf("webhookEventId %q is not a ULID", id)
			}
			if at, ok := ulidTime(id); !ok || at.UnixMilli() != int64(ts) || int64(ts) < before {
				t.Errorf("ULID time %v, timestamp %v", at, int64(ts))
			}
			if mode := ev["mode"]; mode != "active" && mode != "standby" {
				t.Errorf("mode = %v", mode)
			}
		})
	}
}
