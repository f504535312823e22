// Package dict embeds the Kagome user dictionary and the triage lexicons
// (TSV), so that the binary carries them. Coordinators edit the TSV files
// without touching Go code.
package dict

import "embed"

// FS holds every file of this directory.
//
//go:embed *
var FS embed.FS
