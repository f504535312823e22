package consult

import "fmt"

// Channel is the ID of a consultation channel from docs/taxonomy.md. The IDs
// are a public contract shared by the triage command, the database, Slack and
// the console. The empty Channel means "not enough to tell".
type Channel string

// The eleven consultation channels.
const (
	SeikatsuSoudan Channel = "seikatsu-soudan" // 生活サポート相談窓口
	ChiikiFukushi  Channel = "chiiki-fukushi"  // 地域福祉コーディネーター（ほっとネット）
	SeikatsuShien  Channel = "seikatsu-shien"  // 生活支援コーディネーター（りんく）
	Fureai         Channel = "fureai"          // ふれあいのまちづくり住民懇談会
	Volunteer      Channel = "volunteer"       // ボランティア・市民活動センター
	Houkatsu       Channel = "houkatsu"        // 地域包括支援センター
	Shougai        Channel = "shougai"         // 障害のある方の相談
	Kosodate       Channel = "kosodate"        // 子ども家庭支援センター・ファミサポ
	KenriYougo     Channel = "kenri-yougo"     // 権利擁護
	DV             Channel = "dv"              // 配偶者等からの暴力・女性の相談
	Other          Channel = "other"           // 総合窓口・市役所のご案内
)

var allChannels = []Channel{
	SeikatsuSoudan, ChiikiFukushi, SeikatsuShien, Fureai, Volunteer,
	Houkatsu, Shougai, Kosodate, KenriYougo, DV, Other,
}

// Channels returns the eleven channel IDs in the order of taxonomy.md.
func Channels() []Channel {
	out := make([]Channel, len(allChannels))
	copy(out, allChannels)
	return out
}

// Valid reports whether c is one of the eleven channel IDs.
func (c Channel) Valid() bool {
	for _, k := range allChannels {
		if c == k {
			return true
		}
	}
	return false
}

// ParseChannel checks s against the channel IDs. The empty string parses to
// the empty Channel ("unclear").
func ParseChannel(s string) (Channel, error) {
	c := Channel(s)
	if s == "" || c.Valid() {
		return c, nil
	}
	return "", fmt.Errorf("unknown channel %q: %w", s, ErrInvalid)
}

// Urgency orders how fast a case needs a person.
type Urgency string

// Urgency levels from taxonomy.md.
const (
	Emergency Urgency = "emergency" // a crisis: answered at once, staff alerted
	Urgent    Urgency = "urgent"    // harm or loss within days
	Normal    Urgency = "normal"
)

// Rank orders urgencies: emergency 2, urgent 1, normal (or empty) 0.
func (u Urgency) Rank() int {
	switch u {
	case Emergency:
		return 2
	case Urgent:
		return 1
	}
	return 0
}

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return u == Emergency || u == Urgent || u == Normal }

// Crisis is the kind of a crisis; the empty Crisis means none.
type Crisis string

// Crisis kinds from taxonomy.md.
const (
	NoCrisis Crisis = ""
	Suicide  Crisis = "suicide"  // wish to die, self-harm, overdose, a plan
	Violence Crisis = "violence" // being hurt or threatened now, hurting someone
	Medical  Crisis = "medical"  // collapse, not breathing, bleeding, chest pain
	Fire     Crisis = "fire"
)

// Crises returns the crisis kinds (without NoCrisis).
func Crises() []Crisis { return []Crisis{Suicide, Violence, Medical, Fire} }

// Valid reports whether k is NoCrisis or a known kind.
func (k Crisis) Valid() bool {
	switch k {
	case NoCrisis, Suicide, Violence, Medical, Fire:
		return true
	}
	return false
}

// Subject says whom a consultation is about.
type Subject string

// Subjects a resident can choose ("who is it for?").
const (
	SubjectUnknown   Subject = ""
	SubjectSelf      Subject = "self"
	SubjectFamily    Subject = "family"
	SubjectNeighbour Subject = "neighbour"
	SubjectOther     Subject = "other" // a friend or someone else
)
