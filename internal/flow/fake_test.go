package flow_test

import "github.com/n-csw/tsunagu/internal/consult"

// scripted is a Triager that answers from a table (the transcripts test
// the conversation, not triage).
type scripted map[string]consult.TriageResult

func (s scripted) Triage(text string) consult.TriageResult { return s[text] }

func sure(ch consult.Channel, u consult.Urgency) consult.TriageResult {
	return consult.TriageResult{Channel: ch, Urgency: u, Confidence: 0.8, Candidates: []consult.Candidate{{Channel: ch, Score: 3}}}
}

func crisisResult(k consult.Crisis) consult.TriageResult {
	return consult.TriageResult{Crisis: k, Urgency: consult.Emergency, Confidence: 0.9}
}

func closeResult(a, b consult.Channel) consult.TriageResult {
	return consult.TriageResult{Channel: a, RunnerUp: b, Urgency: consult.Normal, Confidence: 0.45,
		Candidates: []consult.Candidate{{Channel: a, Score: 2}, {Channel: b, Score: 1.9}}}
}

// triageTable holds the taxonomy.md examples and the texts of the tests.
var triageTable = scripted{
	"家賃が二か月払えていなくて大家さんに怒られた": sure(consult.SeikatsuSoudan, consult.Urgent),
	"向かいの家のおじいさん、新聞がたまっている": {Channel: consult.ChiikiFukushi, RunnerUp: consult.Houkatsu, About: consult.SubjectNeighbour, Urgency: consult.Urgent, Confidence: 0.7,
		Candidates: []consult.Candidate{{Channel: consult.ChiikiFukushi, Score: 3}, {Channel: consult.Houkatsu, Score: 2}}},
	"重い米を運べない、85歳":            sure(consult.SeikatsuShien, consult.Normal),
	"懇談会ってだれでも出られますか":         sure(consult.Fureai, consult.Normal),
	"土日だけボランティアしたい":           sure(consult.Volunteer, consult.Normal),
	"母の介護認定をうけたい":             sure(consult.Houkatsu, consult.Normal),
	"療育手帳のことを聞きたい":            sure(consult.Shougai, consult.Normal),
	"赤ちゃんが泣きやまなくてつらい":         sure(consult.Kosodate, consult.Normal),
	"父の年金の管理をだれかに頼みたい、物忘れがある": closeResult(consult.KenriYougo, consult.Houkatsu),
	"元夫につきまとわれている":            sure(consult.DV, consult.Urgent),
	"寄付をしたい":                  sure(consult.Other, consult.Normal),
	"もう生きていたくない":              crisisResult(consult.Suicide),
	"夫になぐられている、いまも家にいる":       {Crisis: consult.Violence, Channel: consult.DV, Urgency: consult.Emergency, Confidence: 0.9},
	"父がたおれて息をしていない":           crisisResult(consult.Medical),
	"となりの家から煙が出ている":           crisisResult(consult.Fire),
	"足が悪い父のことで相談したい":          closeResult(consult.Shougai, consult.Houkatsu),
	"となりの子がいつも外で泣いている":        {Channel: consult.Kosodate, About: consult.SubjectNeighbour, Urgency: consult.Urgent, Confidence: 0.7, Candidates: []consult.Candidate{{Channel: consult.Kosodate, Score: 3}}},
	"こんにちは":                   {Urgency: consult.Normal},
	"ちょっと":                    {Urgency: consult.Normal},
	"よくわからない":                 {Urgency: consult.Normal},
}
