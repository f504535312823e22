package linesim

import (
	"regexp"
	"strings"
)

// actionIn holds the validated fields of an action object.
type actionIn struct {
	Type          string  `json:"type"`
	Label         *string `json:"label"`
	Data          *string `json:"data"`
	DisplayText   *string `json:"displayText"`
	Text          *string `json:"text"`
	URI           *string `json:"uri"`
	Mode          string  `json:"mode"`
	Initial       string  `json:"initial"`
	Max           string  `json:"max"`
	Min           string  `json:"min"`
	InputOption   string  `json:"inputOption"`
	FillInText    *string `json:"fillInText"`
	ClipboardText *string `json:"clipboardText"`
	AltURI        *struct {
		Desktop string `json:"desktop"`
	} `json:"altUri"`
	RichMenuAliasID string `json:"richMenuAliasId"`
}

// actionContext says where an action sits: label limits differ.
type actionContext struct {
	labelMax      int
	labelRequired bool
	quickReply    bool // camera, cameraRoll and location are allowed
}

var (
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeRe     = regexp.MustCompile(`^\d{2}:\d{2}$`)
	datetimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$`)
)

func validateAction(p *problems, prop string, a *actionIn, ctx actionContext) {
	if a.Label != nil {
		if n := graphemeLen(*a.Label); n > ctx.labelMax {
			p.add(prop+".label", "Length must be between 0 and %d", ctx.labelMax)
		}
	}
	labelNeeded := ctx.labelRequired && (a.Label == nil || *a.Label == "")
	switch a.Type {
	case "postback":
		checkPostbackData(p, prop+".data", a.Data)
		if a.DisplayText != nil {
			p.length(prop+".displayText", utf16Len(*a.DisplayText), 0, maxDisplayText)
			if a.Text != nil {
				p.add(prop+".text", "cannot be specified with displayText")
			}
		}
		if a.FillInText != nil {
			p.length(prop+".fillInText", utf16Len(*a.FillInText), 0, 300)
		}
		switch a.InputOption {
		case "", "closeRichMenu", "openRichMenu", "openKeyboard", "openVoice":
		default:
			p.add(prop+".inputOption", "Must be one of the following values: [closeRichMenu, openRichMenu, openKeyboard, openVoice]")
		}
	case "message":
		if a.Text == nil || *a.Text == "" {
			p.add(prop+".text", "must be specified")
		} else {
			p.length(prop+".text", utf16Len(*a.Text), 1, maxMessageActionTxt)
		}
	case "uri":
		if a.URI == nil || *a.URI == "" {
			p.add(prop+".uri", "must be specified")
		} else {
			checkActionURI(p, prop+".uri", *a.URI)
		}
		if a.AltURI != nil && a.AltURI.Desktop != "" {
			checkActionURI(p, prop+".altUri.desktop", a.AltURI.Desktop)
		}
	case "datetimepicker":
		checkPostbackData(p, prop+".data", a.Data)
		var re *regexp.Regexp
		switch a.Mode {
		case "date":
			re = dateRe
		case "time":
			re = timeRe
		case "datetime":
			re = datetimeRe
		default:
			p.add(prop+".mode", "Must be one of the following values: [date, time, datetime]")
		}
		if re != nil {
			for _, f := range [...]struct{ name, v string }{{"initial", a.Initial}, {"max", a.Max}, {"min", a.Min}} {
				if f.v != "" && !re.MatchString(f.v) {
					p.add(prop+"."+f.name, "invalid format for mode %s", a.Mode)
				}
			}
		}
	case "camera", "cameraRoll", "location":
		if !ctx.quickReply {
			p.add(prop+".type", "%s action is only available in quick reply", a.Type)
		}
	case "clipboard":
		if a.ClipboardText == nil || *a.ClipboardText == "" {
			p.add(prop+".clipboardText", "must be specified")
		} else {
			p.length(prop+".clipboardText", utf16Len(*a.ClipboardText), 1, 1000)
		}
	case "richmenuswitch":
		if a.RichMenuAliasID == "" {
			p.add(prop+".richMenuAliasId", "must be specified")
		}
		checkPostbackData(p, prop+".data", a.Data)
	case "":
		p.add(prop+".type", "must be specified")
		return
	default:
		p.add(prop+".type", "Must be one of the following values: [postback, message, uri, datetimepicker, camera, cameraRoll, location, richmenuswitch, clipboard]")
		return
	}
	if labelNeeded {
		p.add(prop+".label", "must be specified")
	}
}

func checkPostbackData(p *problems, prop string, data *string) {
	if data == nil || *data == "" {
		p.add(prop, "must be specified")
		return
	}
	p.length(prop, utf16Len(*data), 1, maxPostbackData)
}

// checkActionURI applies LINE's URI action rules: http, https, line or tel,
// at most 1000 characters.
func checkActionURI(p *problems, prop, u string) {
	if len(u) > maxURILen {
		p.add(prop, "Length must be between 1 and %d", maxURILen)
	}
	scheme, _, ok := strings.Cut(u, ":")
	if !ok {
		p.add(prop, "invalid uri")
		return
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "line", "tel":
	default:
		p.add(prop, "invalid uri scheme: %s", scheme)
	}
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] >= 0x7f {
			p.add(prop, "must be percent-encoded")
			return
		}
	}
}
