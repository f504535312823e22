//go:build race

package triage

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// allocation counts are noise.
const raceEnabled = true
