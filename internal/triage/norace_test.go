//go:build !race

package triage

const raceEnabled = false
