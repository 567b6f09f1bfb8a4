package outfile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWrite checks that Write leaves what os.WriteFile leaves:
// the same bytes with the same mode, in a new file and over a longer one.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	for _, data := range [][]byte{[]byte("<p>page</p>"), bytes.Repeat([]byte("x"), 1<<20), nil, []byte("short")} {
		got, want := filepath.Join(dir, "got"), filepath.Join(dir, "want")
		if err := Write(got, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(want, data, 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, data) {
			t.Errorf("Write wrote %d bytes, want %d", len(g), len(data))
		}
		gi, err := os.Stat(got)
		if err != nil {
			t.Fatal(err)
		}
		wi, err := os.Stat(want)
		if err != nil {
			t.Fatal(err)
		}
		if gi.Mode() != wi.Mode() {
			t.Errorf("Write made mode %v, os.WriteFile %v", gi.Mode(), wi.Mode())
		}
	}
	if err := Write(filepath.Join(dir, "none", "x"), nil); err == nil || !strings.Contains(err.Error(), "none") {
		t.Errorf("Write in a missing folder: %v, want an error naming it", err)
	}
}
