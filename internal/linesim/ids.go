package linesim

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strconv"
	"sync/atomic"
	"time"
)

// UserID returns a LINE-shaped user ID ("U" and 32 hex digits) derived
// from name, so tests and the demo can name residents ("alice") and still
// send IDs that LINE would accept.
func UserID(name string) string { return derivedID("U", name) }

// GroupID returns a LINE-shaped group chat ID ("C" and 32 hex digits)
// derived from name.
func GroupID(name string) string { return derivedID("C", name) }

// RoomID returns a LINE-shaped multi-person chat ID ("R" and 32 hex digits)
// derived from name.
func RoomID(name string) string { return derivedID("R", name) }

// NewUserID returns a random LINE-shaped user ID.
func NewUserID() string { return "U" + randomHex(16) }

func derivedID(prefix, name string) string {
	sum := md5.Sum([]byte(prefix + ":" + name))
	return prefix + hex.EncodeToString(sum[:])
}

var (
	userIDPattern = regexp.MustCompile(`^U[0-9a-f]{32}$`)
	chatIDPattern = regexp.MustCompile(`^[UCR][0-9a-f]{32}$`)
)

// IsUserID reports whether s has the shape of a LINE user ID.
func IsUserID(s string) bool { return userIDPattern.MatchString(s) }

// isChatID reports whether s is a user, group or room ID.
func isChatID(s string) bool { return chatIDPattern.MatchString(s) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// newUUID returns a random (version 4) UUID, the shape of LINE's request
// IDs and of the retry keys it expects.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// NewRetryKey returns a fresh value for the X-Line-Retry-Key header.
func NewRetryKey() string { return newUUID() }

// isUUID reports whether s is a UUID in its canonical hyphenated form,
// which is what LINE accepts as a retry key.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// messageIDs hands out numeric message IDs like LINE's (18 digits).
var messageIDs atomic.Int64

func init() { messageIDs.Store(500000000000000000 + time.Now().UnixMilli()%1e9*1e6) }

func newMessageID() string { return strconv.FormatInt(messageIDs.Add(1), 10) }
