package loadtest

import (
	_ "embed"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/n-csw/tsunagu/internal/linesim"
)

//go:embed messages.txt
var messagesFile string

// Messages are the texts simulated residents write (messages.txt).
func Messages() []string {
	var out []string
	for _, l := range strings.Split(messagesFile, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// mix chooses what a resident does next: a follow first, then texts that
// lead to triage and channel cards, taps on the buttons of the latest
// answer (postbacks), and now and then a sticker.
type mix struct {
	texts              []string
	postbacks, sticker float64
	avoid              []string
	mu                 sync.Mutex
	rnd                *rand.Rand
}

func newMix(o Options) *mix {
	seed := o.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	return &mix{texts: Messages(), postbacks: o.Postbacks, sticker: o.Stickers, avoid: o.Avoid,
		rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (m *mix) float() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rnd.Float64()
}

func (m *mix) intN(n int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rnd.IntN(n)
}

// next builds r's next event.
func (m *mix) next(r *resident) linesim.Event {
	c := r.client
	if r.n == 0 {
		return c.NewFollowEvent(r.id)
	}
	if m.sticker > 0 && m.float() < m.sticker {
		return c.NewStickerEvent(r.id, "446", "1988")
	}
	if m.postbacks > 0 && m.float() < m.postbacks {
		if choices := m.choices(r.tr.lastAnswer(r.id)); len(choices) > 0 {
			return c.NewPostbackEvent(r.id, choices[m.intN(len(choices))], nil)
		}
	}
	return c.NewTextEvent(r.id, m.texts[m.intN(len(m.texts))])
}

// choices lists the postback data of the buttons and quick replies in
// messages, except the avoided ones.
func (m *mix) choices(messages []json.RawMessage) []string {
	var out []string
	for _, raw := range messages {
		var v any
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		for _, d := range postbackData(v, nil) {
			if !m.avoided(d) {
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (m *mix) avoided(data string) bool {
	for _, a := range m.avoid {
		if a != "" && strings.Contains(data, a) {
			return true
		}
	}
	return false
}

// postbackData walks a decoded LINE message (quick reply, flex or template)
// for actions of type postback and collects their data.
func postbackData(v any, out []string) []string {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "postback" {
			if d, ok := x["data"].(string); ok && d != "" {
				out = append(out, d)
			}
		}
		for _, c := range x {
			out = postbackData(c, out)
		}
	case []any:
		for _, c := range x {
			out = postbackData(c, out)
		}
	}
	return out
}
