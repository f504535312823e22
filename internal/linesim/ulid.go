package linesim

import (
	"crypto/rand"
	"sync"
	"time"
)

// crockford is the ULID alphabet (Crockford's base32).
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ulidSource makes ULIDs that sort by creation time: 48 bits of Unix
// milliseconds then 80 random bits; within one millisecond the random part
// is incremented, so IDs stay strictly increasing. A time earlier than the
// last one (a test clock) gets fresh randomness and its own millisecond.
type ulidSource struct {
	mu     sync.Mutex
	lastMs uint64
	rnd    [10]byte
}

var ulids ulidSource

// NewULID returns a new ULID for the time t, like LINE's webhookEventId.
func NewULID(t time.Time) string { return ulids.next(t) }

func (s *ulidSource) next(t time.Time) string {
	ms := uint64(t.UnixMilli())
	s.mu.Lock()
	if ms == s.lastMs {
		// increment the 80-bit random part; on the (astronomically rare)
		// overflow move to the next millisecond.
		i := 9
		for ; i >= 0; i-- {
			s.rnd[i]++
			if s.rnd[i] != 0 {
				break
			}
		}
		if i < 0 {
			ms++
			_, _ = rand.Read(s.rnd[:])
		}
	} else {
		_, _ = rand.Read(s.rnd[:])
		s.rnd[0] &= 0x7f // leave room for increments
	}
	s.lastMs = ms
	var b [16]byte
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	copy(b[6:], s.rnd[:])
	s.mu.Unlock()
	return encodeULID(b)
}

// encodeULID writes 128 bits as 26 base32 characters (the first carries
// only 3 bits).
func encodeULID(b [16]byte) string {
	var out [26]byte
	// Treat b as a 130-bit number with two leading zero bits.
	bit := 0 // bit position from the start of the 130-bit string
	for i := 0; i < 26; i++ {
		v := 0
		for j := 0; j < 5; j++ {
			p := bit - 2 // position in b
			v <<= 1
			if p >= 0 && b[p/8]&(0x80>>(p%8)) != 0 {
				v |= 1
			}
			bit++
		}
		out[i] = crockford[v]
	}
	return string(out[:])
}

// ulidTime returns the time encoded in a ULID, and false if s is not one.
func ulidTime(s string) (time.Time, bool) {
	if len(s) != 26 {
		return time.Time{}, false
	}
	var ms uint64
	for i := 0; i < 10; i++ {
		j := indexCrockford(s[i])
		if j < 0 {
			return time.Time{}, false
		}
		ms = ms<<5 | uint64(j)
	}
	for i := 10; i < 26; i++ {
		if indexCrockford(s[i]) < 0 {
			return time.Time{}, false
		}
	}
	if s[0] > '7' {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)), true
}

func indexCrockford(c byte) int {
	for i := 0; i < len(crockford); i++ {
		if crockford[i] == c {
			return i
		}
	}
	return -1
}
