package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

const systemFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"

// TestCommittedGlyphsUpToDate regenerates the glyphs where the font is
// installed and compares them with the committed ones: a change of
// flows/richmenu.yaml that needs new glyphs, or of the generator, must be
// followed by `go generate ./internal/richmenu`.
func TestCommittedGlyphsUpToDate(t *testing.T) {
	if _, err := os.Stat(systemFont); err != nil {
		t.Skip("fonts-noto-cjk is not installed")
	}
	out := t.TempDir()
	if err := run(systemFont, "Noto Sans CJK JP Bold", "../../../flows/richmenu.yaml", "../../flow/yasashii/kyoiku.txt", out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"chars.txt", "LICENSE.txt", "outlines.bin.gz"} {
		got, want := read(t, filepath.Join(out, name)), read(t, filepath.Join("../glyphs", name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed one: run go generate ./internal/richmenu", name)
		}
	}
}

// read returns a file's content, decompressed for .gz.
func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(path) != ".gz" {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	b, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFaceNotFound(t *testing.T) {
	if _, err := os.Stat(systemFont); err != nil {
		t.Skip("fonts-noto-cjk is not installed")
	}
	if _, err := openFace(systemFont, "Comic Sans"); err == nil {
		t.Error("no error for a face that is not in the collection")
	}
}
