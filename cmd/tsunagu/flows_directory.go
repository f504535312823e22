//go:build tsunagu_directory

package main

import (
	"io/fs"

	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowdir"
)

// Wires the channel directory into flows check. Built with -tags
// tsunagu_directory until internal/directory is merged; then delete the
// build line (and the one in internal/flow/flowdir).
func init() {
	openDirectory = func(fsys fs.FS) (flow.CheckDirectory, error) {
		d, err := directory.Load(fsys)
		if err != nil {
			return nil, err
		}
		return flowdir.Wrap(d), nil
	}
}
