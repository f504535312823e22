package flow

import (
	"os"
	"testing"
)

func TestLoadShipped(t *testing.T) {
	if _, err := Load(os.DirFS("../../flows")); err != nil {
		t.Fatal(err)
	}
}
