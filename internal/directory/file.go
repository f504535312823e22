package directory

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/n-csw/tsunagu/internal/consult"
)

// FileName is the directory's file inside the flows file system.
const FileName = "channels.yaml"

// fileYAML is channels.yaml. See the comment at its top for the format.
type fileYAML struct {
	Version int `yaml:"version"`
	// Council is the id of the place that is the council's main contact.
	Council string `yaml:"council"`
	// UnconfirmedNote is the note of places without a confirmed phone; it
	// must give the council's number.
	UnconfirmedNote string              `yaml:"unconfirmed_note"`
	Labels          labelsYAML          `yaml:"labels"`
	Places          []placeYAML         `yaml:"places"`
	Hotlines        []hotlineYAML       `yaml:"hotlines"`
	Crises          map[string][]string `yaml:"crises"`
	AfterHours      map[string][]string `yaml:"after_hours"`
}

type placeYAML struct {
	ID           string    `yaml:"id"`
	Channel      string    `yaml:"channel"`
	Name         string    `yaml:"name"`
	Reading      string    `yaml:"reading"`
	Helps        string    `yaml:"helps"`
	Phone        string    `yaml:"phone"`
	Address      string    `yaml:"address"`
	AddressNote  string    `yaml:"address_note"`
	Hours        hoursYAML `yaml:"hours"`
	Source       string    `yaml:"source"`
	Checked      string    `yaml:"checked"`
	SlackChannel string    `yaml:"slack_channel"`
	Note         string    `yaml:"note"`
	Check        string    `yaml:"check"`
}

type hotlineYAML struct {
	ID      string    `yaml:"id"`
	Name    string    `yaml:"name"`
	Number  string    `yaml:"number"`
	Hours   hoursYAML `yaml:"hours"`
	Note    string    `yaml:"note"`
	Source  string    `yaml:"source"`
	Checked string    `yaml:"checked"`
	Check   string    `yaml:"check"`
}

// ValidationError lists every problem found in channels.yaml, each naming
// the line, the entry and the field. It wraps consult.ErrInvalid.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %d problem(s):\n  %s", FileName, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Unwrap makes errors.Is(err, consult.ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return consult.ErrInvalid }

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	slackPattern = regexp.MustCompile(`^([CG][A-Z0-9]{8,}|#[a-z0-9][a-z0-9_-]{0,79})$`)
)

// decode reads the YAML strictly (unknown fields are errors) and finds the
// line of each place and hotline for messages.
func decode(data []byte) (fileYAML, map[string][]int, error) {
	var f fileYAML
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return f, nil, fmt.Errorf("%s: %w", FileName, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return f, nil, fmt.Errorf("%s: %w", FileName, err)
	}
	lines := map[string][]int{}
	if len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0].Content
		for i := 0; i+1 < len(m); i += 2 {
			for _, item := range m[i+1].Content {
				lines[m[i].Value] = append(lines[m[i].Value], item.Line)
			}
		}
	}
	return f, lines, nil
}

// checker collects problems.
type checker struct{ problems []string }

func (c *checker) add(where, field, msg string) {
	if field != "" {
		where += ": " + field
	}
	c.problems = append(c.problems, where+": "+msg)
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.problems}
}

// entryWhere names an entry: "channels.yaml:42: place \"nodoka\"".
func entryWhere(lines map[string][]int, list string, i int, kind, id string) string {
	where := FileName
	if i < len(lines[list]) {
		where = fmt.Sprintf("%s:%d", FileName, lines[list][i])
	}
	if id == "" {
		return fmt.Sprintf("%s: %s[%d]", where, list, i)
	}
	return fmt.Sprintf("%s: %s %q", where, kind, id)
}

// parseChecked reads YYYY-MM-DD, YYYY-MM or YYYY (the first day of the
// period, so that staleness is never underestimated); empty is zero.
func parseChecked(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, s, tokyo); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q (want YYYY-MM-DD, YYYY-MM or YYYY)", s)
}

// kanaOnly reports whether s is a reading: kana, the long-vowel mark,
// spaces and the punctuation of names.
func kanaOnly(s string) bool {
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana), unicode.IsSpace(r), r == 'ー':
		case strings.ContainsRune("・「」（）()　", r):
		default:
			return false
		}
	}
	return s != ""
}
