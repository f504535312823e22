package nlp

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
)

// Record is one data line of a TSV file in dict/, with its line number.
type Record struct {
	Line   int
	Fields []string
}

// ReadTSV reads a dictionary TSV file from fsys. Blank lines and lines
// starting with # are comments. The first other line is the header: it must
// list the wanted columns, in order (a file may add columns after them).
// Fields are trimmed of spaces; a missing trailing field is "". Every
// record has exactly len(columns) fields or more.
func ReadTSV(fsys fs.FS, name string, columns ...string) ([]Record, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	var out []Record
	header := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if !header {
			header = true
			if len(fields) < len(columns) {
				return nil, fmt.Errorf("read %s:%d: header %q, want columns %q", name, line, fields, columns)
			}
			for i, c := range columns {
				if !strings.EqualFold(fields[i], c) {
					return nil, fmt.Errorf("read %s:%d: header %q, want columns %q", name, line, fields, columns)
				}
			}
			continue
		}
		for len(fields) < len(columns) {
			fields = append(fields, "")
		}
		out = append(out, Record{Line: line, Fields: fields})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !header {
		return nil, fmt.Errorf("read %s: no header line (want columns %q)", name, columns)
	}
	return out, nil
}
