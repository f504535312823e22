package richmenu

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"
)

// TestGlyphCoverage: the fixed set of the generator is there, so that a
// coordinator can reword labels in kana and common kanji.
func TestGlyphCoverage(t *testing.T) {
	b, err := os.ReadFile("../flow/yasashii/kyoiku.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	grade := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if grade++; grade <= 2 {
			want.WriteString(line)
		}
	}
	for r := 'ぁ'; r <= 'ゖ'; r++ {
		want.WriteRune(r)
	}
	for r := 'ァ'; r <= 'ヺ'; r++ {
		want.WriteRune(r)
	}
	want.WriteString("ー・0123456789０１２３４５６７８９ABCxyz、。「」？！（）")
	missing, err := Missing(want.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("no glyphs for %q", string(missing))
	}
	if got, _ := Missing("そうだん 話す　鬱〒"); string(got) != "鬱〒" {
		t.Errorf("Missing = %q, want 鬱〒 (spaces need no glyph)", string(got))
	}
}

func TestDecodeFaceErrors(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	good, err := gzip.NewReader(bytes.NewReader(outlinesGz))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	raw.ReadFrom(good)
	for name, data := range map[string][]byte{
		"not gzip":  []byte("TSGLYPH1"),
		"magic":     gz([]byte("NOTGLYPH")),
		"header":    gz([]byte("TSGLYPH1\x00")),
		"truncated": gz(raw.Bytes()[:raw.Len()/2]),
	} {
		if _, err := decodeFace(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	f, err := decodeFace(outlinesGz)
	if err != nil {
		t.Fatal(err)
	}
	if f.upem != 1000 || f.glyphs['あ'] == nil || f.glyphs['あ'].advance != 1000 || f.glyphs[' '] != nil {
		t.Errorf("face: upem %v, あ present %v, space present %v", f.upem, f.glyphs['あ'] != nil, f.glyphs[' '] != nil)
	}
	if w := f.width("あい う", 100); w != 330 {
		t.Errorf("width = %v, want 3 em + a space of 0.3 em", w)
	}
}
