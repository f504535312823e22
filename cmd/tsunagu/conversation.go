package main

import (
	"fmt"
	"io/fs"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowdir"
	"github.com/n-csw/tsunagu/internal/triage"
)

// loadConversation builds the flow engine from the flows and the directory
// in fsys (nil: the embedded flows) with the shared triage.
func loadConversation(fsys fs.FS) (bot.Conversation, *directory.Directory, error) {
	if fsys == nil {
		fsys = flows.FS
	}
	prog, err := flow.Load(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("load flows: %w", err)
	}
	dir, err := directory.Load(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("load directory: %w", err)
	}
	tri, err := triage.Shared()
	if err != nil {
		return nil, nil, fmt.Errorf("load triage: %w", err)
	}
	return flow.New(prog, tri, flowdir.Wrap(dir)), dir, nil
}
