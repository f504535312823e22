package consult

// Candidate is one channel the triage considered, with its score.
type Candidate struct {
	Channel Channel `json:"channel"`
	Score   float64 `json:"score"`
}

// Evidence is one piece of text that counted in a triage decision, so that a
// coordinator can see why the bot chose what it chose.
type Evidence struct {
	// Term is the dictionary entry that matched (its surface as written in dict/);
	// for a term found by its reading in other kanji (note "homophone"), the
	// words as written followed by the entry in （）: 保護名令（保護命令）.
	Term string `json:"term"`
	// Channel, Crisis or Urgency say what the term pointed to; one of them is set.
	Channel Channel `json:"channel,omitempty"`
	Crisis  Crisis  `json:"crisis,omitempty"`
	Urgency Urgency `json:"urgency,omitempty"`
	// Weight is the contribution to the score (0 when discounted).
	Weight float64 `json:"weight"`
	// Note explains a discount or a modifier: "negated", "past",
	// "hypothetical", "later", "third-party"; "learned" marks the words
	// that weighed most when the learned fallback named the channel;
	// "homophone" a term found by its reading in other kanji.
	Note string `json:"note,omitempty"`
}

// TriageResult is what triage makes of one message.
type TriageResult struct {
	// Channel is the lead channel, or "" when there is not enough to tell.
	Channel Channel `json:"channel"`
	// RunnerUp is a second channel for multi-need messages, or "".
	RunnerUp Channel `json:"runner_up,omitempty"`
	Urgency  Urgency `json:"urgency"`
	Crisis   Crisis  `json:"crisis"`
	// About says whom the message is about when the text tells
	// (a crisis about a friend is still a crisis).
	About Subject `json:"about,omitempty"`
	// Confidence in [0,1] of the lead channel.
	Confidence float64     `json:"confidence"`
	Candidates []Candidate `json:"candidates"`
	Evidence   []Evidence  `json:"evidence"`
	// Language is "ja", "en" or "other" (the script the message was written in).
	Language string `json:"language,omitempty"`
}

// Unclear reports whether the triage could not tell a channel.
func (r TriageResult) Unclear() bool { return r.Channel == "" && r.Crisis == NoCrisis }
