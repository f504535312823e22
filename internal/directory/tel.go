package directory

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// A Japanese number with area or service code: 042-497-5061,
	// 0120-9109-77, 0570-087478, 03-5285-8898.
	longNumber = regexp.MustCompile(`^0[0-9]+(-[0-9]+){1,2}$`)
	// Three-digit special numbers: 110, 119, 188, 189.
	shortNumber = regexp.MustCompile(`^1[0-9]{2}$`)
	// Short numbers dialled with a hash: #7119, #8000, #8008.
	hashNumber = regexp.MustCompile(`^#[0-9]{4}$`)
)

// TelURI turns a phone number as written into a tel: URI (RFC 3966) that a
// LINE URI action can open.
//
// Hyphens are visual separators and are dropped. A leading '#' is written
// as %23: '#' starts the fragment of any URI (RFC 3986), so a raw
// "tel:#7119" reaches the dialer as an empty number, and RFC 3966 requires
// the escape; LINE asks for percent-encoded URIs. The numbers are domestic
// (short codes such as 110 and #7119 have no international form), so the
// URI is the local form without "+81" or a phone-context parameter, which
// phone dialers accept.
func TelURI(number string) (string, error) {
	if err := checkNumber(number); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("tel:")
	for _, r := range number {
		switch {
		case r == '#':
			b.WriteString("%23")
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// checkNumber accepts the forms of Japanese numbers the directory uses.
func checkNumber(number string) error {
	switch {
	case shortNumber.MatchString(number), hashNumber.MatchString(number):
		return nil
	case longNumber.MatchString(number):
		digits := strings.Count(number, "") - 1 - strings.Count(number, "-")
		if digits == 10 || digits == 11 {
			return nil
		}
	}
	return fmt.Errorf("bad phone number %q (want 042-497-5061, 0120-279-338, 110 or #7119)", number)
}
