package render

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCopyStatic copies a theme's static files: a folder named NAME.d
// becomes the one file NAME, its parts concatenated in name order, and
// no trace of the folder is left.
func TestCopyStatic(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	theme := fstest.MapFS{
		"static/css/site.css":           file("body{}"),
		"static/js/site.js":             file("site();\n"),
		"static/js/search.js.d/2-b.js":  file("b();\n"),
		"static/js/search.js.d/10-c.js": file("c();\n"),
		"static/js/search.js.d/1-a.js":  file("(function(){\n"),
	}
	dir := t.TempDir()
	if err := (&Renderer{theme: theme}).copyStatic(dir, nil); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if want := []string{"css/site.css", "js/search.js", "js/site.js"}; !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "js", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	// Name order is byte order: 10-c before 2-b.
	if want := "(function(){\nc();\nb();\n"; string(data) != want {
		t.Errorf("js/search.js = %q, want %q", data, want)
	}

	theme["static/js/search.js.d/3-nested/x.js"] = file("x")
	err = (&Renderer{theme: theme}).copyStatic(t.TempDir(), nil)
	if err == nil || !strings.Contains(err.Error(), "must be a file") {
		t.Errorf("a folder among the parts: %v, want an error", err)
	}
}
