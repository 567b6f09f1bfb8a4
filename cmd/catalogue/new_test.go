package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNewTitleOneLine covers what a script cannot type: a title over two
// lines is refused, and nothing is written.
func TestNewTitleOneLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"new", "-lang", "en", "-root", dir, "-title", "deux\nlignes", "mutualisation", "M134"}, &stdout, &stderr)
	var ex exitError
	if !errors.As(err, &ex) || ex != 1 {
		t.Fatalf("run = %v, want exit status 1", err)
	}
	if got, want := stderr.String(), "catalogue new: -title: a title is one line\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "mutualisations", "M134.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused entry was written: %v", err)
	}
}
