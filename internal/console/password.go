package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id parameters of new password hashes. Stored
// hashes carry their own parameters, so raising these later re-hashes
// nothing and breaks nothing.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultHashParams: 64 MiB, 2 passes, 2 lanes — above OWASP's minimum
// for argon2id (19 MiB, 2 passes) and ≈ 0.2 s on a 2-core server. A salt of
// 16 random bytes per hash; a 32-byte key.
var DefaultHashParams = HashParams{Memory: 64 * 1024, Time: 2, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
	// MinPassword is the shortest password accepted (in characters).
	MinPassword = 12
	// maxPassword bounds the work one login can cause.
	maxPassword = 256
)

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id PHC string of password:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<key>.
func HashPassword(password string, p HashParams) (string, error) {
	if len(password) > maxPassword {
		return "", errors.New("hash password: too long")
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC string, comparing
// in constant time. A malformed hash never matches.
func CheckPassword(password, phc string) bool {
	if len(password) > maxPassword {
		return false
	}
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

func parsePHC(phc string) (HashParams, []byte, []byte, error) {
	var p HashParams
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("argon2 parameters: %w", err)
	}
	if p.Time < 1 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<22 || p.Time > 64 {
		return p, nil, nil, errors.New("argon2 parameters out of range")
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("argon2 salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errors.New("argon2 key")
	}
	return p, salt, key, nil
}

// passwordAlphabet has no look-alike characters (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 20 characters from a
// 56-letter alphabet (≈ 116 bits), without modulo bias.
func GeneratePassword() (string, error) {
	const n = 20
	limit := byte(256 - 256%len(passwordAlphabet))
	out := make([]byte, 0, n)
	buf := make([]byte, 32)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("generate password: %w", err)
		}
		for _, b := range buf {
			if b < limit && len(out) < n {
				out = append(out, passwordAlphabet[int(b)%len(passwordAlphabet)])
			}
		}
	}
	return string(out), nil
}
