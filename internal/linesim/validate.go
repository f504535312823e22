package linesim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// LINE's documented limits (platform-facts.md §5, §6).
const (
	maxMessages         = 5
	maxTextUnits        = 5000
	maxQuickReplyItems  = 13
	maxQuickReplyLabel  = 20
	maxFlexLabel        = 40
	maxTemplateLabel    = 20
	maxPostbackData     = 300
	maxDisplayText      = 300
	maxMessageActionTxt = 300
	maxURILen           = 1000
	maxAltText          = 1500
	maxBubbleBytes      = 30 << 10
	maxCarouselBytes    = 50 << 10
	maxCarouselBubbles  = 12
	maxImageURL         = 2000
)

// problems collects validation errors with LINE's property paths.
type problems []ErrorDetail

func (p *problems) add(prop, format string, args ...any) {
	*p = append(*p, ErrorDetail{Message: fmt.Sprintf(format, args...), Property: prop})
}

func (p *problems) length(prop string, n, lo, hi int) {
	if n < lo || n > hi {
		p.add(prop, "Length must be between %d and %d", lo, hi)
	}
}

// messageIn holds the fields of a message object that are validated.
type messageIn struct {
	Type               string          `json:"type"`
	Text               *string         `json:"text"`
	AltText            *string         `json:"altText"`
	Contents           json.RawMessage `json:"contents"`
	Template           json.RawMessage `json:"template"`
	QuickReply         *quickReplyIn   `json:"quickReply"`
	PackageID          string          `json:"packageId"`
	StickerID          string          `json:"stickerId"`
	OriginalContentURL *string         `json:"originalContentUrl"`
	PreviewImageURL    *string         `json:"previewImageUrl"`
	Title              *string         `json:"title"`
	Address            *string         `json:"address"`
	Latitude           *float64        `json:"latitude"`
	Longitude          *float64        `json:"longitude"`
	BaseURL            *string         `json:"baseUrl"`
	Sender             *struct {
		Name    *string `json:"name"`
		IconURL *string `json:"iconUrl"`
	} `json:"sender"`
}

type quickReplyIn struct {
	Items []struct {
		Type     string    `json:"type"`
		ImageURL *string   `json:"imageUrl"`
		Action   *actionIn `json:"action"`
	} `json:"items"`
}

// validateMessages checks a messages array as LINE does and returns the
// problems found (nil when valid) and each message's type.
func validateMessages(msgs []json.RawMessage) ([]ErrorDetail, []string) {
	var p problems
	if len(msgs) < 1 || len(msgs) > maxMessages {
		p.add("messages", "Size must be between 1 and %d", maxMessages)
		if len(msgs) == 0 {
			return p, nil
		}
	}
	types := make([]string, len(msgs))
	for i, raw := range msgs {
		types[i] = validateMessage(&p, "messages["+strconv.Itoa(i)+"]", raw)
	}
	return p, types
}

func validateMessage(p *problems, prop string, raw json.RawMessage) string {
	var m messageIn
	if err := json.Unmarshal(raw, &m); err != nil {
		p.add(prop, "Invalid message object")
		return ""
	}
	defer func() {
		if m.Sender != nil && m.Sender.Name != nil {
			p.length(prop+".sender.name", utf16Len(*m.Sender.Name), 1, 20)
		}
		if m.QuickReply != nil {
			validateQuickReply(p, prop+".quickReply", m.QuickReply)
		}
	}()
	switch m.Type {
	case "text", "textV2":
		if m.Text == nil || *m.Text == "" {
			p.add(prop+".text", "must be specified")
		} else {
			p.length(prop+".text", utf16Len(*m.Text), 1, maxTextUnits)
		}
	case "sticker":
		if m.PackageID == "" {
			p.add(prop+".packageId", "must be specified")
		}
		if m.StickerID == "" {
			p.add(prop+".stickerId", "must be specified")
		}
	case "image", "video":
		checkMediaURL(p, prop+".originalContentUrl", m.OriginalContentURL)
		checkMediaURL(p, prop+".previewImageUrl", m.PreviewImageURL)
	case "audio":
		checkMediaURL(p, prop+".originalContentUrl", m.OriginalContentURL)
	case "location":
		checkRequiredLen(p, prop+".title", m.Title, 100)
		checkRequiredLen(p, prop+".address", m.Address, 100)
		if m.Latitude == nil {
			p.add(prop+".latitude", "must be specified")
		}
		if m.Longitude == nil {
			p.add(prop+".longitude", "must be specified")
		}
	case "imagemap":
		checkMediaURL(p, prop+".baseUrl", m.BaseURL)
		checkAltText(p, prop, m.AltText)
	case "template":
		checkAltText(p, prop, m.AltText)
		validateTemplate(p, prop+".template", m.Template)
	case "flex":
		checkAltText(p, prop, m.AltText)
		validateFlex(p, prop+".contents", m.Contents)
	case "":
		p.add(prop+".type", "must be specified")
	default:
		p.add(prop+".type", "Must be one of the following values: [text, textV2, sticker, image, video, audio, location, imagemap, template, flex]")
	}
	return m.Type
}

func checkAltText(p *problems, prop string, alt *string) {
	if alt == nil || *alt == "" {
		p.add(prop+".altText", "must be specified")
		return
	}
	p.length(prop+".altText", utf16Len(*alt), 1, maxAltText)
}

func checkRequiredLen(p *problems, prop string, s *string, max int) {
	if s == nil || *s == "" {
		p.add(prop, "must be specified")
		return
	}
	p.length(prop, utf16Len(*s), 1, max)
}

func checkMediaURL(p *problems, prop string, u *string) {
	if u == nil || *u == "" {
		p.add(prop, "must be specified")
		return
	}
	if !strings.HasPrefix(*u, "https://") {
		p.add(prop, "must be a HTTPS URL")
	}
	p.length(prop, len(*u), 1, maxImageURL)
}

func validateQuickReply(p *problems, prop string, q *quickReplyIn) {
	if len(q.Items) < 1 || len(q.Items) > maxQuickReplyItems {
		p.add(prop+".items", "Size must be between 1 and %d", maxQuickReplyItems)
	}
	for i, it := range q.Items {
		ip := prop + ".items[" + strconv.Itoa(i) + "]"
		// LINE defaults a missing type to "action" (the SDK omits it unless
		// set, and LINE's own kitchensink sends items without it).
		if it.Type != "" && it.Type != "action" {
			p.add(ip+".type", "Must be one of the following values: [action]")
		}
		if it.ImageURL != nil {
			checkMediaURL(p, ip+".imageUrl", it.ImageURL)
		}
		if it.Action == nil {
			p.add(ip+".action", "must be specified")
			continue
		}
		validateAction(p, ip+".action", it.Action, actionContext{labelMax: maxQuickReplyLabel, labelRequired: true, quickReply: true})
	}
}
