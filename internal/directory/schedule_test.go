package directory

import (
	"testing"
	"time"
)

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

// Schedules shaped like those of channels.yaml.
var (
	// 生活サポート相談窓口: 月曜日〜金曜日 8:30〜17:00, closed on holidays and 12/29–1/3.
	officeHours = Schedule{
		Rules:            []Rule{{Weekdays: weekdays, Opens: 8*60 + 30, Closes: 17 * 60}},
		ClosedOnHolidays: true, ClosedNewYear: true,
	}
	// のどか: weekdays 9–16, Saturday 9–12 and 13–16.
	nodokaHours = Schedule{
		Rules: []Rule{
			{Weekdays: weekdays, Opens: 9 * 60, Closes: 16 * 60},
			{Weekdays: []time.Weekday{time.Saturday}, Opens: 9 * 60, Closes: 12 * 60},
			{Weekdays: []time.Weekday{time.Saturday}, Opens: 13 * 60, Closes: 16 * 60},
		},
		ClosedOnHolidays: true, ClosedNewYear: true,
	}
	// 東京都自殺相談ダイヤル: 毎日 12:00〜翌5:30.
	overnight = Schedule{Rules: []Rule{{Weekdays: everyDay, Opens: 12 * 60, Closes: 29*60 + 30}}}
	// いのちの電話 (free line): 毎日 16:00〜21:00, 24 hours on the 10th.
	tenth = Schedule{Rules: []Rule{
		{Weekdays: everyDay, Opens: 16 * 60, Closes: 21 * 60},
		{MonthDay: 10, Opens: 0, Closes: 24 * 60},
	}}
	// 児童相談センター: nights, weekends, holidays and New Year.
	nightsAndHolidays = Schedule{Rules: []Rule{
		{Weekdays: weekdays, Opens: 17 * 60, Closes: 33 * 60},
		{Weekdays: []time.Weekday{time.Saturday}, Opens: 0, Closes: 24 * 60},
		{Weekdays: []time.Weekday{time.Sunday}, Opens: 0, Closes: 33 * 60},
		{Holidays: true, Opens: 0, Closes: 33 * 60},
		{NewYear: true, Opens: 0, Closes: 33 * 60},
	}}
)

// jst builds a time in Asia/Tokyo.
func jst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Tokyo())
}

func TestStatus(t *testing.T) {
	var zero time.Time
	tests := []struct {
		name     string
		s        Schedule
		at       time.Time
		open     bool
		until    time.Time
		nextOpen time.Time
	}{
		// 2026-11-27 is a Friday.
		{"minute before opening", officeHours, jst(2026, 11, 27, 8, 29), false, zero, jst(2026, 11, 27, 8, 30)},
		{"opening minute", officeHours, jst(2026, 11, 27, 8, 30), true, jst(2026, 11, 27, 17, 0), zero},
		{"last open minute", officeHours, jst(2026, 11, 27, 16, 59), true, jst(2026, 11, 27, 17, 0), zero},
		{"closing minute skips the weekend", officeHours, jst(2026, 11, 27, 17, 0), false, zero, jst(2026, 11, 30, 8, 30)},
		{"Friday evening before a holiday Monday", officeHours, jst(2026, 11, 20, 18, 0), false, zero, jst(2026, 11, 24, 8, 30)},
		{"holiday Monday", officeHours, jst(2026, 11, 23, 10, 0), false, zero, jst(2026, 11, 24, 8, 30)},
		{"silver week 2026 (敬老, 国民の休日, 秋分)", officeHours, jst(2026, 9, 21, 10, 0), false, zero, jst(2026, 9, 24, 8, 30)},
		{"振替休日", officeHours, jst(2027, 3, 22, 10, 0), false, zero, jst(2027, 3, 23, 8, 30)},
		{"before New Year closing", officeHours, jst(2026, 12, 28, 16, 0), true, jst(2026, 12, 28, 17, 0), zero},
		{"New Year closing 12/29", officeHours, jst(2026, 12, 29, 10, 0), false, zero, jst(2027, 1, 4, 8, 30)},
		{"New Year closing 1/3", officeHours, jst(2027, 1, 3, 10, 0), false, zero, jst(2027, 1, 4, 8, 30)},
		{"UTC input is read in Tokyo", officeHours, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), true, jst(2026, 11, 27, 17, 0), zero},
		{"UTC evening is the next Tokyo morning", officeHours, time.Date(2026, 11, 26, 23, 45, 0, 0, time.UTC), true, jst(2026, 11, 27, 17, 0), zero},

		{"Saturday morning", nodokaHours, jst(2026, 11, 28, 11, 59), true, jst(2026, 11, 28, 12, 0), zero},
		{"Saturday lunch break starts", nodokaHours, jst(2026, 11, 28, 12, 0), false, zero, jst(2026, 11, 28, 13, 0)},
		{"Saturday lunch break", nodokaHours, jst(2026, 11, 28, 12, 30), false, zero, jst(2026, 11, 28, 13, 0)},
		{"Saturday afternoon", nodokaHours, jst(2026, 11, 28, 13, 0), true, jst(2026, 11, 28, 16, 0), zero},
		{"Saturday closing to Monday", nodokaHours, jst(2026, 11, 28, 16, 0), false, zero, jst(2026, 11, 30, 9, 0)},
		{"Sunday", nodokaHours, jst(2026, 11, 29, 10, 0), false, zero, jst(2026, 11, 30, 9, 0)},
		{"Saturday before a holiday Monday", nodokaHours, jst(2026, 11, 21, 16, 0), false, zero, jst(2026, 11, 24, 9, 0)},
		{"Saturday inside New Year", nodokaHours, jst(2027, 1, 2, 10, 0), false, zero, jst(2027, 1, 4, 9, 0)},

		{"across midnight: evening", overnight, jst(2026, 11, 27, 23, 0), true, jst(2026, 11, 28, 5, 30), zero},
		{"across midnight: small hours", overnight, jst(2026, 11, 28, 3, 0), true, jst(2026, 11, 28, 5, 30), zero},
		{"across midnight: closing minute", overnight, jst(2026, 11, 28, 5, 30), false, zero, jst(2026, 11, 28, 12, 0)},
		{"across midnight: opening minute", overnight, jst(2026, 11, 28, 12, 0), true, jst(2026, 11, 29, 5, 30), zero},
		{"across midnight on New Year's Eve", overnight, jst(2026, 12, 31, 23, 59), true, jst(2027, 1, 1, 5, 30), zero},

		{"the 10th, small hours", tenth, jst(2026, 12, 10, 3, 0), true, jst(2026, 12, 11, 0, 0), zero},
		{"the 9th, evening", tenth, jst(2026, 12, 9, 20, 0), true, jst(2026, 12, 9, 21, 0), zero},
		{"the 9th, late: opens at midnight", tenth, jst(2026, 12, 9, 22, 0), false, zero, jst(2026, 12, 10, 0, 0)},
		{"the 11th, morning", tenth, jst(2026, 12, 11, 10, 0), false, zero, jst(2026, 12, 11, 16, 0)},

		{"weekend and holiday Monday join", nightsAndHolidays, jst(2026, 11, 21, 10, 0), true, jst(2026, 11, 24, 9, 0), zero},
		{"holiday Monday noon", nightsAndHolidays, jst(2026, 11, 23, 12, 0), true, jst(2026, 11, 24, 9, 0), zero},
		{"weekday daytime", nightsAndHolidays, jst(2026, 11, 25, 12, 0), false, zero, jst(2026, 11, 25, 17, 0)},
		{"weekday night", nightsAndHolidays, jst(2026, 11, 25, 23, 0), true, jst(2026, 11, 26, 9, 0), zero},
		{"Friday night runs into the weekend", nightsAndHolidays, jst(2026, 11, 27, 17, 0), true, jst(2026, 11, 30, 9, 0), zero},
		{"New Year", nightsAndHolidays, jst(2026, 12, 30, 12, 0), true, jst(2027, 1, 4, 9, 0), zero},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.s.Status(tt.at)
			if got.Open != tt.open || !got.Until.Equal(tt.until) || !got.NextOpen.Equal(tt.nextOpen) || got.Always || got.Unknown {
				t.Errorf("Status(%s) = open %v until %v next %v (always %v unknown %v); want open %v until %v next %v",
					tt.at, got.Open, got.Until, got.NextOpen, got.Always, got.Unknown, tt.open, tt.until, tt.nextOpen)
			}
			if !got.NextOpen.IsZero() && got.NextOpen.Location() != Tokyo() {
				t.Errorf("NextOpen in %v, want Asia/Tokyo", got.NextOpen.Location())
			}
		})
	}
}

func TestStatusAlwaysAndUnknown(t *testing.T) {
	at := jst(2027, 1, 1, 3, 0)
	if got := (Schedule{Always: true}).Status(at); got != (Status{Open: true, Always: true}) {
		t.Errorf("always: %+v", got)
	}
	got := (Schedule{Unknown: true}).Status(at)
	if got != (Status{Unknown: true}) {
		t.Errorf("unknown: %+v", got)
	}
	if (Schedule{Unknown: true}).OpenAt(at) {
		t.Error("unknown hours reported open")
	}
	// A schedule without any rule never opens.
	if got := (Schedule{}).Status(at); got.Open || !got.NextOpen.IsZero() {
		t.Errorf("empty schedule: %+v", got)
	}
}

func TestTokyoFallbackAgrees(t *testing.T) {
	fixed := time.FixedZone("JST", 9*60*60)
	for _, at := range []time.Time{jst(1990, 6, 1, 0, 0), jst(2026, 7, 1, 12, 0), jst(2099, 12, 31, 23, 59)} {
		_, off := at.Zone()
		if off != 9*60*60 || at.In(fixed).Hour() != at.Hour() {
			t.Errorf("%v: offset %d, want +09:00", at, off)
		}
	}
}
