package holiday

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// published lists the holidays of some years as published by the Cabinet
// Office (内閣府「国民の祝日について」), as "MM-DD name".
var published = map[int][]string{
	2000: { // first Happy Monday year; 国民の休日 on 5/4 under the old rule
		"01-01 元日", "01-10 成人の日", "02-11 建国記念の日", "03-20 春分の日", "04-29 みどりの日",
		"05-03 憲法記念日", "05-04 国民の休日", "05-05 こどもの日", "07-20 海の日", "09-15 敬老の日",
		"09-23 秋分の日", "10-09 体育の日", "11-03 文化の日", "11-23 勤労感謝の日", "12-23 天皇誕生日",
	},
	2006: { // old 振替休日 rule: only the day after
		"01-01 元日", "01-02 振替休日", "01-09 成人の日", "02-11 建国記念の日", "03-21 春分の日",
		"04-29 みどりの日", "05-03 憲法記念日", "05-04 国民の休日", "05-05 こどもの日", "07-17 海の日",
		"09-18 敬老の日", "09-23 秋分の日", "10-09 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
		"12-23 天皇誕生日",
	},
	2008: { // new rule: 5/4 on a Sunday moves the day off to 5/6
		"01-01 元日", "01-14 成人の日", "02-11 建国記念の日", "03-20 春分の日", "04-29 昭和の日",
		"05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-21 海の日",
		"09-15 敬老の日", "09-23 秋分の日", "10-13 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
		"11-24 振替休日", "12-23 天皇誕生日",
	},
	2009: { // silver week: 9/22 国民の休日
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "03-20 春分の日", "04-29 昭和の日",
		"05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-20 海の日",
		"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 体育の日", "11-03 文化の日",
		"11-23 勤労感謝の日", "12-23 天皇誕生日",
	},
	2015: {
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "03-21 春分の日", "04-29 昭和の日",
		"05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-20 海の日",
		"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 体育の日", "11-03 文化の日",
		"11-23 勤労感謝の日", "12-23 天皇誕生日",
	},
	2019: { // accession: 4/30 and 5/2 国民の休日, no 天皇誕生日
		"01-01 元日", "01-14 成人の日", "02-11 建国記念の日", "03-21 春分の日", "04-29 昭和の日",
		"04-30 国民の休日", "05-01 天皇の即位の日", "05-02 国民の休日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-15 海の日", "08-11 山の日",
		"08-12 振替休日", "09-16 敬老の日", "09-23 秋分の日", "10-14 体育の日",
		"10-22 即位礼正殿の儀の行われる日", "11-03 文化の日", "11-04 振替休日", "11-23 勤労感謝の日",
	},
	2020: { // Olympic moves
		"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "02-24 振替休日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
		"05-06 振替休日", "07-23 海の日", "07-24 スポーツの日", "08-10 山の日", "09-21 敬老の日",
		"09-22 秋分の日", "11-03 文化の日", "11-23 勤労感謝の日",
	},
	2021: {
		"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "03-20 春分の日",
		"04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "07-22 海の日",
		"07-23 スポーツの日", "08-08 山の日", "08-09 振替休日", "09-20 敬老の日", "09-23 秋分の日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	},
	2024: {
		"01-01 元日", "01-08 成人の日", "02-11 建国記念の日", "02-12 振替休日", "02-23 天皇誕生日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
		"05-06 振替休日", "07-15 海の日", "08-11 山の日", "08-12 振替休日", "09-16 敬老の日",
		"09-22 秋分の日", "09-23 振替休日", "10-14 スポーツの日", "11-03 文化の日", "11-04 振替休日",
		"11-23 勤労感謝の日",
	},
	2025: {
		"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "02-24 振替休日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
		"05-06 振替休日", "07-21 海の日", "08-11 山の日", "09-15 敬老の日", "09-23 秋分の日",
		"10-13 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日", "11-24 振替休日",
	},
	2026: { // 9/22 国民の休日 between 敬老の日 and 秋分の日
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "03-20 春分の日",
		"04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日",
		"07-20 海の日", "08-11 山の日", "09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日",
		"10-12 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日",
	},
	2027: { // published 2026-02-02: 春分の日 on a Sunday
		"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "03-21 春分の日",
		"03-22 振替休日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
		"07-19 海の日", "08-11 山の日", "09-20 敬老の日", "09-23 秋分の日", "10-11 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	},
}

func TestInYearMatchesPublishedLists(t *testing.T) {
	for y, want := range published {
		t.Run(fmt.Sprint(y), func(t *testing.T) {
			var got []string
			for _, h := range InYear(y) {
				got = append(got, h.Date.Format("01-02")+" "+h.Name)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("InYear(%d) mismatch (-want +got):\n%s", y, diff)
			}
		})
	}
}

// equinoxes are the equinox days of 2000–2030 as published (国立天文台 暦要項),
// "vernal/autumnal" day of March and September.
var equinoxes = map[int][2]int{
	2000: {20, 23}, 2001: {20, 23}, 2002: {21, 23}, 2003: {21, 23}, 2004: {20, 23},
	2005: {20, 23}, 2006: {21, 23}, 2007: {21, 23}, 2008: {20, 23}, 2009: {20, 23},
	2010: {21, 23}, 2011: {21, 23}, 2012: {20, 22}, 2013: {20, 23}, 2014: {21, 23},
	2015: {21, 23}, 2016: {20, 22}, 2017: {20, 23}, 2018: {21, 23}, 2019: {21, 23},
	2020: {20, 22}, 2021: {20, 23}, 2022: {21, 23}, 2023: {21, 23}, 2024: {20, 22},
	2025: {20, 23}, 2026: {20, 23}, 2027: {21, 23}, 2028: {20, 22}, 2029: {20, 23},
	2030: {20, 23},
}

func TestEquinoxFormula(t *testing.T) {
	for y := 2000; y <= 2030; y++ {
		want, ok := equinoxes[y]
		if !ok {
			t.Fatalf("no published equinoxes for %d in the table", y)
		}
		if got := [2]int{vernalEquinox(y), autumnalEquinox(y)}; got != want {
			t.Errorf("equinoxes %d = %v, want %v", y, got, want)
		}
		spring := time.Date(y, time.March, want[0], 12, 0, 0, 0, time.UTC)
		if name, _ := Name(spring); name != "春分の日" {
			t.Errorf("Name(%s) = %q, want 春分の日", spring.Format(time.DateOnly), name)
		}
		autumn := time.Date(y, time.September, want[1], 12, 0, 0, 0, time.UTC)
		if name, _ := Name(autumn); name != "秋分の日" {
			t.Errorf("Name(%s) = %q, want 秋分の日", autumn.Format(time.DateOnly), name)
		}
	}
}

func TestName(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	tests := []struct {
		day  time.Time
		want string
	}{
		{time.Date(2027, 3, 21, 0, 0, 0, 0, jst), "春分の日"},
		{time.Date(2027, 3, 22, 0, 0, 0, 0, jst), Substitute}, // 春分 on a Sunday
		{time.Date(2018, 12, 23, 0, 0, 0, 0, jst), "天皇誕生日"},
		{time.Date(2018, 12, 24, 0, 0, 0, 0, jst), Substitute},
		{time.Date(2019, 12, 23, 0, 0, 0, 0, jst), ""},
		{time.Date(2015, 8, 11, 0, 0, 0, 0, jst), ""}, // 山の日 starts in 2016
		{time.Date(2016, 8, 11, 0, 0, 0, 0, jst), "山の日"},
		{time.Date(2032, 9, 21, 0, 0, 0, 0, jst), "国民の休日"}, // 敬老の日 9/20, 秋分 9/22
		{time.Date(1989, 2, 24, 0, 0, 0, 0, jst), "昭和天皇の大喪の礼"},
		{time.Date(2024, 12, 29, 0, 0, 0, 0, jst), ""}, // New Year closing is not a holiday
		// The calendar day of the value is used, whatever its location.
		{time.Date(2024, 1, 1, 23, 59, 0, 0, time.UTC), "元日"},
		{time.Date(2100, 1, 1, 0, 0, 0, 0, jst), ""}, // outside the implemented range
	}
	for _, tt := range tests {
		got, ok := Name(tt.day)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Name(%s) = %q, %v; want %q", tt.day.Format(time.DateOnly), got, ok, tt.want)
		}
		if IsHoliday(tt.day) != (tt.want != "") {
			t.Errorf("IsHoliday(%s) = %v", tt.day.Format(time.DateOnly), !ok)
		}
	}
}

// TestEveryYear checks invariants over the whole implemented range: every
// 祝日 on a Sunday has a day off after it, and no 振替休日 or 国民の休日 is
// a 祝日 itself.
func TestEveryYear(t *testing.T) {
	for y := 2000; y <= LastYear; y++ {
		days := year(y)
		nat := national(y)
		if len(nat) < 14 {
			t.Errorf("%d: only %d 祝日", y, len(nat))
		}
		for k := range nat {
			d := time.Date(y, k.m, k.d, 0, 0, 0, 0, time.UTC)
			if d.Weekday() != time.Sunday {
				continue
			}
			next := d.AddDate(0, 0, 1)
			for {
				name, ok := days[date{next.Month(), next.Day()}]
				if !ok {
					t.Errorf("%s: 祝日 on Sunday without a 振替休日 after it", d.Format(time.DateOnly))
					break
				}
				if name == Substitute {
					break
				}
				next = next.AddDate(0, 0, 1)
			}
		}
		for k, name := range days {
			if _, isNat := nat[k]; isNat && (name == Substitute || name == Sandwiched) {
				t.Errorf("%d-%02d-%02d: 祝日 overwritten by %s", y, k.m, k.d, name)
			}
		}
	}
}
