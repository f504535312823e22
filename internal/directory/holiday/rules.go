package holiday

import "time"

// national returns the 国民の祝日 of year y (article 2 of the law as amended
// up to the year, plus the days that special laws made 祝日), without the
// days off of article 3.
func national(y int) map[date]string {
	h := map[date]string{}
	set := func(m time.Month, d int, name string) { h[date{m, d}] = name }
	monday := func(m time.Month, n int) int { return nthMonday(y, m, n) }

	set(time.January, 1, "元日")
	if y >= 2000 {
		set(time.January, monday(time.January, 2), "成人の日")
	} else {
		set(time.January, 15, "成人の日")
	}
	set(time.February, 11, "建国記念の日")
	switch {
	case y >= 2020:
		set(time.February, 23, "天皇誕生日")
	case y >= 1989 && y <= 2018:
		set(time.December, 23, "天皇誕生日")
	case y <= 1988:
		set(time.April, 29, "天皇誕生日")
	}
	set(time.March, vernalEquinox(y), "春分の日")
	switch {
	case y >= 2007:
		set(time.April, 29, "昭和の日")
		set(time.May, 4, "みどりの日")
	case y >= 1989:
		set(time.April, 29, "みどりの日")
	}
	set(time.May, 3, "憲法記念日")
	set(time.May, 5, "こどもの日")

	// 海の日 (from 1996), moved for the Tokyo Olympics in 2020 and 2021.
	switch {
	case y == 2020:
		set(time.July, 23, "海の日")
	case y == 2021:
		set(time.July, 22, "海の日")
	case y >= 2003:
		set(time.July, monday(time.July, 3), "海の日")
	case y >= 1996:
		set(time.July, 20, "海の日")
	}
	// 山の日 (from 2016), moved in 2020 and 2021.
	switch {
	case y == 2020:
		set(time.August, 10, "山の日")
	case y == 2021:
		set(time.August, 8, "山の日")
	case y >= 2016:
		set(time.August, 11, "山の日")
	}
	if y >= 2003 {
		set(time.September, monday(time.September, 3), "敬老の日")
	} else {
		set(time.September, 15, "敬老の日")
	}
	set(time.September, autumnalEquinox(y), "秋分の日")
	// 体育の日, renamed スポーツの日 in 2020; moved in 2020 and 2021.
	switch {
	case y == 2020:
		set(time.July, 24, "スポーツの日")
	case y == 2021:
		set(time.July, 23, "スポーツの日")
	case y >= 2022:
		set(time.October, monday(time.October, 2), "スポーツの日")
	case y >= 2000:
		set(time.October, monday(time.October, 2), "体育の日")
	default:
		set(time.October, 10, "体育の日")
	}
	set(time.November, 3, "文化の日")
	set(time.November, 23, "勤労感謝の日")

	// Days made 祝日 by special laws.
	switch y {
	case 1989:
		set(time.February, 24, "昭和天皇の大喪の礼")
	case 1990:
		set(time.November, 12, "即位礼正殿の儀")
	case 1993:
		set(time.June, 9, "皇太子徳仁親王の結婚の儀")
	case 2019:
		set(time.May, 1, "天皇の即位の日")
		set(time.October, 22, "即位礼正殿の儀の行われる日")
	}
	return h
}

// nthMonday returns the day of month of the n-th Monday of month m in year y.
func nthMonday(y int, m time.Month, n int) int {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	offset := (int(time.Monday) - int(first) + 7) % 7
	return 1 + offset + 7*(n-1)
}

// vernalEquinox returns the March day of 春分の日 by the approximation
// commonly used with the National Astronomical Observatory's 暦要項:
// int(20.8431 + 0.242194·(y−1980) − int((y−1980)/4)), valid 1980–2099.
// The Cabinet Office fixes each year's date by the 暦要項 published in the
// previous February; the formula matches it for the years it covers.
func vernalEquinox(y int) int {
	return int(20.8431 + 0.242194*float64(y-1980) - float64((y-1980)/4))
}

// autumnalEquinox returns the September day of 秋分の日:
// int(23.2488 + 0.242194·(y−1980) − int((y−1980)/4)), valid 1980–2099.
func autumnalEquinox(y int) int {
	return int(23.2488 + 0.242194*float64(y-1980) - float64((y-1980)/4))
}
