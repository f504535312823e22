// Package richmenu reads the rich menu of flows/richmenu.yaml, validates it
// and draws its image in code. It is pure: no network, no system font (the
// glyph outlines it needs are embedded, see ./gen). internal/line applies
// the menu through the Messaging API; `tsunagu richmenu apply` wires both.
//
// # The file
//
//	richmenu:
//	  name: tsunagu-main         # starts with "tsunagu": apply replaces menus by name
//	  chat_bar_text: メニュー     # on the chat bar, ≤ 14 characters
//	  size: {width: 2500, height: 1686}   # or 2500 × 843
//	  grid: {rows: 2, cols: 3}
//	  background: "#F4EFE6"      # optional
//	  areas:
//	    - label: そうだんする      # drawn on the tile, ≤ 20 characters
//	      icon: chat              # optional: chat, person, phone, question, restart, stop
//	      color: "#1D7A4C"        # tile colour; the text is white or black, whichever reads better
//	      row: 1                  # cell of the grid, from 1
//	      col: 1
//	      col_span: 2             # optional, 1 by default; row_span too
//	      command: restart        # a global command of flows/settings.yaml (postback v1:c:restart) …
//	    - label: しゃきょうに でんわ
//	      uri: tel:0424975061     # … or a tel: or https: link
//
// A tap on a command area sends the postback v1:c:<id> with the label as
// display text (it shows in the chat as the resident's words). The tap area
// is the whole grid cell; the tile is drawn inside it with a margin.
//
// Load reports every problem at once: unknown commands, labels over 20
// characters or breaking the やさしい日本語 label rules, labels too long to
// be drawn at a readable size, characters without embedded glyphs (with the
// command that regenerates them), areas outside the grid or overlapping,
// colours that are not #RRGGBB, URIs other than tel: and https:.
package richmenu
