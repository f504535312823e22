package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

// TestFaultDiskFull fills the disk of the embedded database under load:
// webhooks are answered 500 (LINE redelivers them), the log says "disk
// full", and once space is freed every event is answered exactly once.
// The disk is a 16 MB tmpfs, so the test needs root; it skips otherwise.
func TestFaultDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	data := filepath.Join(dir, "data")
	var logs syncBuffer
	h := newHarness(t, harnessOpts{env: map[string]string{"TSUNAGU_DATA_DIR": data}, logSink: &logs})
	filler := filepath.Join(dir, "filler")
	full := func() {
		if err := fillDisk(filler); err != nil {
			t.Errorf("fill the disk: %v", err)
			return
		}
		time.Sleep(3 * time.Second)
		if err := os.Remove(filler); err != nil {
			t.Errorf("free the disk: %v", err)
		}
	}
	r := faultLoad(t, h.base+"/line/webhook", h.api, loadtest.Options{Rate: 40, Duration: 6 * time.Second, Residents: 20},
		time.Second, full)
	answeredOnce(t, r)
	if r.RefusedAttempts["500"] == 0 {
		t.Errorf("no webhook was refused while the disk was full: %v", r.RefusedAttempts)
	}
	t.Logf("first error logged: %s", firstLine(logs.String(), "disk full"))
	if !strings.Contains(logs.String(), "disk full") {
		t.Errorf("the log does not say the disk is full")
	}
}

// fillDisk writes path until the file system has no space left.
func fillDisk(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return nil
			}
			return err
		}
	}
}

// TestFaultDatabaseReadOnly makes the embedded database's files immutable
// under load (as when the file system turns read-only): webhooks are
// answered 500, the log says the database file is not writable, and once
// the files are writable again every event is answered exactly once. It
// needs root and a file system with chattr (ext4, xfs …); it skips
// otherwise.
func TestFaultDatabaseReadOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	data := t.TempDir()
	var logs syncBuffer
	h := newHarness(t, harnessOpts{env: map[string]string{"TSUNAGU_DATA_DIR": data}, logSink: &logs})
	db := filepath.Join(data, sqlite.FileName)
	files := []string{db, db + "-wal"}
	if out, err := exec.Command("chattr", "+i", files[0]).CombinedOutput(); err != nil {
		t.Skipf("cannot make files immutable (needs root and ext4 or similar): %v %s", err, out)
	}
	_ = exec.Command("chattr", "-i", files[0]).Run()
	t.Cleanup(func() { _ = exec.Command("chattr", append([]string{"-i"}, files...)...).Run() })
	readOnly := func() {
		if out, err := exec.Command("chattr", append([]string{"+i"}, files...)...).CombinedOutput(); err != nil {
			t.Errorf("chattr +i: %v %s", err, out)
			return
		}
		time.Sleep(3 * time.Second)
		if out, err := exec.Command("chattr", append([]string{"-i"}, files...)...).CombinedOutput(); err != nil {
			t.Errorf("chattr -i: %v %s", err, out)
		}
	}
	r := faultLoad(t, h.base+"/line/webhook", h.api, loadtest.Options{Rate: 40, Duration: 6 * time.Second, Residents: 20},
		time.Second, readOnly)
	answeredOnce(t, r)
	if r.RefusedAttempts["500"] == 0 {
		t.Errorf("no webhook was refused while the database was read-only: %v", r.RefusedAttempts)
	}
	t.Logf("first error logged: %s", firstLine(logs.String(), "not writable"))
	if !strings.Contains(logs.String(), "database file not writable") {
		t.Errorf("the log does not say the database file is not writable")
	}
}

// firstLine returns the first line of s containing sub.
func firstLine(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
