package linesim

import (
	"encoding/json"
	"fmt"
)

type templateIn struct {
	Type              string     `json:"type"`
	Text              *string    `json:"text"`
	Title             *string    `json:"title"`
	ThumbnailImageURL *string    `json:"thumbnailImageUrl"`
	Actions           []actionIn `json:"actions"`
	DefaultAction     *actionIn  `json:"defaultAction"`
	Columns           []struct {
		Text              *string    `json:"text"`
		Title             *string    `json:"title"`
		ThumbnailImageURL *string    `json:"thumbnailImageUrl"`
		ImageURL          *string    `json:"imageUrl"`
		Actions           []actionIn `json:"actions"`
		Action            *actionIn  `json:"action"`
		DefaultAction     *actionIn  `json:"defaultAction"`
	} `json:"columns"`
}

var templateActionCtx = actionContext{labelMax: maxTemplateLabel, labelRequired: true}

// validateTemplate checks a template message's "template" object.
func validateTemplate(p *problems, prop string, raw json.RawMessage) {
	var t templateIn
	if len(raw) == 0 || json.Unmarshal(raw, &t) != nil {
		p.add(prop, "must be specified")
		return
	}
	switch t.Type {
	case "buttons":
		hasExtra := t.Title != nil || t.ThumbnailImageURL != nil
		checkTemplateText(p, prop+".text", t.Text, hasExtra, 160)
		if t.Title != nil {
			p.length(prop+".title", utf16Len(*t.Title), 0, 40)
		}
		checkTemplateActions(p, prop+".actions", t.Actions, 1, 4, templateActionCtx)
		if t.DefaultAction != nil {
			validateAction(p, prop+".defaultAction", t.DefaultAction, actionContext{labelMax: maxTemplateLabel})
		}
	case "confirm":
		checkTemplateText(p, prop+".text", t.Text, false, 240)
		checkTemplateActions(p, prop+".actions", t.Actions, 2, 2, templateActionCtx)
	case "carousel":
		if len(t.Columns) < 1 || len(t.Columns) > 10 {
			p.add(prop+".columns", "Size must be between 1 and 10")
		}
		for i, c := range t.Columns {
			cp := fmt.Sprintf("%s.columns[%d]", prop, i)
			checkTemplateText(p, cp+".text", c.Text, c.Title != nil || c.ThumbnailImageURL != nil, 120)
			if c.Title != nil {
				p.length(cp+".title", utf16Len(*c.Title), 0, 40)
			}
			checkTemplateActions(p, cp+".actions", c.Actions, 1, 3, templateActionCtx)
			if i > 0 && len(c.Actions) != len(t.Columns[0].Actions) {
				p.add(cp+".actions", "must have the same number of actions in every column")
			}
		}
	case "image_carousel":
		if len(t.Columns) < 1 || len(t.Columns) > 10 {
			p.add(prop+".columns", "Size must be between 1 and 10")
		}
		for i, c := range t.Columns {
			cp := fmt.Sprintf("%s.columns[%d]", prop, i)
			checkMediaURL(p, cp+".imageUrl", c.ImageURL)
			if c.Action == nil {
				p.add(cp+".action", "must be specified")
			} else {
				validateAction(p, cp+".action", c.Action, actionContext{labelMax: 12})
			}
		}
	default:
		p.add(prop+".type", "Must be one of the following values: [buttons, confirm, carousel, image_carousel]")
	}
}

func checkTemplateText(p *problems, prop string, s *string, short bool, max int) {
	if short {
		max = 60
	}
	if s == nil || *s == "" {
		p.add(prop, "must be specified")
		return
	}
	p.length(prop, utf16Len(*s), 1, max)
}

func checkTemplateActions(p *problems, prop string, acts []actionIn, lo, hi int, ctx actionContext) {
	if len(acts) < lo || len(acts) > hi {
		p.add(prop, "Size must be between %d and %d", lo, hi)
	}
	for i := range acts {
		validateAction(p, fmt.Sprintf("%s[%d]", prop, i), &acts[i], ctx)
	}
}
