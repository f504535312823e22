package triage

import (
	"strings"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Wrong kanji for the right sound (IME slips) find the term they spell.
func TestHomophoneFindsTerm(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text    string
		channel consult.Channel
		term    string // the evidence: as written（the lexicon term）
		urgent  bool
	}{
		{"日常生活自律支援を使いたい", consult.KenriYougo, "日常生活自律支援（日常生活自立支援）", false},
		{"日常生活自律支援 受けたい 父", consult.KenriYougo, "日常生活自律支援（日常生活自立支援）", false},
		{"緊急子口資金を借りたい", consult.SeikatsuSoudan, "緊急子口資金（緊急小口資金）", false},
		{"緊急小口紙金ってまだやってますか？", consult.SeikatsuSoudan, "緊急小口紙金（緊急小口資金）", false},
		{"保護名令 とりたい", consult.DV, "保護名令（保護命令）", true},
		{"自動手当の振込日いつ？", consult.Other, "自動手当（児童手当）", false},
		{"住民懇段会の日程を教えてください", consult.Fureai, "住民懇段会（住民懇談会）", false},
		// 障害 alone matches as written; the longer homophone term holds it.
		{"障害念金 もらえる？", consult.Shougai, "障害念金（障害年金）", false},
	}
	for _, tc := range tests {
		r := tr.Triage(tc.text)
		if r.Channel != tc.channel {
			t.Errorf("%s: channel %q, want %q (evidence %+v)", tc.text, r.Channel, tc.channel, r.Evidence)
		}
		found := false
		for _, e := range r.Evidence {
			if e.Term == tc.term && e.Channel == tc.channel && e.Note == NoteHomophone && e.Weight > 0 {
				found = true
			}
			if e.Term == "障害" {
				t.Errorf("%s: 障害 counted beside the longer homophone term: %+v", tc.text, r.Evidence)
			}
		}
		if !found {
			t.Errorf("%s: no homophone evidence %q → %s in %+v", tc.text, tc.term, tc.channel, r.Evidence)
		}
		if got := r.Urgency == consult.Urgent; got != tc.urgent {
			t.Errorf("%s: urgency %s, want urgent %v", tc.text, r.Urgency, tc.urgent)
		}
		if r.Crisis != consult.NoCrisis {
			t.Errorf("%s: crisis %s", tc.text, r.Crisis)
		}
	}
}

// A short reading has too many real homophones: 点時 (てんじ) is not 点字.
func TestHomophoneShortReading(t *testing.T) {
	tr := triager(t)
	for _, text := range []string{"点時を習いたい"} {
		r := tr.Triage(text)
		for _, e := range r.Evidence {
			if e.Note == NoteHomophone || strings.Contains(e.Term, "点字") {
				t.Errorf("%s: short homophone matched: %+v", text, r.Evidence)
			}
		}
	}
}

// A term found as written is evidence as written: the reading of the same
// words adds no homophone find.
func TestHomophoneExactWins(t *testing.T) {
	tr := triager(t)
	for _, tc := range []struct{ text, term string }{
		{"児童手当の振込日いつ？", "児童手当"},       // 児童|手当: matched as written
		{"日常生活自立支援を使いたい", "日常生活自立支援"}, // one user word
	} {
		r := tr.Triage(tc.text)
		found := false
		for _, e := range r.Evidence {
			if e.Note == NoteHomophone || strings.Contains(e.Term, "（") {
				t.Errorf("%s: homophone evidence for a term written right: %+v", tc.text, r.Evidence)
			}
			found = found || e.Term == tc.term
		}
		if !found {
			t.Errorf("%s: no evidence %s in %+v", tc.text, tc.term, r.Evidence)
		}
	}
	// Written right once and wrong once: one find, the one as written.
	r := tr.Triage("児童手当と自動手当は同じですか")
	n := 0
	for _, e := range r.Evidence {
		if e.Channel == consult.Other {
			n++
			if e.Term != "児童手当" || e.Note != "" {
				t.Errorf("evidence %+v, want 児童手当 as written", e)
			}
		}
	}
	if n != 1 {
		t.Errorf("児童手当 counted %d times: %+v", n, r.Evidence)
	}
}

// A wrong kanji never raises a crisis: 身辺生理 reads しんぺんせいり, as
// 身辺整理 (crisis.tsv) does, and stays silent.
func TestHomophoneNoCrisis(t *testing.T) {
	tr := triager(t)
	for _, text := range []string{"身辺生理をしている", "最近、身辺生理をしています"} {
		r := tr.Triage(text)
		if r.Crisis != consult.NoCrisis {
			t.Errorf("%s: crisis %s from a homophone (%+v)", text, r.Crisis, r.Evidence)
		}
		for _, e := range r.Evidence {
			if e.Note == NoteHomophone {
				t.Errorf("%s: homophone evidence %+v", text, e)
			}
		}
	}
	// As written, it is the crisis term.
	if r := tr.Triage("身辺整理をしている"); !hasCrisisTerm(r, "身辺整理") {
		t.Errorf("身辺整理をしている: the crisis term did not match: %+v", r.Evidence)
	}
}

// hasTerm reports evidence of the lexicon term term in r.
func hasTerm(r consult.TriageResult, term string) bool {
	for _, e := range r.Evidence {
		if e.Term == term {
			return true
		}
	}
	return false
}

func hasCrisisTerm(r consult.TriageResult, term string) bool {
	for _, e := range r.Evidence {
		if e.Term == term && e.Crisis != "" {
			return true
		}
	}
	return false
}

// A term written in kana matches kana input and words of one kanji by
// reading, but not a kanji compound that shares its sound: 宣誓 is not
// せんせい (先生).
func TestKanaTermNotByCompoundReading(t *testing.T) {
	tr := triager(t)
	teacher := func(text string) bool {
		r := tr.Triage(text)
		return hasTerm(r, "せんせい") || hasTerm(r, "先生")
	}
	if teacher("パートナーシップ宣誓制度って市でやってますか") {
		t.Errorf("宣誓 matched a term for せんせい (先生)")
	}
	if !teacher("がっこうの せんせいに いわれた") {
		t.Errorf("kana せんせい did not match a term for 先生")
	}
}
