package line

import (
	"fmt"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Card colours.
const (
	colorEmergency = "#C62828"
	colorPrimary   = "#06C755"
)

// render turns the bot's messages into Messaging API messages. Only the
// last message's quick replies are shown by LINE, so only those are sent.
func render(msgs []consult.OutMessage) ([]messaging_api.MessageInterface, error) {
	out := make([]messaging_api.MessageInterface, 0, len(msgs))
	for i, m := range msgs {
		var qr *messaging_api.QuickReply
		if i == len(msgs)-1 && len(m.QuickReplies) > 0 {
			qr = &messaging_api.QuickReply{}
			for _, a := range m.QuickReplies {
				qr.Items = append(qr.Items, messaging_api.QuickReplyItem{Action: action(a)})
			}
		}
		switch {
		case m.Card != nil:
			alt := m.AltText
			if alt == "" {
				alt = m.Card.Title
			}
			out = append(out, &messaging_api.FlexMessage{AltText: alt, Contents: bubble(*m.Card), QuickReply: qr})
		case m.Text != "":
			out = append(out, &messaging_api.TextMessage{Text: m.Text, QuickReply: qr})
		default:
			return nil, fmt.Errorf("message %d has neither text nor card: %w", i, consult.ErrInvalid)
		}
	}
	return out, nil
}

func action(a consult.Action) messaging_api.ActionInterface {
	switch a.Kind {
	case consult.ActionURI:
		return &messaging_api.UriAction{Label: a.Label, Uri: a.URI}
	case consult.ActionMessage:
		text := a.Text
		if text == "" {
			text = a.Label
		}
		return &messaging_api.MessageAction{Label: a.Label, Text: text}
	default:
		return &messaging_api.PostbackAction{Label: a.Label, Data: a.Data, DisplayText: a.DisplayText}
	}
}

// bubble lays a card out as a Flex bubble: a coloured header with the
// title, the lines in the body, one button per row in the footer.
func bubble(c consult.Card) *messaging_api.FlexBubble {
	headerBG, titleColor, btnColor := "#F5F5F5", "#111111", colorPrimary
	if c.Tone == consult.ToneEmergency {
		headerBG, titleColor, btnColor = colorEmergency, "#FFFFFF", colorEmergency
	}
	header := []messaging_api.FlexComponentInterface{
		&messaging_api.FlexText{Text: c.Title, Weight: messaging_api.FlexTextWEIGHT_BOLD, Size: "lg", Color: titleColor, Wrap: true},
	}
	if c.Subtitle != "" {
		header = append(header, &messaging_api.FlexText{Text: c.Subtitle, Size: "sm", Color: titleColor, Wrap: true})
	}
	b := &messaging_api.FlexBubble{
		Header: &messaging_api.FlexBox{Layout: messaging_api.FlexBoxLAYOUT_VERTICAL, Contents: header, BackgroundColor: headerBG, Spacing: "sm"},
	}
	if len(c.Lines) > 0 {
		body := make([]messaging_api.FlexComponentInterface, 0, len(c.Lines))
		for _, l := range c.Lines {
			body = append(body, &messaging_api.FlexText{Text: l, Size: "md", Wrap: true, Color: "#222222"})
		}
		b.Body = &messaging_api.FlexBox{Layout: messaging_api.FlexBoxLAYOUT_VERTICAL, Contents: body, Spacing: "md"}
	}
	if len(c.Buttons) > 0 {
		foot := make([]messaging_api.FlexComponentInterface, 0, len(c.Buttons))
		for i, a := range c.Buttons {
			style, color := messaging_api.FlexButtonSTYLE_LINK, ""
			if i == 0 {
				style, color = messaging_api.FlexButtonSTYLE_PRIMARY, btnColor
			} else if c.Tone == consult.ToneEmergency {
				style, color = messaging_api.FlexButtonSTYLE_SECONDARY, ""
			}
			foot = append(foot, &messaging_api.FlexButton{Action: action(a), Style: style, Color: color, Height: messaging_api.FlexButtonHEIGHT_SM})
		}
		b.Footer = &messaging_api.FlexBox{Layout: messaging_api.FlexBoxLAYOUT_VERTICAL, Contents: foot, Spacing: "sm"}
	}
	return b
}
