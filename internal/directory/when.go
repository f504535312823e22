package directory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// labelsYAML holds the words used to tell residents a time (the labels:
// section of channels.yaml), so that no Japanese text lives in Go code.
type labelsYAML struct {
	// Weekdays are the names of the days, Sunday first.
	Weekdays []string `yaml:"weekdays"`
	// Today and Tomorrow replace the date for those days.
	Today    string `yaml:"today"`
	Tomorrow string `yaml:"tomorrow"`
	// Date is the pattern of other days, with {month}, {day} and {weekday}.
	Date string `yaml:"date"`
}

func (l labelsYAML) check(c *checker) labelsYAML {
	if len(l.Weekdays) != 7 {
		c.add(FileName, "labels.weekdays", fmt.Sprintf("has %d names, want 7 (Sunday first)", len(l.Weekdays)))
	}
	for field, v := range map[string]string{"labels.today": l.Today, "labels.tomorrow": l.Tomorrow} {
		if v == "" {
			c.add(FileName, field, "missing")
		}
	}
	for _, ph := range []string{"{month}", "{day}"} {
		if !strings.Contains(l.Date, ph) {
			c.add(FileName, "labels.date", fmt.Sprintf("must contain %s", ph))
		}
	}
	return l
}

// When tells a resident the time t as seen at now, both in Asia/Tokyo:
// "きょう 16:00", "あした 9:00" or "12月1日（月曜日） 8:30" with the labels
// of channels.yaml; times follow rule 6 of yasashii-nihongo.md (H:MM).
// Use it with Status.NextOpen and Status.Until.
func (d *Directory) When(t, now time.Time) string {
	t, now = t.In(tokyo), now.In(tokyo)
	hm := fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
	days := int(midnight(t).Sub(midnight(now)).Round(time.Hour).Hours() / 24)
	switch days {
	case 0:
		return d.labels.Today + " " + hm
	case 1:
		return d.labels.Tomorrow + " " + hm
	}
	date := strings.NewReplacer(
		"{month}", strconv.Itoa(int(t.Month())),
		"{day}", strconv.Itoa(t.Day()),
		"{weekday}", d.labels.Weekdays[t.Weekday()],
	).Replace(d.labels.Date)
	return date + " " + hm
}
