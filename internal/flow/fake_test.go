package flow

import (
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// weekly is a test schedule: the same hours on the given weekdays, in JST.
type weekly struct {
	days          []time.Weekday
	open, closeAt int // minutes after midnight
	always        bool
}

func (w *weekly) Status(t time.Time) Status {
	if w == nil {
		return Status{Unknown: true}
	}
	if w.always {
		return Status{Open: true, Always: true}
	}
	t = t.In(jst)
	for d := 0; d < 8; d++ {
		day := time.Date(t.Year(), t.Month(), t.Day()+d, 0, 0, 0, 0, jst)
		if !w.on(day.Weekday()) {
			continue
		}
		start := day.Add(time.Duration(w.open) * time.Minute)
		end := day.Add(time.Duration(w.closeAt) * time.Minute)
		if d == 0 && !t.Before(start) && t.Before(end) {
			return Status{Open: true, Until: end}
		}
		if start.After(t) {
			return Status{NextOpen: start}
		}
	}
	return Status{}
}

func (w *weekly) on(d time.Weekday) bool {
	for _, x := range w.days {
		if x == d {
			return true
		}
	}
	return false
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// fakeDir is a small directory after docs/directory-facts.md.
type fakeDir struct {
	places   []Place
	hotlines []Hotline
	crises   map[consult.Crisis][]string
}

func newFakeDir() *fakeDir {
	office := &weekly{days: weekdays, open: 8*60 + 30, closeAt: 17 * 60}
	always := &weekly{always: true}
	d := &fakeDir{
		places: []Place{
			{ID: "council", Channel: consult.Other, Name: "西東京市社会福祉協議会", Reading: "にしとうきょうし しゃかいふくしきょうぎかい", Phone: "042-497-5061", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 8:30〜17:00", Hours: office},
			{ID: "seikatsu-support", Channel: consult.SeikatsuSoudan, Name: "生活サポート相談窓口", Reading: "せいかつ さぽーと そうだんまどぐち", Helps: "お金や しごとの 相談が できます。", Phone: "042-438-4023", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 8:30〜17:00", Hours: office},
			{ID: "hotnet", Channel: consult.ChiikiFukushi, Name: "地域福祉コーディネーター（ほっとネット）", Reading: "ちいきふくし こーでぃねーたー", Helps: "近所の しんぱいを いっしょに 考えます。", Phone: "042-497-5061", Note: "社会福祉協議会(しゃかいふくしきょうぎかい)に 電話で 聞いてください。"},
			{ID: "link", Channel: consult.SeikatsuShien, Name: "地域サポート「りんく」", Reading: "ちいきさぽーと りんく", Helps: "くらしの 小さな 手つだいの 相談です。", Phone: "042-497-5061"},
			{ID: "fureai", Channel: consult.Fureai, Name: "ふれあいのまちづくり住民懇談会", Reading: "ふれあいのまちづくり じゅうみんこんだんかい", Phone: "042-497-5061"},
			{ID: "volunteer-center", Channel: consult.Volunteer, Name: "西東京ボランティア・市民活動センター", Reading: "にしとうきょう ぼらんてぃあ しみんかつどう せんたー", Phone: "042-466-3070", PhoneConfirmed: true},
			{ID: "houkatsu", Channel: consult.Houkatsu, Name: "地域包括支援センター", Reading: "ちいきほうかつしえん せんたー", Phone: "042-497-5061"},
			{ID: "shougai-fukushi", Channel: consult.Shougai, Name: "西東京市 障害福祉課", Reading: "にしとうきょうし しょうがいふくしか", Phone: "042-438-4033", PhoneConfirmed: true},
			{ID: "nodoka", Channel: consult.Kosodate, Name: "子ども家庭支援センター「のどか」", Reading: "こどもかていしえん せんたー のどか", Phone: "042-439-0081", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 9:00〜16:00", Hours: &weekly{days: weekdays, open: 9 * 60, closeAt: 16 * 60}},
			{ID: "famisapo", Channel: consult.Kosodate, Name: "ファミリー・サポート・センター", Reading: "ふぁみりー さぽーと せんたー", Phone: "042-497-5079", PhoneConfirmed: true},
			{ID: "hotroom", Channel: consult.Kosodate, Name: "子ども相談室「ほっとルーム」", Reading: "こどもそうだんしつ ほっとるーむ", Phone: "0120-9109-77", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 14:00〜20:00", Hours: &weekly{days: weekdays, open: 14 * 60, closeAt: 20 * 60}},
			{ID: "kenri-yougo", Channel: consult.KenriYougo, Name: "権利擁護", Reading: "けんりようご", Phone: "042-497-5061"},
			{ID: "dv-soudan", Channel: consult.DV, Name: "配偶者などからの 暴力（DV）の 相談", Reading: "はいぐうしゃなどからの ぼうりょくの そうだん", Phone: "042-497-5061"},
		},
		hotlines: []Hotline{
			{ID: "police", Name: "警察", Number: "110", HoursText: "24時間", Hours: always},
			{ID: "fire-ambulance", Name: "救急車・消防", Number: "119", HoursText: "24時間", Hours: always},
			{ID: "tfd-7119", Name: "東京消防庁救急相談センター", Number: "#7119", HoursText: "24時間", Hours: always},
			{ID: "jido-189", Name: "児童相談所虐待対応ダイヤル「189」", Number: "189", HoursText: "24時間", Hours: always, Channels: []consult.Channel{consult.Kosodate}},
			{ID: "dv-plus", Name: "DV相談＋（プラス）", Number: "0120-279-889", HoursText: "24時間", Hours: always, Channels: []consult.Channel{consult.DV}},
			{ID: "inochi-free", Name: "いのちの電話（フリーダイヤル）", Number: "0120-783-556", HoursText: "毎日 16:00〜21:00", Hours: &weekly{days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, open: 16 * 60, closeAt: 21 * 60}},
			{ID: "tokyo-inochi", Name: "東京いのちの電話", Number: "03-3264-4343", HoursText: "24時間", Hours: always},
			{ID: "yorisoi", Name: "よりそいホットライン", Number: "0120-279-338", HoursText: "24時間", Hours: always},
		},
		crises: map[consult.Crisis][]string{
			consult.Suicide:  {"inochi-free", "tokyo-inochi", "yorisoi", "fire-ambulance"},
			consult.Violence: {"police", "dv-plus", "jido-189"},
			consult.Medical:  {"fire-ambulance", "tfd-7119"},
			consult.Fire:     {"fire-ambulance"},
		},
	}
	return d
}

func (d *fakeDir) Council() Place { return d.places[0] }

func (d *fakeDir) Places(ch consult.Channel) []Place {
	var out []Place
	for _, p := range d.places[1:] {
		if p.Channel == ch {
			out = append(out, p)
		}
	}
	if len(out) == 0 && ch == consult.Other {
		out = append(out, d.places[0])
	}
	return out
}

func (d *fakeDir) Place(id string) (Place, bool) {
	for _, p := range d.places {
		if p.ID == id {
			return p, true
		}
	}
	return Place{}, false
}

func (d *fakeDir) hotline(id string) Hotline {
	for _, h := range d.hotlines {
		if h.ID == id {
			return h
		}
	}
	panic("no hotline " + id)
}

func (d *fakeDir) Hotlines(k consult.Crisis) []Hotline {
	var out []Hotline
	for _, id := range d.crises[k] {
		out = append(out, d.hotline(id))
	}
	return out
}

func (d *fakeDir) AfterHours(ch consult.Channel, t time.Time) []Hotline {
	var out []Hotline
	for _, h := range d.hotlines {
		for _, c := range h.Channels {
			if c == ch && h.Hours.Status(t).Open {
				out = append(out, h)
			}
		}
	}
	return out
}

func (d *fakeDir) AllHotlines() []Hotline { return d.hotlines }
func (d *fakeDir) All() []Place           { return d.places }
func (d *fakeDir) Stale(time.Time) []string {
	return []string{`place "hotnet": phone not confirmed`}
}

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
