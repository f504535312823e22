//go:build race

package triage

// raceDetector is set when the tests run with -race, which makes the code
// several times slower: timed guards allow for it.
const raceDetector = true
