package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// PeakRSS returns the peak resident set size of process pid in bytes
// (VmHWM in /proc/<pid>/status, Linux only).
func PeakRSS(pid int) (int64, error) {
	return procStatus(pid, "VmHWM:")
}

// RSS returns the current resident set size of process pid in bytes.
func RSS(pid int) (int64, error) {
	return procStatus(pid, "VmRSS:")
}

func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read process status: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, field) {
			continue
		}
		parts := strings.Fields(strings.TrimPrefix(line, field))
		if len(parts) != 2 || parts[1] != "kB" {
			return 0, fmt.Errorf("process status: unexpected %q", line)
		}
		kb, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("process status: %w", err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read process status: %w", err)
	}
	return 0, fmt.Errorf("process status of %d has no %s", pid, field)
}

// WaitReady polls url (a /readyz) until it answers 200 and returns how long
// that took from since.
func WaitReady(ctx context.Context, url string, since time.Time) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, fmt.Errorf("wait for %s: %w", url, err)
		}
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return time.Since(since), nil
			}
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("wait for %s: %w", url, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// clockTicks is USER_HZ, the unit of /proc CPU times (100 on every Linux
// architecture Go supports).
const clockTicks = 100

// ProcessCPU returns the CPU time (user and system) process pid has used.
func ProcessCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read process stat: %w", err)
	}
	// The command name (field 2) may contain spaces: count from its ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("process stat: unexpected %q", s)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("process stat: too few fields")
	}
	var ticks int64
	for _, v := range f[11:13] { // utime, stime (fields 14 and 15)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("process stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// MachineCPU is a snapshot of the machine's CPU time (/proc/stat).
type MachineCPU struct {
	Busy, Total time.Duration
	CPUs        int
}

// ReadMachineCPU reads /proc/stat.
func ReadMachineCPU() (MachineCPU, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return MachineCPU{}, fmt.Errorf("read /proc/stat: %w", err)
	}
	var m MachineCPU
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if strings.HasPrefix(f[0], "cpu") && f[0] != "cpu" {
			m.CPUs++
			continue
		}
		if f[0] != "cpu" {
			continue
		}
		for i, v := range f[1:min(len(f), 9)] { // guest time is already in user
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return m, fmt.Errorf("/proc/stat: %w", err)
			}
			d := time.Duration(n) * time.Second / clockTicks
			m.Total += d
			if i != 3 && i != 4 { // idle, iowait
				m.Busy += d
			}
		}
	}
	return m, nil
}

// Utilisation is the share of all CPUs busy between two snapshots.
func (m MachineCPU) Utilisation(later MachineCPU) float64 {
	if later.Total <= m.Total {
		return 0
	}
	return float64(later.Busy-m.Busy) / float64(later.Total-m.Total)
}

// PIDsOf lists the processes whose command name is name (e.g. "postgres":
// the server and all its backends).
func PIDsOf(name string) ([]int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err == nil && strings.TrimSpace(string(comm)) == name {
			out = append(out, pid)
		}
	}
	return out, nil
}

// CPUOf returns the CPU time used so far by each of pids that still runs.
func CPUOf(pids []int) map[int]time.Duration {
	out := make(map[int]time.Duration, len(pids))
	for _, pid := range pids {
		if d, err := ProcessCPU(pid); err == nil {
			out[pid] = d
		}
	}
	return out
}

// CPUSince is the CPU time used by the processes of after since before:
// processes that started meanwhile count in full, those that ended not at
// all.
func CPUSince(before, after map[int]time.Duration) time.Duration {
	var total time.Duration
	for pid, d := range after {
		total += d - before[pid]
	}
	return total
}
