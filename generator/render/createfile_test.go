package render

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCreateFile checks that createFile writes a new file, replaces the
// content of a longer one, and fails in a folder that does not exist.
func TestCreateFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "index.html")
	for _, data := range []string{"a longer first content", "short", ""} {
		if err := createFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != data {
			t.Errorf("file holds %q, want %q", got, data)
		}
	}
	want, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "os.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.Stat(filepath.Join(dir, "os.html")); got.Mode() != want.Mode() {
		t.Errorf("mode %v, want os.WriteFile's %v", want.Mode(), got.Mode())
	}
	if err := createFile(filepath.Join(dir, "none", "index.html"), nil); !os.IsNotExist(err) {
		t.Errorf("in a missing folder: %v, want an error that it does not exist", err)
	}
}
