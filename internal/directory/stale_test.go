package directory

import (
	"slices"
	"strings"
	"testing"
)

func TestStale(t *testing.T) {
	d := embedded(t)
	tests := []struct {
		name    string
		now     [3]int
		want    []string
		notWant []string
	}{
		{"a month after the newest check", [3]int{2024, 4, 1},
			[]string{
				`place "volunteer-center": unverified: the source gives no date (checked is empty)`,
				`place "nodoka": checked 2016-04-18, more than 12 months ago`,
				`place "hotnet": phone not confirmed: residents are sent to the council's number`,
				`place "council": opening hours unknown`,
				`hotline "kodomo-iryo": opening hours unknown`,
				`hotline "police": unverified: the source gives no date (checked is empty)`,
			},
			[]string{`hotline "inochi-free": checked`, `hotline "tokyo-inochi": checked`, `place "nodoka": phone`}},
		{"exactly 12 months after a check", [3]int{2025, 3, 1},
			nil,
			[]string{`hotline "inochi-free": checked`}},
		{"a day later", [3]int{2025, 3, 2},
			[]string{`hotline "inochi-free": checked 2024-03-01, more than 12 months ago`},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Stale(jst(tt.now[0], 1, 1, 0, 0).AddDate(0, tt.now[1]-1, tt.now[2]-1))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Stale lacks %q", w)
				}
			}
			for _, nw := range tt.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw) {
						t.Errorf("Stale has %q", g)
					}
				}
			}
		})
	}
	// Every check note reaches the coordinators.
	got := strings.Join(d.Stale(jst(2026, 11, 27, 0, 0)), "\n")
	for _, p := range d.All() {
		if p.Check != "" && !strings.Contains(got, p.Check) {
			t.Errorf("check note of %s not reported", p.ID)
		}
	}
	for _, h := range d.AllHotlines() {
		if h.Check != "" && !strings.Contains(got, h.Check) {
			t.Errorf("check note of %s not reported", h.ID)
		}
	}
}

func TestResidentTexts(t *testing.T) {
	d := embedded(t)
	texts := d.ResidentTexts()
	seen := map[string]bool{}
	for _, tx := range texts {
		seen[tx.Where] = true
		if strings.Contains(tx.Text, "出典") {
			t.Errorf("%s: coordinator text leaked to residents: %q", tx.Where, tx.Text)
		}
	}
	for _, w := range []string{`place "nodoka": helps`, `place "nodoka": hours.text`,
		`place "hotnet": note`, `place "seikatsu-support": address_note`, `hotline "tfd-7119": note`} {
		if !seen[w] {
			t.Errorf("ResidentTexts lacks %s", w)
		}
	}
}
