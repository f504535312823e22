package triage

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/n-csw/tsunagu/dict"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// copyDict returns the embedded dict/ as an editable in-memory directory.
func copyDict(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(dict.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dict.FS, path)
		m[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A coordinator adds a word to dict/ and sees its effect, no Go change.
func TestCoordinatorAddsAWord(t *testing.T) {
	an, err := nlp.Shared()
	if err != nil {
		t.Fatal(err)
	}
	m := copyDict(t)
	before, err := New(an, m)
	if err != nil {
		t.Fatal(err)
	}
	if got := before.Triage("まちのおそうじ隊に入りたい"); got.Channel == consult.Volunteer {
		t.Skip("the shipped lexicon already knows the test word")
	}
	m["channels.tsv"].Data = append(m["channels.tsv"].Data, []byte("おそうじ隊\tvolunteer\t3\n")...)
	after, err := New(an, m)
	if err != nil {
		t.Fatal(err)
	}
	got := after.Triage("まちのおそうじ隊に入りたい")
	if got.Channel != consult.Volunteer {
		t.Errorf("after adding the word: channel %q, evidence %v", got.Channel, got.Evidence)
	}
	// Its hiragana spelling is found too.
	if got := after.Triage("おそうじたい に はいりたい"); got.Channel != consult.Volunteer {
		t.Errorf("hiragana spelling: channel %q, evidence %v", got.Channel, got.Evidence)
	}
}

func TestLexiconErrorsNameTheLine(t *testing.T) {
	an, err := nlp.Shared()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, line, want string }{
		{"channels.tsv", "介護\tkaigo\t2\n", "unknown target"},
		{"channels.tsv", "介護\thoukatsu\tmany\n", "weight"},
		{"crisis.tsv", "{nosuch}+死ぬ\tsuicide\t1\n", "unknown class"},
		{"modifiers.tsv", "もし\tmaybe\n", "want a term and a kind"},
		{"settings.tsv", "min_scor\t1\n", "unknown setting"},
	}
	for _, tt := range tests {
		m := copyDict(t)
		m[tt.file].Data = append(m[tt.file].Data, []byte(tt.line)...)
		_, err := New(an, m)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file+":") {
			t.Errorf("%s %q: err = %v, want %q with file and line", tt.file, tt.line, err, tt.want)
		}
	}
}

func TestShippedDictionaryLoads(t *testing.T) {
	tr := triager(t)
	if tr.Terms() < 1000 {
		t.Errorf("only %d lexicon entries", tr.Terms())
	}
	if tr.Settings().MinScore <= 0 {
		t.Errorf("settings %+v", tr.Settings())
	}
}

// A term with a verb in kanji finds the verb written in kana, in whatever
// form (取れない, とれない, とれません), and a helper verb in kana after て
// (住んでる) is not the content verb the lexicon writes in kanji (出る).
func TestKanjiVerbTermFindsKana(t *testing.T) {
	tr, _ := miniTriager(t, map[string]string{
		"channels.tsv": "term\ttarget\tweight\n連絡が取れない\tchiiki-fukushi\t2\n大家+出る\tseikatsu-soudan\t2\n",
	})
	for _, text := range []string{"隣のおばあちゃんと連絡が取れない", "隣のおばあちゃんと連絡がとれない", "となりのおばあちゃんとれんらくがとれません"} {
		if got := tr.Triage(text); got.Channel != "chiiki-fukushi" {
			t.Errorf("%s: channel %q, want chiiki-fukushi: %+v", text, got.Channel, got.Evidence)
		}
	}
	if got := tr.Triage("大家さんの隣に住んでる"); got.Channel != "" {
		t.Errorf("住んでる matched 出る: %+v", got.Evidence)
	}
}

// A term that ends in で, which Kagome cuts as だ out of context, still
// matches the particle で inside a message (死ぬ気で就活).
func TestTermEndingInDe(t *testing.T) {
	tr, _ := miniTriager(t, map[string]string{
		"crisis.tsv": "term\ttarget\tweight\n死ぬ気\tsuicide\t1\n死ぬ気で\tcalm\t1\n",
	})
	for _, text := range []string{"死ぬ気で就活してます", "死ぬ気でやる", "死ぬ気で"} {
		if got := tr.Triage(text); got.Crisis != consult.NoCrisis {
			t.Errorf("%s: the calm 死ぬ気で should hide 死ぬ気: %+v", text, got)
		}
	}
	if got := tr.Triage("死ぬ気がする"); got.Crisis != consult.Suicide {
		t.Errorf("死ぬ気がする: the calm phrase must not hide 死ぬ気 elsewhere: %+v", got)
	}
}

// A channel term A+B counts in full within one sentence, at
// cross_sentence_factor when its parts stand in two neighbouring sentences
// (母は認知症です。お金の管理ができません), and not at all further apart.
func TestCrossSentenceChannelTerm(t *testing.T) {
	files := map[string]string{
		"channels.tsv":  "term\ttarget\tweight\n認知症+お金の管理\tkenri-yougo\t3\n",
		"modifiers.tsv": "term\tkind\n昔\tpast\n",
		"settings.tsv":  "name\tvalue\ncross_sentence_factor\t0.7\n",
	}
	tr, _ := miniTriager(t, files)
	for text, want := range map[string]float64{
		"認知症の母のお金の管理が心配":             3,
		"母は認知症です。お金の管理ができません":        2.1,
		"母は認知症です。父は元気です。お金の管理ができません": 0,
		"お金の管理は大丈夫。認知症が心配。お金の管理も":    2.1,
		// each sentence holding both parts counts, the one that counts most kept
		"昔は認知症でお金の管理に困った。いまも認知症でお金の管理ができない": 3,
		"昔は認知症でお金の管理に困った":                   1.5,
	} {
		got := tr.Triage(text)
		var w float64
		for _, e := range got.Evidence {
			if e.Channel == "kenri-yougo" {
				w += e.Weight
			}
		}
		if w != want {
			t.Errorf("%s: kenri-yougo weight %v, want %v (%+v)", text, w, want, got.Evidence)
		}
	}
	files["settings.tsv"] = "name\tvalue\ncross_sentence_factor\t0\n"
	tr, _ = miniTriager(t, files)
	if got := tr.Triage("母は認知症です。お金の管理ができません"); got.Channel != "" {
		t.Errorf("cross_sentence_factor 0 still joins sentences: %+v", got.Evidence)
	}
}

// A calm A+B hides the parts of crisis terms A+B only when all its own
// parts stand in one sentence: its part alone (殴られる of 夢+殴られる)
// calms nothing.
func TestCalmPairNeedsBothParts(t *testing.T) {
	tr, _ := miniTriager(t, map[string]string{
		"crisis.tsv": "term\ttarget\tweight\nいま+殴られる\tviolence\t1\n夢+殴られる\tcalm\t1\n",
	})
	for text, want := range map[string]consult.Crisis{
		"いま夫に殴られる":      consult.Violence,
		"いま夢で夫に殴られる":    consult.NoCrisis,
		"夢を見た。いま夫に殴られる": consult.Violence,
	} {
		if got := tr.Triage(text); got.Crisis != want {
			t.Errorf("%s: crisis %q, want %q (%+v)", text, got.Crisis, want, got.Evidence)
		}
	}
}

// A term joined with & finds its parts anywhere in the message, one joined
// with + only in one sentence; a part in the distant past
// counts nothing, and a term may not mix the two joins.
func TestAnywhereTerm(t *testing.T) {
	files := map[string]string{
		"crisis.tsv":    "term\ttarget\tweight\n今までありがとう&猫\tsuicide\t1\n今までありがとう+鍵\tsuicide\t1\nところへ行く&亡くなる\tsuicide\t1\n",
		"modifiers.tsv": "term\tkind\n昔\tpast\n去年\tpast\n",
	}
	tr, _ := miniTriager(t, files)
	for text, want := range map[string]consult.Crisis{
		"今までありがとう。猫のごはんは3日分あります":   consult.Suicide,
		"今までありがとう。元気です。それから、猫をお願い": consult.Suicide,
		"今までありがとう":            consult.NoCrisis,
		"猫のごはんが高い":            consult.NoCrisis,
		"今までありがとう。鍵はポストです":    consult.NoCrisis, // + : one sentence
		"今までありがとう、鍵はポストです":    consult.Suicide,
		"昔、今までありがとうと書いた。猫は元気": consult.NoCrisis,
		// an & term is as past as its first part: the context may be past
		"父は去年亡くなりました。母が「お父さんのところへ行きます」と出かけた": consult.Suicide,
		"去年は「お父さんのところへ行きたい」と言っていた。父は亡くなっている": consult.NoCrisis,
	} {
		if got := tr.Triage(text); got.Crisis != want {
			t.Errorf("%s: crisis %q, want %q (%+v)", text, got.Crisis, want, got.Evidence)
		}
	}
	an, err := nlp.Shared()
	if err != nil {
		t.Fatal(err)
	}
	m := copyDict(t)
	m["crisis.tsv"].Data = append(m["crisis.tsv"].Data, []byte("今までありがとう&猫+鍵\tsuicide\t1\n")...)
	if _, err := New(an, m); err == nil || !strings.Contains(err.Error(), "crisis.tsv:") {
		t.Errorf("a term with + and &: err = %v, want an error naming the line", err)
	}
}

// A term written twice for one target would count by its first line only,
// so a coordinator's edit of the second would change nothing: the lexicon
// does not load, and the error names both lines.
func TestDuplicateTermIsAnError(t *testing.T) {
	an, err := nlp.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"crisis.tsv", "foreign.tsv"} {
		m := copyDict(t)
		data := m[file].Data
		if !bytes.HasSuffix(data, []byte("\n")) {
			data = append(data, '\n')
		}
		m[file].Data = append(data, []byte("ぴよぴよ語\tsuicide\t0.3\nぴよぴよ語\tsuicide\t1\nぴよぴよ語\tcalm\t1\n")...)
		_, err := New(an, m)
		if err == nil || !strings.Contains(err.Error(), file+":") || !strings.Contains(err.Error(), "already on line") {
			t.Errorf("%s: a term twice for one target: err = %v, want an error naming both lines", file, err)
		}
	}
}
