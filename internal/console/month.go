package console

import (
	"fmt"
	"net/url"
	"time"
)

// month is a calendar month in Asia/Tokyo, the unit of every figure.
type month struct {
	Y int
	M time.Month
}

func monthOf(t time.Time) month {
	t = t.In(tokyo)
	return month{t.Year(), t.Month()}
}

// Start is the first instant of the month in Tokyo.
func (m month) Start() time.Time { return time.Date(m.Y, m.M, 1, 0, 0, 0, 0, tokyo) }

func (m month) next() month { return monthOf(m.Start().AddDate(0, 1, 0)) }

func (m month) before(o month) bool { return m.Y < o.Y || (m.Y == o.Y && m.M < o.M) }

// String is "2026-11".
func (m month) String() string { return fmt.Sprintf("%04d-%02d", m.Y, int(m.M)) }

func parseMonth(s string) (month, bool) {
	t, err := time.ParseInLocation("2006-01", s, tokyo)
	if err != nil {
		return month{}, false
	}
	return monthOf(t), true
}

// maxMonths bounds a range (three years).
const maxMonths = 36

// period is a range of whole months, both ends included.
type period struct {
	From, To month
	Months   []month
}

// Start and End bound the period: Start ≤ t < End.
func (p period) Start() time.Time { return p.From.Start() }

// End is the first instant after the period.
func (p period) End() time.Time { return p.To.next().Start() }

// Query is the period as URL parameters.
func (p period) Query() string {
	return url.Values{"from": {p.From.String()}, "to": {p.To.String()}}.Encode()
}

// parsePeriod reads ?from=YYYY-MM&to=YYYY-MM; missing or bad values give
// the last n months up to the current one.
func parsePeriod(q url.Values, n int, now time.Time) period {
	to, ok := parseMonth(q.Get("to"))
	if !ok {
		to = monthOf(now)
	}
	from, ok := parseMonth(q.Get("from"))
	if !ok || to.before(from) {
		from = monthOf(to.Start().AddDate(0, -(n - 1), 0))
	}
	p := period{From: from, To: to}
	for m := from; !to.before(m); m = m.next() {
		p.Months = append(p.Months, m)
		if len(p.Months) == maxMonths {
			p.To = m
			break
		}
	}
	return p
}

// index maps each month of the period to its position.
func (p period) index() map[month]int {
	idx := make(map[month]int, len(p.Months))
	for i, m := range p.Months {
		idx[m] = i
	}
	return idx
}
