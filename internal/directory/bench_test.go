package directory

import (
	"testing"

	"github.com/n-csw/tsunagu/flows"
)

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(flows.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusClosed searches the next opening across the New Year
// closing and a weekend, the longest search the directory needs.
func BenchmarkStatusClosed(b *testing.B) {
	at := jst(2026, 12, 28, 17, 0)
	for b.Loop() {
		if officeHours.Status(at).NextOpen.IsZero() {
			b.Fatal("no next opening")
		}
	}
}

func BenchmarkAfterHours(b *testing.B) {
	d, err := Load(flows.FS)
	if err != nil {
		b.Fatal(err)
	}
	at := jst(2026, 11, 28, 20, 0)
	for b.Loop() {
		if len(d.AfterHours("kosodate", at)) == 0 {
			b.Fatal("no lines")
		}
	}
}
