package main

import (
	_ "embed"
	"fmt"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// oflText is the SIL Open Font License 1.1, as distributed with the font
// (Debian fonts-noto-cjk, /usr/share/doc/fonts-noto-cjk/copyright).
//
//go:embed OFL.txt
var oflText string

// licence is the notice written beside the outlines: the OFL requires each
// copy of a Modified Version to carry the font's copyright notice and the
// licence.
func licence(f *sfnt.Font, face string) ([]byte, error) {
	var buf sfnt.Buffer
	name := func(id sfnt.NameID) string {
		s, _ := f.Name(&buf, id)
		return s
	}
	copyright := name(sfnt.NameIDCopyright)
	if copyright == "" {
		return nil, fmt.Errorf("font %s has no copyright notice", face)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `The glyph outlines in outlines.bin.gz are a Modified Version of the Font
Software "%s" (%s): a subset of its outlines
(the characters in chars.txt), converted by internal/richmenu/gen to a
format of tsunagu's own. They are not a font and carry no font name.

%s
%s
Licence of the font (name ID 13): %s

The outlines are distributed under the SIL Open Font License 1.1, below.
The rich menu images drawn with them are documents created using the Font
Software: the licence does not apply to them.

`, face, name(sfnt.NameIDVersion), copyright, name(sfnt.NameIDTrademark), name(sfnt.NameIDLicense))
	b.WriteString(oflText)
	return []byte(b.String()), nil
}
