package consult

import "time"

// ActionKind is what a button does.
type ActionKind string

// Button kinds, mapped to LINE actions by the line adapter.
const (
	ActionPostback ActionKind = "postback" // sends Data back as a postback event
	ActionMessage  ActionKind = "message"  // sends Text as if the resident typed it
	ActionURI      ActionKind = "uri"      // opens URI (tel: or https: only)
)

// Action is a button on a card or a quick reply.
type Action struct {
	Kind  ActionKind `json:"kind"`
	Label string     `json:"label"`
	// Data is the postback data (≤ 300 characters).
	Data string `json:"data,omitempty"`
	// DisplayText is shown in the chat as the resident's message for a postback.
	DisplayText string `json:"display_text,omitempty"`
	// Text is sent as the resident's message for a message action.
	Text string `json:"text,omitempty"`
	// URI is tel:… or https://… for a URI action.
	URI string `json:"uri,omitempty"`
}

// CardTone colours a card.
type CardTone string

// Card tones.
const (
	ToneNormal    CardTone = ""
	ToneEmergency CardTone = "emergency"
)

// Card is a small information card (a LINE Flex bubble): a title, a few
// lines and up to four buttons.
type Card struct {
	Title    string   `json:"title"`
	Subtitle string   `json:"subtitle,omitempty"`
	Lines    []string `json:"lines,omitempty"`
	Buttons  []Action `json:"buttons,omitempty"`
	Tone     CardTone `json:"tone,omitempty"`
}

// OutMessage is one message the bot sends to a resident: either Text or a
// Card (with AltText for notifications and old clients). QuickReplies are
// shown only on the last message of a turn.
type OutMessage struct {
	Text         string   `json:"text,omitempty"`
	Card         *Card    `json:"card,omitempty"`
	AltText      string   `json:"alt_text,omitempty"`
	QuickReplies []Action `json:"quick_replies,omitempty"`
}

// Direction says who wrote a transcript message.
type Direction string

// Transcript directions.
const (
	FromResident Direction = "resident"
	FromBot      Direction = "bot"
	FromStaff    Direction = "staff"
	// FromNote is a staff note on a case: shown in the console, never sent.
	FromNote Direction = "note"
)

// Message is one line of a transcript. Text is sensitive personal
// information: it is stored, shown in the console and never logged.
type Message struct {
	ID        int64
	Resident  string
	CaseID    int64
	Direction Direction
	// Text is what was written, or for the bot a plain rendering of the
	// message (card title and lines, button labels).
	Text string
	// Out holds the structured bot message, nil for resident and staff lines.
	Out *OutMessage
	// Author names the staff member for FromStaff lines.
	Author string
	// EventID is the webhookEventId that caused the line, when there is one.
	EventID string
	At      time.Time
}
