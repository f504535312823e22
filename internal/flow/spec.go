package flow

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// The types in this file mirror flows/*.yaml as written by coordinators.
// Load turns them into the compiled Program (program.go). The language is
// documented in doc.go.

// fileSpec is one YAML file. Every section may appear in any file, but each
// flow, card, notice, text, entry and command is defined once.
type fileSpec struct {
	Settings *settingsSpec        `yaml:"settings"`
	Flows    map[string]flowSpec  `yaml:"flows"`
	Commands []commandSpec        `yaml:"commands"`
	Entries  map[string]entrySpec `yaml:"entries"`
	Cards    map[string]cardSpec  `yaml:"cards"`
	Notices  map[string][]msgSpec `yaml:"notices"`
	Texts    map[string]string    `yaml:"texts"`
	Status   map[string]string    `yaml:"status"`
	Weekdays []string             `yaml:"weekdays"`
	Topics   map[string]topicSpec `yaml:"topics"`
}

// settingsSpec names the entry points the engine needs.
type settingsSpec struct {
	// Follow runs when a resident adds the account (greeting, privacy).
	Follow string `yaml:"follow"`
	// Home is the ask step a resident is at when no conversation is going
	// on: a first message is an answer to it.
	Home string `yaml:"home"`
	// Crisis runs at once when triage finds a crisis in any text.
	Crisis string `yaml:"crisis"`
	// FollowupStep runs when the resident answers the follow-up question.
	FollowupStep string `yaml:"followup"`
	// Idle is how long a conversation may rest before it restarts ("30m").
	Idle string `yaml:"idle"`
	// Sure, Close and Unsure are the triage thresholds (see triage steps).
	Sure   float64 `yaml:"sure"`
	Close  float64 `yaml:"close"`
	Unsure float64 `yaml:"unsure"`
	// Summary is the template of the summary sent to staff with a case.
	Summary string `yaml:"summary"`
	// FollowupValues are the answers a follow-up button may carry.
	FollowupValues []string `yaml:"followup_values"`
}

// flowSpec is one flow: an ordered list of steps.
type flowSpec struct {
	Steps []stepSpec `yaml:"steps"`
}

// stepSpec is one step. A step may reset and set variables and say
// messages, then does one thing: ask, triage, branch, handoff, effect,
// goto, return, end — or goes on to next (by default the following step).
type stepSpec struct {
	ID      string            `yaml:"id"`
	Reset   bool              `yaml:"reset"`
	Set     map[string]string `yaml:"set"`
	Say     []msgSpec         `yaml:"say"`
	Ask     *askSpec          `yaml:"ask"`
	Triage  *triageSpec       `yaml:"triage"`
	Branch  []caseSpec        `yaml:"branch"`
	Else    string            `yaml:"else"`
	Handoff *handoffSpec      `yaml:"handoff"`
	Effect  string            `yaml:"effect"`
	Goto    string            `yaml:"goto"`
	Return  bool              `yaml:"return"`
	End     bool              `yaml:"end"`
	Next    string            `yaml:"next"`
}

// askSpec is a question with quick-reply options.
type askSpec struct {
	Text    string       `yaml:"text"`
	Options []optionSpec `yaml:"options"`
	// Free is where typed text goes (stored in var "in"); without it, text
	// that matches no option gets the "use-buttons" notice.
	Free string `yaml:"free"`
	// Expect "phone": typed text must be a Japanese phone number (stored in
	// var "ph") to go to Free; otherwise it goes to Invalid.
	Expect  string `yaml:"expect"`
	Invalid string `yaml:"invalid"`
}

// optionSpec is one quick-reply button of an ask.
type optionSpec struct {
	Key   string            `yaml:"key"`
	Label string            `yaml:"label"`
	Words []string          `yaml:"words"`
	Set   map[string]string `yaml:"set"`
	Next  string            `yaml:"next"`
	If    *condSpec         `yaml:"if"`
}

// triageSpec runs triage on a variable (default "in").
type triageSpec struct {
	Var string `yaml:"var"`
}

// handoffSpec opens a case with consent (EffectHandoff).
type handoffSpec struct{}

// caseSpec is one arm of a branch.
type caseSpec struct {
	If   condSpec `yaml:"if"`
	Next string   `yaml:"next"`
}

// condSpec is a condition. Exactly one form is used:
// var+eq/ne/in/set/ge, open, has, pair, case_open, all, any, not.
type condSpec struct {
	Var      string     `yaml:"var"`
	Eq       *string    `yaml:"eq"`
	Ne       *string    `yaml:"ne"`
	In       []string   `yaml:"in"`
	IsSet    *bool      `yaml:"set"`
	Ge       *int       `yaml:"ge"`
	Open     string     `yaml:"open"`
	Has      string     `yaml:"has"`
	Pair     []string   `yaml:"pair"`
	CaseOpen *bool      `yaml:"case_open"`
	All      []condSpec `yaml:"all"`
	Any      []condSpec `yaml:"any"`
	Not      *condSpec  `yaml:"not"`
}

// msgSpec is one message: a text or a named card, optionally repeated for
// each item of a source, optionally only if a condition holds.
type msgSpec struct {
	Text string    `yaml:"text"`
	Card string    `yaml:"card"`
	Each string    `yaml:"each"`
	Max  int       `yaml:"max"`
	If   *condSpec `yaml:"if"`
}

// cardSpec is a card template (a Flex bubble).
type cardSpec struct {
	Alt      string       `yaml:"alt"`
	Title    string       `yaml:"title"`
	Subtitle string       `yaml:"subtitle"`
	Lines    []lineSpec   `yaml:"lines"`
	Buttons  []buttonSpec `yaml:"buttons"`
	Tone     string       `yaml:"tone"`
}

// lineSpec is a card line: a template, or a mapping with text, each, max, if.
type lineSpec struct {
	Text string
	Each string
	Max  int
	If   *condSpec
}

// UnmarshalYAML accepts a plain string or a mapping.
func (l *lineSpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&l.Text)
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a card line is a string or a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		var err error
		switch k {
		case "text":
			err = v.Decode(&l.Text)
		case "each":
			err = v.Decode(&l.Each)
		case "max":
			err = v.Decode(&l.Max)
		case "if":
			l.If = new(condSpec)
			err = v.Decode(l.If)
		default:
			return fmt.Errorf("line %d: field %s not found in card line", n.Content[i].Line, k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// buttonSpec is a card button. One of call, uri, entry, command, followup.
type buttonSpec struct {
	Label    string    `yaml:"label"`
	Call     string    `yaml:"call"`
	URI      string    `yaml:"uri"`
	Entry    string    `yaml:"entry"`
	Arg      string    `yaml:"arg"`
	Command  string    `yaml:"command"`
	Followup string    `yaml:"followup"`
	Each     string    `yaml:"each"`
	Max      int       `yaml:"max"`
	If       *condSpec `yaml:"if"`
}

// commandSpec is a global command, typed or tapped at any point.
type commandSpec struct {
	ID    string   `yaml:"id"`
	Words []string `yaml:"words"`
	Goto  string   `yaml:"goto"`
	// CaseOpen is where the command goes while a case is open with staff;
	// empty means the command does nothing then.
	CaseOpen string `yaml:"case_open"`
}

// entrySpec is a named way into the flows from a card button (buttons stay
// in the chat history, so their data must make sense at any time).
type entrySpec struct {
	// Arg is the kind of argument: "", "channel", "place" or "crisis".
	Arg  string `yaml:"arg"`
	Goto string `yaml:"goto"`
}

// topicSpec is what the conversation says about a channel.
type topicSpec struct {
	Label string `yaml:"label"`
	About string `yaml:"about"`
}
