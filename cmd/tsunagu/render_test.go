package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// renderDelivery writes what a resident sees of one delivery, for golden
// transcripts: texts, cards (title, lines, buttons with their action) and
// quick replies.
func renderDelivery(d linesim.Delivery) string {
	var b strings.Builder
	for _, raw := range d.Messages {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			fmt.Fprintf(&b, "< (undecodable message)\n")
			continue
		}
		switch m["type"] {
		case "text":
			for _, l := range strings.Split(fmt.Sprint(m["text"]), "\n") {
				fmt.Fprintf(&b, "< %s\n", l)
			}
		case "flex":
			renderFlex(&b, m["contents"])
		default:
			fmt.Fprintf(&b, "< [%v]\n", m["type"])
		}
		if qr, ok := m["quickReply"].(map[string]any); ok {
			var labels []string
			for _, it := range qr["items"].([]any) {
				a := it.(map[string]any)["action"].(map[string]any)
				labels = append(labels, fmt.Sprint(a["label"]))
			}
			fmt.Fprintf(&b, "< (%s)\n", strings.Join(labels, " | "))
		}
	}
	return b.String()
}

func renderFlex(b *strings.Builder, contents any) {
	bubble, _ := contents.(map[string]any)
	var texts []string
	var buttons []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			switch x["type"] {
			case "text":
				texts = append(texts, fmt.Sprint(x["text"]))
				return
			case "button":
				a := x["action"].(map[string]any)
				target := a["data"]
				if a["type"] == "uri" {
					target = a["uri"]
				}
				buttons = append(buttons, fmt.Sprintf("[%v] %v", a["label"], target))
				return
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return order(keys[i]) < order(keys[j]) })
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(bubble)
	if len(texts) == 0 {
		b.WriteString("< [card]\n")
		return
	}
	fmt.Fprintf(b, "< [card] %s\n", texts[0])
	for _, t := range texts[1:] {
		for _, l := range strings.Split(t, "\n") {
			fmt.Fprintf(b, "<   | %s\n", l)
		}
	}
	for _, bt := range buttons {
		fmt.Fprintf(b, "<   %s\n", bt)
	}
}

// order lays a bubble out top to bottom.
func order(k string) int {
	switch k {
	case "header":
		return 0
	case "hero":
		return 1
	case "body":
		return 2
	case "footer":
		return 3
	case "contents":
		return 4
	}
	return 5
}
