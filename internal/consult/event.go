package consult

import "time"

// EventType is the LINE webhook event type tsunagu acts on.
type EventType string

// Event types. Anything else is stored as EventOther and ignored.
const (
	EventMessage  EventType = "message"
	EventFollow   EventType = "follow"
	EventUnfollow EventType = "unfollow"
	EventPostback EventType = "postback"
	EventJoin     EventType = "join"
	EventOther    EventType = "other"
)

// SourceKind is where a LINE event came from.
type SourceKind string

// Source kinds.
const (
	SourceUser  SourceKind = "user"
	SourceGroup SourceKind = "group"
	SourceRoom  SourceKind = "room"
)

// InboundEvent is one LINE webhook event made durable before tsunagu answers
// 200. It is processed exactly once, in Timestamp order per resident.
type InboundEvent struct {
	// ID is LINE's webhookEventId (a ULID), unique.
	ID string
	// Resident is the LINE user ID for one-to-one chats, or the group or
	// room ID for group chats.
	Resident   string
	Source     SourceKind
	Type       EventType
	Standby    bool // mode "standby": another channel handles the chat; send nothing
	Timestamp  time.Time
	ReplyToken string
	Redelivery bool
	// MessageType is "text", "sticker", "image" … for message events.
	MessageType string
	// Text is the message text (sensitive: never log).
	Text string
	// PostbackData is the data of a postback event.
	PostbackData string
	// Unblocked is follow.isUnblocked.
	Unblocked  bool
	ReceivedAt time.Time
}

// InputKind is what a resident did, as seen by the conversation.
type InputKind string

// Input kinds.
const (
	InputFollow   InputKind = "follow"   // added the account as a friend
	InputText     InputKind = "text"     // typed a message
	InputPostback InputKind = "postback" // tapped a button
	InputOther    InputKind = "other"    // sticker, image, location …
)

// Input is one resident action given to the conversation.
type Input struct {
	Kind InputKind
	Text string
	Data string
	// Now is the time of the event (used for "open now" and idle timeouts).
	Now time.Time
	// Unblocked is true for a follow after a block.
	Unblocked bool
	// CaseOpen is true while a case is open with staff in charge: the
	// conversation then stays quiet except for global commands.
	CaseOpen bool
}
