package directory

import (
	"slices"
	"time"

	"github.com/n-csw/tsunagu/internal/directory/holiday"
)

// tokyo is Asia/Tokyo, or a fixed +09:00 zone when the system has no tzdata
// (Japan has not observed daylight saving time since 1951, so both agree).
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}()

// Tokyo returns the location every opening hour is computed in.
func Tokyo() *time.Location { return tokyo }

// horizon bounds the search for the next opening (a year and then some, so
// that even a place open once a year is found).
const horizon = 400

// Schedule is the opening hours of a place or a line: weekly spans, closures
// on national holidays and over New Year (12/29–1/3), and extra spans on
// days of the month, holidays or New Year. Always and Unknown override the
// rules.
type Schedule struct {
	// Always: open 24 hours every day.
	Always bool
	// Unknown: the hours are not known (never guessed).
	Unknown bool
	// Rules open spans on the days they select.
	Rules []Rule
	// ClosedOnHolidays: weekday rules do not open on national holidays
	// (振替休日 and 国民の休日 included).
	ClosedOnHolidays bool
	// ClosedNewYear: weekday rules do not open from December 29 to January 3.
	ClosedNewYear bool
}

// Rule opens one span on each day it selects. Exactly one selector is set:
// Weekdays, MonthDay, Holidays or NewYear. Closures apply to Weekdays rules
// only; the other selectors add spans on top of them.
type Rule struct {
	Weekdays []time.Weekday
	MonthDay int  // 1–31: that day of every month
	Holidays bool // on national holidays
	NewYear  bool // on December 29 – January 3
	// Opens and Closes are minutes after midnight of the selected day.
	// Closes is after Opens and may pass 24:00 (1440): 12:00〜翌5:30 is
	// Opens 720, Closes 1770.
	Opens, Closes int
}

// Status says whether a schedule is open at an instant.
type Status struct {
	// Open at the instant asked about (always true when Always).
	Open bool
	// Always open (24 hours); Until and NextOpen are zero.
	Always bool
	// Unknown hours: Open is false but means "cannot tell".
	Unknown bool
	// Until is when an open schedule closes, after joining spans that
	// follow each other without a gap. Zero unless Open and not Always.
	Until time.Time
	// NextOpen is when a closed schedule opens next, in Asia/Tokyo. Zero
	// when open, unknown, or nothing opens within about a year.
	NextOpen time.Time
}

type span struct{ start, end time.Time }

// Status computes the schedule at t, in Asia/Tokyo whatever t's location.
func (s Schedule) Status(t time.Time) Status {
	switch {
	case s.Unknown:
		return Status{Unknown: true}
	case s.Always:
		return Status{Open: true, Always: true}
	}
	t = t.In(tokyo)
	if until := s.coveredUntil(t); !until.IsZero() {
		return Status{Open: true, Until: s.extend(until)}
	}
	return Status{NextOpen: s.next(t)}
}

// OpenAt reports whether the schedule is open at t (false when unknown).
func (s Schedule) OpenAt(t time.Time) bool { return s.Status(t).Open }

// coveredUntil returns the latest end of the spans that contain t (from
// t's day and the two days before it, as a span lasts at most 48 hours),
// or zero. Spans include their start and exclude their end.
func (s Schedule) coveredUntil(t time.Time) time.Time {
	var until time.Time
	day := midnight(t)
	for i := -2; i <= 0; i++ {
		for _, sp := range s.spans(day.AddDate(0, 0, i)) {
			if !t.Before(sp.start) && t.Before(sp.end) && sp.end.After(until) {
				until = sp.end
			}
		}
	}
	return until
}

// extend follows spans that start before or when the current one ends
// (a span that contains the current end continues the opening).
func (s Schedule) extend(until time.Time) time.Time {
	limit := until.AddDate(0, 0, horizon)
	for until.Before(limit) {
		next := s.coveredUntil(until)
		if next.IsZero() {
			return until
		}
		until = next
	}
	return until
}

// next returns the start of the first span after t, or zero.
func (s Schedule) next(t time.Time) time.Time {
	day := midnight(t)
	for i := 0; i <= horizon; i++ {
		var best time.Time
		for _, sp := range s.spans(day.AddDate(0, 0, i)) {
			if sp.start.After(t) && (best.IsZero() || sp.start.Before(best)) {
				best = sp.start
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return time.Time{}
}

// spans returns the spans that start on the day beginning at midnight day.
func (s Schedule) spans(day time.Time) []span {
	hol := holiday.IsHoliday(day)
	ny := isNewYear(day)
	closed := (s.ClosedOnHolidays && hol) || (s.ClosedNewYear && ny)
	var out []span
	for _, r := range s.Rules {
		var on bool
		switch {
		case len(r.Weekdays) > 0:
			on = !closed && slices.Contains(r.Weekdays, day.Weekday())
		case r.MonthDay > 0:
			on = day.Day() == r.MonthDay
		case r.Holidays:
			on = hol
		case r.NewYear:
			on = ny
		}
		if on {
			out = append(out, span{
				start: day.Add(time.Duration(r.Opens) * time.Minute),
				end:   day.Add(time.Duration(r.Closes) * time.Minute),
			})
		}
	}
	return out
}

// midnight returns the start of t's day in Asia/Tokyo.
func midnight(t time.Time) time.Time {
	y, m, d := t.In(tokyo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, tokyo)
}

// isNewYear reports whether day is within December 29 – January 3, the
// New Year closing of public offices in Japan.
func isNewYear(day time.Time) bool {
	m, d := day.Month(), day.Day()
	return (m == time.December && d >= 29) || (m == time.January && d <= 3)
}
