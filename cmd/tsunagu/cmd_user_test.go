package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

func runUserCmd(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "TSUNAGU_DATA_DIR" {
			return dir
		}
		return ""
	}
	e := env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: getenv}
	code := run(context.Background(), e, append([]string{"user"}, args...))
	return out.String(), errb.String(), code
}

func TestUserCommand(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := runUserCmd(t, dir, "", "add", "sato", "--role", "staff", "--channel", "houkatsu,kenri-yougo")
	if code != 0 {
		t.Fatalf("user add: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
	if m == nil || len(m[1]) != 20 {
		t.Fatalf("no generated password in %q", out)
	}
	out, stderr, code = runUserCmd(t, dir, "a typed password of mine\n", "add", "abe", "--role", "coordinator")
	if code != 0 || strings.Contains(out, "password:") {
		t.Fatalf("user add with a typed password: exit %d, %q %s", code, out, stderr)
	}
	for _, args := range [][]string{
		{"add", "sato", "--role", "staff", "--channel", "houkatsu"}, // taken
		{"add", "ito", "--role", "staff"},                           // no channel
		{"add", "ito", "--role", "boss"},
		{"add", "ito", "--role", "staff", "--channel", "nowhere"},
	} {
		if _, _, code := runUserCmd(t, dir, "", args...); code != 1 {
			t.Errorf("user %v: exit %d, want 1", args, code)
		}
	}
	if _, _, code := runUserCmd(t, dir, "", "add"); code != 2 {
		t.Errorf("user add without a name: exit %d, want 2", code)
	}
	if _, _, code := runUserCmd(t, dir, "short\n", "add", "ito", "--role", "admin"); code != 1 {
		t.Errorf("short typed password: exit %d, want 1", code)
	}
	if _, _, code := runUserCmd(t, dir, "", "disable", "sato"); code != 0 {
		t.Errorf("disable: exit %d", code)
	}
	out, _, _ = runUserCmd(t, dir, "", "list")
	if !strings.Contains(out, "sato") || !strings.Contains(out, "houkatsu,kenri-yougo") || !strings.Contains(out, "coordinator") {
		t.Errorf("list = %q", out)
	}
	out, _, code = runUserCmd(t, dir, "", "passwd", "abe")
	if code != 0 || !strings.Contains(out, "password: ") {
		t.Errorf("passwd: exit %d, %q", code, out)
	}
	newPW := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)[1]

	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sato, _ := db.UserByName(context.Background(), "sato")
	if sato.Role != consult.RoleStaff || len(sato.Channels) != 2 || sato.DisabledAt.IsZero() ||
		!console.CheckPassword(m[1], sato.PasswordHash) {
		t.Errorf("sato = %+v", sato)
	}
	abe, _ := db.UserByName(context.Background(), "abe")
	if !console.CheckPassword(newPW, abe.PasswordHash) || !strings.HasPrefix(abe.PasswordHash, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("abe's hash = %q", abe.PasswordHash)
	}
}
