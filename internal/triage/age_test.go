package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

func TestAgesAreRead(t *testing.T) {
	for text, want := range map[string][][2]int{
		"夫(46)が事故で":      {{46, 46}},
		"母（58）の介助":       {{58, 58}},
		"34歳です":          {{34, 34}},
		"小生八十六歳":         {{86, 86}},
		"孫(二十歳)":         {{20, 20}},
		"50代の兄と80代の母":    {{50, 59}, {80, 89}},
		"5才の娘":           {{5, 5}},
		"65歳以上の方は":       nil, // a limit, not an age
		"40歳から使える":       nil,
		"20歳のときに事故で":     nil, // an age then, not now
		"2歳児":            nil,
		"歳末たすけあい":        nil,
		"昭和40年代":         nil,
		"(1)申請書 (2)通帳":   nil, // list numbers
		"電話番号は(042)":     nil, // a leading zero is no age
		"2024(2025)":     nil,
		"家賃(58000円)":     nil,
		"今年で七十八になる夫":     nil, // 七十八 without 歳 is not read
		"夫は64歳で、若年性認知症と": {{64, 64}},
	} {
		var got [][2]int
		for _, a := range ages(nlp.Normalize(text), nil) {
			got = append(got, [2]int{a.lo, a.hi})
		}
		if len(got) != len(want) {
			t.Errorf("ages(%q) = %v, want %v", text, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("ages(%q) = %v, want %v", text, got, want)
			}
		}
	}
}

// A message about an adult under the care age is one for the disability
// desk too; one about an older person, or one whose 母 has no age while the
// writer gives theirs, is not.
func TestWorkingAgeLeansToDisabilityDesk(t *testing.T) {
	tr, _ := miniTriager(t, map[string]string{
		"channels.tsv": "term\ttarget\tweight\n介護\thoukatsu\t2\n車いす\tshougai\t1\n",
		"classes.tsv":  "class\tterm\nelder\t母\n",
		"settings.tsv": "name\tvalue\ncare_age\t65\nyoung_care_factor\t1.3\n",
	})
	for text, want := range map[string]consult.Channel{
		"車いすの夫(46)の介護が大変です":      consult.Shougai,
		"58歳の母の介護、車いすです":         consult.Shougai,
		"車いすの母（80）の介護が大変です":      consult.Houkatsu,
		"私は45歳です。車いすの母の介護で疲れました": consult.Houkatsu, // the age is the writer's
		"兄(50)と母(82)の介護、車いすです":   consult.Houkatsu, // someone is old
		"車いすの夫の介護が大変です":          consult.Houkatsu, // no age
		"車いすの夫の介護、65歳以上は":        consult.Houkatsu,
	} {
		r := tr.Triage(text)
		if r.Channel != want {
			t.Errorf("%s: channel %q, want %q (%+v)", text, r.Channel, want, r.Candidates)
		}
		if want == consult.Shougai && r.RunnerUp != consult.Houkatsu {
			t.Errorf("%s: runner-up %q, want houkatsu: the centre keeps its score", text, r.RunnerUp)
		}
	}
	off, _ := miniTriager(t, map[string]string{
		"channels.tsv": "term\ttarget\tweight\n介護\thoukatsu\t2\n車いす\tshougai\t1\n",
		"settings.tsv": "name\tvalue\nyoung_care_factor\t0\n",
	})
	if r := off.Triage("車いすの夫(46)の介護が大変です"); r.Channel != consult.Houkatsu {
		t.Errorf("young_care_factor 0: channel %q, want houkatsu", r.Channel)
	}
}

// The age evidence is not a discount: the learned models may still speak.
func TestAgeIsNotADiscount(t *testing.T) {
	r := consult.TriageResult{Evidence: []consult.Evidence{{Term: "46歳", Channel: consult.Shougai, Weight: 2, Note: NoteAge}}}
	if discounted(&r, false) {
		t.Error("age evidence silenced the learned models")
	}
}
