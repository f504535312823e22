// Package holiday computes the national holidays of Japan by the rules of
// 国民の祝日に関する法律 (the Public Holiday Law) and its amendments: fixed
// dates, Happy Monday days, the vernal and autumnal equinox days, 振替休日
// (substitute holidays), 国民の休日 (a day sandwiched between two holidays)
// and the special days of 2019 and of the 2020/2021 Olympic years.
//
// The rules are implemented for 1980–2099 (the range of the standard equinox
// approximation); every other year has no holidays here. Names are returned
// in Japanese as the law spells them: they are data, not interface text.
package holiday

import (
	"sort"
	"sync"
	"time"
)

// Holiday is one day off of a year.
type Holiday struct {
	// Date is midnight UTC of the day (only year, month and day matter).
	Date time.Time
	// Name is the holiday's name in Japanese, or 振替休日 / 国民の休日.
	Name string
}

// Names of the days that are not 国民の祝日 themselves but are days off by
// article 3 of the law.
const (
	Substitute = "振替休日"
	Sandwiched = "国民の休日"
)

// First and last year the rules are implemented for.
const (
	FirstYear = 1980
	LastYear  = 2099
)

var (
	mu    sync.Mutex
	cache = map[int]map[date]string{}
)

type date struct {
	m time.Month
	d int
}

// Name returns the holiday's name if the calendar day of d (its year, month
// and day in d's own location) is a national holiday or a day off by the law.
// Convert an instant to Asia/Tokyo before calling.
func Name(d time.Time) (string, bool) {
	y, m, day := d.Date()
	name, ok := year(y)[date{m, day}]
	return name, ok
}

// IsHoliday reports whether the calendar day of d is a national holiday,
// a 振替休日 or a 国民の休日.
func IsHoliday(d time.Time) bool {
	_, ok := Name(d)
	return ok
}

// InYear lists the holidays of year y in date order; empty outside
// FirstYear–LastYear.
func InYear(y int) []Holiday {
	days := year(y)
	out := make([]Holiday, 0, len(days))
	for k, name := range days {
		out = append(out, Holiday{Date: time.Date(y, k.m, k.d, 0, 0, 0, 0, time.UTC), Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// year returns the (cached, read-only) holidays of y.
func year(y int) map[date]string {
	mu.Lock()
	defer mu.Unlock()
	if h, ok := cache[y]; ok {
		return h
	}
	h := compute(y)
	cache[y] = h
	return h
}

// compute applies article 2 (the 祝日), then article 3 paragraph 2 (振替休日)
// and paragraph 3 (国民の休日).
func compute(y int) map[date]string {
	out := map[date]string{}
	if y < FirstYear || y > LastYear {
		return out
	}
	shukujitsu := national(y)
	for k, v := range shukujitsu {
		out[k] = v
	}
	day := func(k date) time.Time { return time.Date(y, k.m, k.d, 0, 0, 0, 0, time.UTC) }
	key := func(t time.Time) date { return date{t.Month(), t.Day()} }

	// 振替休日: a 祝日 on a Sunday moves a day off to the following day; from
	// 2007 to the nearest following day that is not a 祝日.
	substitutes := map[date]bool{}
	for k := range shukujitsu {
		t := day(k)
		if t.Weekday() != time.Sunday {
			continue
		}
		next := t.AddDate(0, 0, 1)
		if y >= 2007 {
			for {
				if _, ok := shukujitsu[key(next)]; !ok {
					break
				}
				next = next.AddDate(0, 0, 1)
			}
		} else if _, ok := shukujitsu[key(next)]; ok {
			continue
		}
		if next.Year() == y {
			substitutes[key(next)] = true
			out[key(next)] = Substitute
		}
	}

	// 国民の休日 (from 1985-12-27): a day whose previous and next days are
	// both 祝日. Until 2006 Sundays and 振替休日 were excluded; from 2007
	// only days that are 祝日 themselves are.
	for t := time.Date(y, 1, 2, 0, 0, 0, 0, time.UTC); t.Year() == y && !(t.Month() == 12 && t.Day() == 31); t = t.AddDate(0, 0, 1) {
		k := key(t)
		if _, ok := shukujitsu[k]; ok {
			continue
		}
		_, before := shukujitsu[key(t.AddDate(0, 0, -1))]
		_, after := shukujitsu[key(t.AddDate(0, 0, 1))]
		if !before || !after || y < 1986 {
			continue
		}
		if y < 2007 && (t.Weekday() == time.Sunday || substitutes[k]) {
			continue
		}
		if !substitutes[k] {
			out[k] = Sandwiched
		}
	}
	return out
}
