package directory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// hoursYAML is the opening hours of an entry in channels.yaml. The rule
// fields follow the Open Referral HSDS schedule (byday, bymonthday,
// opens_at, closes_at).
type hoursYAML struct {
	// Text is what residents read (rule 6: 月曜日〜金曜日 8:30〜17:00).
	Text string `yaml:"text"`
	// Always: 24 hours a day. Unknown: the hours are not known.
	Always  bool       `yaml:"always"`
	Unknown bool       `yaml:"unknown"`
	Rules   []ruleYAML `yaml:"schedule"`
	// Closed lists closures of the byday rules: holidays, new_year.
	Closed []string `yaml:"closed"`
}

type ruleYAML struct {
	ByDay      []string `yaml:"byday"`      // MO TU WE TH FR SA SU
	ByMonthDay int      `yaml:"bymonthday"` // 1–31
	On         string   `yaml:"on"`         // holidays | new_year
	OpensAt    string   `yaml:"opens_at"`   // H:MM, 0:00–23:59
	ClosesAt   string   `yaml:"closes_at"`  // H:MM up to 24:00, or 翌H:MM (next day)
}

var dayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// nextDay marks a closing time on the following day, as Japanese timetables
// write it (12:00〜翌5:30).
const nextDay = "翌"

// schedule converts and checks the hours; report receives each problem
// with the field it is about.
func (h hoursYAML) schedule(report func(field, msg string)) Schedule {
	var s Schedule
	if strings.TrimSpace(h.Text) == "" {
		report("hours.text", "missing (the hours residents read)")
	}
	modes := 0
	for _, on := range []bool{h.Always, h.Unknown, len(h.Rules) > 0} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		report("hours", "give exactly one of always: true, unknown: true or schedule")
	}
	s.Always, s.Unknown = h.Always, h.Unknown
	for _, c := range h.Closed {
		switch c {
		case "holidays":
			s.ClosedOnHolidays = true
		case "new_year":
			s.ClosedNewYear = true
		default:
			report("hours.closed", fmt.Sprintf("unknown closure %q (want holidays or new_year)", c))
		}
	}
	for i, ry := range h.Rules {
		field := fmt.Sprintf("hours.schedule[%d]", i)
		if r, ok := ry.rule(func(f, msg string) { report(field+f, msg) }); ok {
			s.Rules = append(s.Rules, r)
		}
	}
	if len(s.Rules) == len(h.Rules) {
		for _, want := range textFragments(s) {
			if !strings.Contains(h.Text, want) {
				report("hours.text", fmt.Sprintf("does not say %q, which the schedule gives", want))
			}
		}
	}
	return s
}

func (ry ruleYAML) rule(report func(field, msg string)) (Rule, bool) {
	var r Rule
	ok := true
	fail := func(field, msg string) { report(field, msg); ok = false }
	selectors := 0
	if len(ry.ByDay) > 0 {
		selectors++
		for _, code := range ry.ByDay {
			d, known := dayCodes[code]
			if !known {
				fail(".byday", fmt.Sprintf("unknown day %q (want MO TU WE TH FR SA SU)", code))
			}
			r.Weekdays = append(r.Weekdays, d)
		}
	}
	if ry.ByMonthDay != 0 {
		selectors++
		if ry.ByMonthDay < 1 || ry.ByMonthDay > 31 {
			fail(".bymonthday", fmt.Sprintf("%d is not a day of the month", ry.ByMonthDay))
		}
		r.MonthDay = ry.ByMonthDay
	}
	if ry.On != "" {
		selectors++
		switch ry.On {
		case "holidays":
			r.Holidays = true
		case "new_year":
			r.NewYear = true
		default:
			fail(".on", fmt.Sprintf("unknown %q (want holidays or new_year)", ry.On))
		}
	}
	if selectors != 1 {
		fail("", "give exactly one of byday, bymonthday or on")
	}
	var err error
	if r.Opens, err = parseClock(ry.OpensAt, false); err != nil {
		fail(".opens_at", err.Error())
	}
	if r.Closes, err = parseClock(ry.ClosesAt, true); err != nil {
		fail(".closes_at", err.Error())
	} else if ok && r.Closes <= r.Opens {
		fail(".closes_at", fmt.Sprintf("%q is not after opens_at %q (write %s%s for the next day)",
			ry.ClosesAt, ry.OpensAt, nextDay, ry.ClosesAt))
	}
	return r, ok
}

// parseClock reads H:MM (0:00–24:00) as minutes after midnight; with
// allowNext, 翌H:MM is the next day (H:MM + 24 h).
func parseClock(s string, allowNext bool) (int, error) {
	bad := func() (int, error) {
		if allowNext {
			return 0, fmt.Errorf("bad time %q (want H:MM from 0:00 to 24:00, or %sH:MM)", s, nextDay)
		}
		return 0, fmt.Errorf("bad time %q (want H:MM from 0:00 to 23:59)", s)
	}
	v, add := s, 0
	if rest, ok := strings.CutPrefix(s, nextDay); ok && allowNext {
		v, add = rest, 24*60
	}
	hs, ms, found := strings.Cut(v, ":")
	if !found || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 {
		return bad()
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0) {
		return bad()
	}
	min := h*60 + m
	if (!allowNext && min >= 24*60) || (add > 0 && min >= 24*60) {
		return bad()
	}
	return min + add, nil
}

// clock formats minutes after midnight as H:MM, with 翌 past midnight.
func clock(min int) string {
	if min > 24*60 {
		return fmt.Sprintf("%s%d:%02d", nextDay, (min-24*60)/60, min%60)
	}
	return fmt.Sprintf("%d:%02d", min/60, min%60)
}

// textFragments lists what the residents' text must say for the schedule:
// each span as H:MM〜H:MM, and 24時間 for whole days and days of the month
// as N日. It keeps the text and the schedule from drifting apart.
func textFragments(s Schedule) []string {
	const allDay = "24時間"
	if s.Always {
		return []string{allDay}
	}
	var out []string
	for _, r := range s.Rules {
		if r.Opens == 0 && r.Closes >= 24*60 {
			out = append(out, allDay)
		} else {
			out = append(out, clock(r.Opens)+"〜"+clock(r.Closes))
		}
		if r.MonthDay > 0 {
			out = append(out, strconv.Itoa(r.MonthDay)+"日")
		}
	}
	return out
}
