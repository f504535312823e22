// Package flows embeds the conversation flows and the channel directory
// (YAML), so that the binary carries them. Coordinators edit the YAML files;
// `tsunagu flows check` validates them.
package flows

import "embed"

// FS holds every file of this directory.
//
//go:embed *
var FS embed.FS
