package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "a.json")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(file, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil || string(data) != "new" {
		t.Fatalf("after Write: %q, %v; want \"new\"", data, err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
	}
	// A failed fill leaves the old file and no temporary one.
	boom := errors.New("boom")
	if err := WriteFunc(file, func(f *os.File) error { f.WriteString("half"); return boom }); err != boom {
		t.Fatalf("WriteFunc error %v, want %v", err, boom)
	}
	if data, _ := os.ReadFile(file); string(data) != "new" {
		t.Errorf("after a failed write: %q, want \"new\"", data)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("%d files left in the folder, want 1", len(names))
	}
	// A missing folder is an error, not a file written elsewhere.
	if err := Write(filepath.Join(dir, "no", "b.json"), nil); err == nil {
		t.Error("Write into a missing folder: no error")
	}
}
