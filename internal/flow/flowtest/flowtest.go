// Package flowtest provides a small channel directory after
// docs/directory-facts.md for tests of the conversation and of
// `tsunagu flows check`, where the real directory is not at hand.
package flowtest

import (
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow"
)

var jst = time.FixedZone("JST", 9*60*60)

// weekly is a test schedule: the same hours on the given weekdays, in JST.
type weekly struct {
	days          []time.Weekday
	open, closeAt int // minutes after midnight
	always        bool
}

// Status implements flow.Schedule.
func (w *weekly) Status(t time.Time) flow.Status {
	if w == nil {
		return flow.Status{Unknown: true}
	}
	if w.always {
		return flow.Status{Open: true, Always: true}
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
			return flow.Status{Open: true, Until: end}
		}
		if start.After(t) {
			return flow.Status{NextOpen: start}
		}
	}
	return flow.Status{}
}

func (w *weekly) on(d time.Weekday) bool {
	for _, x := range w.days {
		if x == d {
			return true
		}
	}
	return false
}

var workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// Directory is a small directory after docs/directory-facts.md; it
// implements flow.CheckDirectory.
type Directory struct {
	places   []flow.Place
	hotlines []flow.Hotline
	crises   map[consult.Crisis][]string
}

// NewDirectory returns the test directory.
func NewDirectory() *Directory {
	office := &weekly{days: workdays, open: 8*60 + 30, closeAt: 17 * 60}
	always := &weekly{always: true}
	d := &Directory{
		places: []flow.Place{
			{ID: "council", Channel: consult.Other, Name: "西東京市社会福祉協議会", Reading: "にしとうきょうし しゃかいふくしきょうぎかい", Phone: "042-497-5061", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 8:30〜17:00", Hours: office},
			{ID: "seikatsu-support", Channel: consult.SeikatsuSoudan, Name: "生活サポート相談窓口", Reading: "せいかつ さぽーと そうだんまどぐち", Helps: "お金や しごとの 相談が できます。", Phone: "042-438-4023", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 8:30〜17:00", Hours: office},
			{ID: "hotnet", Channel: consult.ChiikiFukushi, Name: "地域福祉コーディネーター（ほっとネット）", Reading: "ちいきふくし こーでぃねーたー", Helps: "近所の しんぱいを いっしょに 考えます。", Phone: "042-497-5061", Note: "社会福祉協議会(しゃかいふくしきょうぎかい)に 電話で 聞いてください。"},
			{ID: "link", Channel: consult.SeikatsuShien, Name: "地域サポート「りんく」", Reading: "ちいきさぽーと りんく", Helps: "くらしの 小さな 手つだいの 相談です。", Phone: "042-497-5061"},
			{ID: "fureai", Channel: consult.Fureai, Name: "ふれあいのまちづくり住民懇談会", Reading: "ふれあいのまちづくり じゅうみんこんだんかい", Phone: "042-497-5061"},
			{ID: "volunteer-center", Channel: consult.Volunteer, Name: "西東京ボランティア・市民活動センター", Reading: "にしとうきょう ぼらんてぃあ しみんかつどう せんたー", Phone: "042-466-3070", PhoneConfirmed: true},
			{ID: "houkatsu", Channel: consult.Houkatsu, Name: "地域包括支援センター", Reading: "ちいきほうかつしえん せんたー", Phone: "042-497-5061"},
			{ID: "shougai-fukushi", Channel: consult.Shougai, Name: "西東京市 障害福祉課", Reading: "にしとうきょうし しょうがいふくしか", Phone: "042-438-4033", PhoneConfirmed: true},
			{ID: "nodoka", Channel: consult.Kosodate, Name: "子ども家庭支援センター「のどか」", Reading: "こどもかていしえん せんたー のどか", Phone: "042-439-0081", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 9:00〜16:00", Hours: &weekly{days: workdays, open: 9 * 60, closeAt: 16 * 60}},
			{ID: "famisapo", Channel: consult.Kosodate, Name: "ファミリー・サポート・センター", Reading: "ふぁみりー さぽーと せんたー", Phone: "042-497-5079", PhoneConfirmed: true},
			{ID: "hotroom", Channel: consult.Kosodate, Name: "子ども相談室「ほっとルーム」", Reading: "こどもそうだんしつ ほっとるーむ", Phone: "0120-9109-77", PhoneConfirmed: true, HoursText: "月曜日〜金曜日 14:00〜20:00", Hours: &weekly{days: workdays, open: 14 * 60, closeAt: 20 * 60}},
			{ID: "kenri-yougo", Channel: consult.KenriYougo, Name: "権利擁護", Reading: "けんりようご", Phone: "042-497-5061"},
			{ID: "dv-soudan", Channel: consult.DV, Name: "配偶者などからの 暴力（DV）の 相談", Reading: "はいぐうしゃなどからの ぼうりょくの そうだん", Phone: "042-497-5061"},
		},
		hotlines: []flow.Hotline{
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

// Council implements flow.Directory.
func (d *Directory) Council() flow.Place { return d.places[0] }

// Places implements flow.Directory.
func (d *Directory) Places(ch consult.Channel) []flow.Place {
	var out []flow.Place
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

// Place implements flow.Directory.
func (d *Directory) Place(id string) (flow.Place, bool) {
	for _, p := range d.places {
		if p.ID == id {
			return p, true
		}
	}
	return flow.Place{}, false
}

func (d *Directory) hotline(id string) flow.Hotline {
	for _, h := range d.hotlines {
		if h.ID == id {
			return h
		}
	}
	panic("no hotline " + id)
}

// Hotlines implements flow.Directory.
func (d *Directory) Hotlines(k consult.Crisis) []flow.Hotline {
	var out []flow.Hotline
	for _, id := range d.crises[k] {
		out = append(out, d.hotline(id))
	}
	return out
}

// AfterHours implements flow.Directory.
func (d *Directory) AfterHours(ch consult.Channel, t time.Time) []flow.Hotline {
	var out []flow.Hotline
	for _, h := range d.hotlines {
		for _, c := range h.Channels {
			if c == ch && h.Hours.Status(t).Open {
				out = append(out, h)
			}
		}
	}
	return out
}

// AllHotlines implements flow.Directory.
func (d *Directory) AllHotlines() []flow.Hotline { return d.hotlines }

// All implements flow.CheckDirectory.
func (d *Directory) All() []flow.Place { return d.places }

// Stale implements flow.CheckDirectory.
func (d *Directory) Stale(time.Time) []string {
	return []string{`place "hotnet": phone not confirmed`}
}
