package linesim

import (
	"encoding/json"
	"fmt"
)

// flexNode holds the validated fields of any Flex component.
type flexNode struct {
	Type     string     `json:"type"`
	Layout   string     `json:"layout"`
	Contents []flexNode `json:"contents"`
	Text     *string    `json:"text"`
	Action   *actionIn  `json:"action"`
	Style    string     `json:"style"`
	Height   string     `json:"height"`
	URL      *string    `json:"url"`
}

type bubbleIn struct {
	Type   string    `json:"type"`
	Header *flexNode `json:"header"`
	Hero   *flexNode `json:"hero"`
	Body   *flexNode `json:"body"`
	Footer *flexNode `json:"footer"`
	Action *actionIn `json:"action"`
}

var flexActionCtx = actionContext{labelMax: maxFlexLabel}

// validateFlex checks a flex message's "contents": a bubble or a carousel.
func validateFlex(p *problems, prop string, raw json.RawMessage) {
	if len(raw) == 0 || string(raw) == "null" {
		p.add(prop, "must be specified")
		return
	}
	var head struct {
		Type     string            `json:"type"`
		Contents []json.RawMessage `json:"contents"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		p.add(prop, "Invalid flex container")
		return
	}
	switch head.Type {
	case "bubble":
		validateBubble(p, prop, raw)
	case "carousel":
		if len(raw) > maxCarouselBytes {
			p.add(prop, "Size of a carousel must be at most %d bytes", maxCarouselBytes)
		}
		if len(head.Contents) < 1 || len(head.Contents) > maxCarouselBubbles {
			p.add(prop+".contents", "Size must be between 1 and %d", maxCarouselBubbles)
		}
		for i, b := range head.Contents {
			validateBubble(p, fmt.Sprintf("%s.contents[%d]", prop, i), b)
		}
	default:
		p.add(prop+".type", "Must be one of the following values: [bubble, carousel]")
	}
}

func validateBubble(p *problems, prop string, raw json.RawMessage) {
	if len(raw) > maxBubbleBytes {
		p.add(prop, "Size of a bubble must be at most %d bytes", maxBubbleBytes)
	}
	var b bubbleIn
	if err := json.Unmarshal(raw, &b); err != nil {
		p.add(prop, "Invalid bubble")
		return
	}
	if b.Type != "bubble" {
		p.add(prop+".type", "Must be one of the following values: [bubble]")
	}
	for _, blk := range [...]struct {
		name string
		n    *flexNode
	}{{"header", b.Header}, {"hero", b.Hero}, {"body", b.Body}, {"footer", b.Footer}} {
		if blk.n == nil {
			continue
		}
		bp := prop + "." + blk.name
		if blk.name != "hero" && blk.n.Type != "box" {
			p.add(bp+".type", "Must be one of the following values: [box]")
			continue
		}
		validateComponent(p, bp, blk.n, "")
	}
	if b.Action != nil {
		validateAction(p, prop+".action", b.Action, flexActionCtx)
	}
}

// validateComponent checks one component; parentLayout is the layout of
// the enclosing box ("" at block level).
func validateComponent(p *problems, prop string, n *flexNode, parentLayout string) {
	if parentLayout == "baseline" {
		switch n.Type {
		case "icon", "text", "filler", "span":
		default:
			p.add(prop+".type", "Must be one of the following values: [icon, text, filler]")
			return
		}
	}
	switch n.Type {
	case "box":
		switch n.Layout {
		case "horizontal", "vertical", "baseline":
		case "":
			p.add(prop+".layout", "must be specified")
		default:
			p.add(prop+".layout", "Must be one of the following values: [horizontal, vertical, baseline]")
		}
		for i := range n.Contents {
			validateComponent(p, fmt.Sprintf("%s.contents[%d]", prop, i), &n.Contents[i], n.Layout)
		}
	case "text":
		if (n.Text == nil || *n.Text == "") && len(n.Contents) == 0 {
			p.add(prop+".text", "must be specified")
		}
		for i := range n.Contents {
			c := &n.Contents[i]
			if c.Type != "span" {
				p.add(fmt.Sprintf("%s.contents[%d].type", prop, i), "Must be one of the following values: [span]")
			} else if c.Text == nil {
				p.add(fmt.Sprintf("%s.contents[%d].text", prop, i), "must be specified")
			}
		}
	case "span":
		if n.Text == nil {
			p.add(prop+".text", "must be specified")
		}
	case "button":
		if n.Action == nil {
			p.add(prop+".action", "must be specified")
		} else {
			ctx := flexActionCtx
			ctx.labelRequired = true
			validateAction(p, prop+".action", n.Action, ctx)
			n.Action = nil // validated here, not again below
		}
		switch n.Style {
		case "", "primary", "secondary", "link":
		default:
			p.add(prop+".style", "Must be one of the following values: [primary, secondary, link]")
		}
		switch n.Height {
		case "", "sm", "md":
		default:
			p.add(prop+".height", "Must be one of the following values: [sm, md]")
		}
	case "image", "icon":
		checkMediaURL(p, prop+".url", n.URL)
	case "video":
		checkMediaURL(p, prop+".url", n.URL)
	case "separator", "filler", "spacer":
	case "":
		p.add(prop+".type", "must be specified")
	default:
		p.add(prop+".type", "Must be one of the following values: [box, button, image, video, icon, text, span, separator, filler]")
	}
	if n.Action != nil {
		validateAction(p, prop+".action", n.Action, flexActionCtx)
	}
}
