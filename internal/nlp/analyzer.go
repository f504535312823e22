// Package nlp tokenizes resident messages with Kagome (IPA dictionary plus
// the welfare and place-name user dictionary in dict/userdict.tsv) after
// normalising them (NFKC, width, case, stretched vowels). Every token
// carries its base form and hiragana readings, so that hiragana-only,
// katakana and kanji spellings of one word can be matched alike. It is the
// only package that imports Kagome.
package nlp

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"

	kdict "github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/n-csw/tsunagu/dict"
)

// UserDictFile is the name of the user dictionary inside a dict directory.
const UserDictFile = "userdict.tsv"

// Analyzer tokenizes text. It is safe for concurrent use; build it once per
// process (Shared) because the IPA dictionary is large.
type Analyzer struct {
	tok   *tokenizer.Tokenizer        // IPA + user dictionary
	plain *tokenizer.Tokenizer        // IPA only, to split user words at load time
	users []userWord                  // by Kagome user-dictionary ID
	known []atomic.Pointer[knownWord] // by IPA dictionary ID, filled as words are met
}

type userWord struct {
	pos, pos2 string
	reading   string  // hiragana
	subs      []Token // the IPA split of the word, offsets relative to it
}

var (
	sharedOnce sync.Once
	shared     *Analyzer
	sharedErr  error
)

// Shared returns the process-wide analyzer built from the embedded dict/.
func Shared() (*Analyzer, error) {
	sharedOnce.Do(func() { shared, sharedErr = New(dict.FS) })
	return shared, sharedErr
}

// New builds an analyzer with the IPA dictionary and the user dictionary
// userdict.tsv of fsys (columns surface, reading, pos). A directory without
// userdict.tsv gives an analyzer with the IPA dictionary only.
func New(fsys fs.FS) (*Analyzer, error) {
	a := &Analyzer{known: make([]atomic.Pointer[knownWord], len(ipa.Dict().POSTable.POSs))}
	ud := &kdict.UserDict{}
	opts := []tokenizer.Option{tokenizer.OmitBosEos()}
	recs, err := ReadTSV(fsys, UserDictFile, "surface", "reading", "pos")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("load user dictionary: %w", err)
	default:
		ud, a.users, err = buildUserDict(recs)
		if err != nil {
			return nil, fmt.Errorf("load user dictionary: %w", err)
		}
		opts = append(opts, tokenizer.UserDict(ud))
	}
	t, err := tokenizer.New(ipa.Dict(), opts...)
	if err != nil {
		return nil, fmt.Errorf("new tokenizer: %w", err)
	}
	a.tok = t
	if a.plain, err = tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos()); err != nil {
		return nil, fmt.Errorf("new tokenizer: %w", err)
	}
	// Split every user word with the IPA dictionary once, so that a lexicon
	// entry for a part (介護) still matches inside a user word (要介護認定).
	for i := range a.users {
		w := &a.users[i]
		surface := ud.Contents[i].Tokens[0]
		d := &Doc{}
		a.analyze(d, a.plain, surface)
		if len(d.Tokens) > 1 {
			w.subs = d.Tokens
		}
	}
	return a, nil
}

func buildUserDict(recs []Record) (*kdict.UserDict, []userWord, error) {
	seen := map[string]int{}
	var rs kdict.UserDictRecords
	for _, r := range recs {
		surface := Normalize(r.Fields[0])
		reading := Hiragana(Normalize(r.Fields[1]))
		pos := r.Fields[2]
		if pos == "" {
			pos = "名詞-固有名詞"
		}
		if surface == "" || reading == "" || !KanaOnly(reading) {
			return nil, nil, fmt.Errorf("%s:%d: want a surface and its reading in kana", UserDictFile, r.Line)
		}
		if strings.ContainsAny(surface, " ,") {
			return nil, nil, fmt.Errorf("%s:%d: surface %q must not contain a space or a comma", UserDictFile, r.Line, surface)
		}
		if prev, dup := seen[surface]; dup {
			return nil, nil, fmt.Errorf("%s:%d: %q already on line %d", UserDictFile, r.Line, surface, prev)
		}
		seen[surface] = r.Line
		rs = append(rs, kdict.UserDicRecord{Text: surface, Tokens: []string{surface}, Yomi: []string{reading}, Pos: pos})
	}
	// NewUserDict sorts the records in place; IDs are indexes in that order.
	ud, err := rs.NewUserDict()
	if err != nil {
		return nil, nil, err
	}
	users := make([]userWord, len(ud.Contents))
	for i, c := range ud.Contents {
		p1, p2, _ := strings.Cut(c.Pos, "-")
		p2, _, _ = strings.Cut(p2, "-")
		users[i] = userWord{pos: p1, pos2: p2, reading: strings.Join(c.Yomi, "")}
	}
	return ud, users, nil
}

// RawTokenize runs Kagome alone on text (already normalised) and returns
// the number of tokens. It is the baseline that benchmarks compare the
// triage with.
func (a *Analyzer) RawTokenize(text string) int {
	return len(a.tok.Tokenize(text))
}

// KnownWords is the number of IPA dictionary IDs Token.Known can return.
func (a *Analyzer) KnownWords() int { return len(a.known) }

// Subs returns the IPA split of a user-dictionary token (offsets relative
// to the token), or nil.
func (a *Analyzer) Subs(t Token) []Token {
	if !t.User || t.id < 0 || t.id >= len(a.users) {
		return nil
	}
	return a.users[t.id].subs
}
