package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTree writes the small site's files under a new folder.
func writeTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, f := range smallSite() {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// record scans the site at root and writes its record into a new index
// folder, as a build does.
func record(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	tree, err := ScanTree(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTree(dir, tree); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckTree changes a recorded site in each way a site changes: each
// makes the index stale and says what changed; a new record of the same
// files is fresh, and what the loader skips changes nothing.
func TestCheckTree(t *testing.T) {
	t.Parallel()
	later := time.Now().Add(time.Hour)
	m010 := "content/mutualisations/M010.md"
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, root string)
		why    string // "" when still fresh
	}{
		{"nothing", func(*testing.T, string) {}, ""},
		{"an edit", func(t *testing.T, root string) {
			appendTo(t, root, m010, "Encore.\n")
		}, m010 + " changed"},
		{"a touch", func(t *testing.T, root string) {
			if err := os.Chtimes(filepath.Join(root, m010), later, later); err != nil {
				t.Fatal(err)
			}
		}, m010 + " changed"},
		{"a new file", func(t *testing.T, root string) {
			writeFile(t, root, "content/mutualisations/M011.md", "+++\nid = \"M011\"\ntitle = \"Nouveau\"\n+++\n")
		}, "content/mutualisations/M011.md is new"},
		{"a removed file", func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "content/services/tchap.md")); err != nil {
				t.Fatal(err)
			}
		}, "content/services/tchap.md was removed"},
		{"site.toml", func(t *testing.T, root string) {
			appendTo(t, root, "site.toml", "\n[[themes]]\nid = \"cloud\"\nfr = \"Cloud\"\nen = \"Cloud\"\n")
		}, "site.toml changed"},
		{"two changes", func(t *testing.T, root string) {
			appendTo(t, root, "site.toml", "\n")
			appendTo(t, root, m010, "\n")
		}, "site.toml changed, and 1 more change"},
		{"three changes", func(t *testing.T, root string) {
			appendTo(t, root, m010, "\n")
			writeFile(t, root, "content/mutualisations/M011.md", "+++\n+++\n")
			if err := os.Remove(filepath.Join(root, "content/services/tchap.md")); err != nil {
				t.Fatal(err)
			}
		}, m010 + " changed, and 2 more changes"},
		{"a hidden file", func(t *testing.T, root string) {
			writeFile(t, root, "content/mutualisations/.M010.md.swp", "x")
			writeFile(t, root, "content/.git/HEAD", "x")
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := writeTree(t)
			dir := record(t, root)
			tc.change(t, root)
			stale, why, err := CheckTree(dir, root)
			if err != nil {
				t.Fatal(err)
			}
			if stale != (tc.why != "") || why != tc.why {
				t.Errorf("CheckTree = %v, %q, want %v, %q", stale, why, tc.why != "", tc.why)
			}
			// A build of the site as it is now is fresh.
			dir = record(t, root)
			if stale, why, err := CheckTree(dir, root); stale || err != nil {
				t.Errorf("after a new record: %v, %q, %v", stale, why, err)
			}
		})
	}
}

// TestCheckTreeWithoutRecord reads an index without a record, or with a
// broken one.
func TestCheckTreeWithoutRecord(t *testing.T) {
	t.Parallel()
	root := writeTree(t)
	stale, why, err := CheckTree(t.TempDir(), root)
	if !stale || err != nil || !strings.Contains(why, "does not record") {
		t.Errorf("no record: %v, %q, %v", stale, why, err)
	}
	dir := record(t, root)
	writeFile(t, dir, TreeFile, "{")
	if _, _, err := CheckTree(dir, root); err == nil || !strings.Contains(err.Error(), "run catalogue build") {
		t.Errorf("broken record: %v", err)
	}
	dir = record(t, root)
	appendTo(t, root, "content/mutualisations/M075.md", "\n")
	data, err := os.ReadFile(filepath.Join(dir, TreeFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	writeFile(t, dir, TreeFile, strings.Join(lines[:len(lines)-2], ""))
	if _, _, err := CheckTree(dir, root); err == nil || !strings.Contains(err.Error(), "its header says") {
		t.Errorf("truncated record of a changed tree: %v", err)
	}
}

// TestTreeUpdated records the changed files of an edit alone, as serve
// does: the same record as a new scan.
func TestTreeUpdated(t *testing.T) {
	t.Parallel()
	root := writeTree(t)
	before, err := ScanTree(root)
	if err != nil {
		t.Fatal(err)
	}
	appendTo(t, root, "content/mutualisations/M010.md", "Encore.\n")
	writeFile(t, root, "content/mutualisations/M011.md", "+++\nid = \"M011\"\n+++\n")
	if err := os.Remove(filepath.Join(root, "content/services/tchap.md")); err != nil {
		t.Fatal(err)
	}
	changed := []string{"content/mutualisations/M010.md", "content/mutualisations/M011.md", "content/services/tchap.md", "themes/x.html", "content/.hidden"}
	got, err := before.Updated(root, changed)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ScanTree(root)
	if err != nil {
		t.Fatal(err)
	}
	if got.hash() != want.hash() || got.Site != want.Site {
		t.Errorf("updated %v, want %v", got.Files, want.Files)
	}
	if before.hash() == want.hash() {
		t.Error("the edit changed nothing: the test proves nothing")
	}
}

func writeFile(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, root, name, data string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(name)), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCheckTree checks the record of a generated site of n files
// against its tree, as serve -no-build and catalogue search do at start.
func BenchmarkCheckTree(b *testing.B) {
	for _, n := range []int{10000} {
		root := b.TempDir()
		site := smallSite()
		if err := os.WriteFile(filepath.Join(root, "site.toml"), site["site.toml"].Data, 0o644); err != nil {
			b.Fatal(err)
		}
		body := site["content/mutualisations/M010.md"].Data
		for i := range n {
			dir := filepath.Join(root, "content", []string{"actions", "principes", "services", "mutualisations"}[i%4])
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(filepath.Join(dir, strings.Repeat("x", i%7)+time.Duration(i).String()+".md"), body, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		tree, err := ScanTree(root)
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		if err := WriteTree(dir, tree); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if stale, why, err := CheckTree(dir, root); stale || err != nil {
				b.Fatal(why, err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	}
}
