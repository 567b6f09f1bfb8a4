package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"catalogue/generator/markdown"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testdataSites returns the sites of testdata/*.txtar, by file name.
func testdataSites(t testing.TB) map[string]*txtar.Archive {
	t.Helper()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.txtar: %v", err)
	}
	sites := map[string]*txtar.Archive{}
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sites[f] = a
	}
	return sites
}

// TestTestdataSites loads the seed sites: valid.txtar without a diagnostic,
// broken.txtar with those of testdata/broken.golden (go test -update
// rewrites it).
func TestTestdataSites(t *testing.T) {
	for name, a := range testdataSites(t) {
		_, diags := Load(context.Background(), archiveFS(a), Options{})
		var got bytes.Buffer
		for _, d := range diags {
			fmt.Fprintln(&got, d.Error())
		}
		golden := strings.TrimSuffix(name, ".txtar") + ".golden"
		if *update {
			if got.Len() == 0 {
				_ = os.Remove(golden)
			} else if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err) // no golden file: no diagnostic
		}
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s (-%s +got):\n%s", name, golden, diff)
		}
	}
}

// archiveFS turns an archive into a site, keeping only the files whose
// names fs.FS accepts, and adding the test site.toml if it has none.
func archiveFS(a *txtar.Archive) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		if fs.ValidPath(f.Name) && f.Name != "." {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	if _, ok := fsys[SiteFile]; !ok {
		fsys[SiteFile] = &fstest.MapFile{Data: []byte(testSite)}
	}
	return fsys
}

// FuzzFrontMatter runs one file through the whole per-file path: text
// checks, split, TOML, decoding with positions and the checks of one entry.
// Seeds are the entries of testdata/*.txtar.
func FuzzFrontMatter(f *testing.F) {
	for _, a := range testdataSites(f) {
		for _, file := range a.Files {
			if strings.HasSuffix(file.Name, ".md") {
				f.Add(file.Data)
			}
		}
	}
	site, diags := LoadSite(fstest.MapFS{SiteFile: {Data: []byte(testSite)}})
	if diags.Errors() > 0 {
		f.Fatal(diags)
	}
	md := markdown.New()
	const file = "content/mutualisations/M001.md"
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchSlow(data)()
		fsys := fstest.MapFS{file: {Data: data}}
		load := func() (*Entry, Diagnostics) {
			var diags Diagnostics
			e := loadEntry(fsys, file, site, Options{Markdown: md}, &diags)
			return e, diags.Sort()
		}
		e, diags := load()
		if _, again := load(); !slices.Equal(diags, again) {
			t.Fatalf("two loads differ:\n%v\n%v", diags, again)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range diags {
			if d.Pos.File != file || d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 || (d.Pos.Line == 0 && d.Pos.Col != 0) {
				t.Fatalf("position out of the file (%d lines): %s", lines, d.Error())
			}
			if !utf8.ValidString(d.Error()) {
				t.Fatalf("diagnostic is not UTF-8: %q", d.Error())
			}
		}
		if diags.Errors() > 0 {
			return
		}
		if e == nil || e.ID != "M001" || strings.TrimSpace(e.Title) == "" || !utf8.ValidString(e.Title+e.Summary+e.Body) {
			t.Fatalf("an entry without errors: %+v", e)
		}
	})
}

// FuzzLoad loads a whole site built from a txtar archive (an input that
// holds no file is one entry, content/mutualisations/M001.md), then renders
// every body of a catalogue without errors. Seeds are testdata/*.txtar.
func FuzzLoad(f *testing.F) {
	for name := range testdataSites(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	md := markdown.New()
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchSlow(data)()
		a := parseArchive(data)
		if len(a.Files) == 0 {
			a.Files = []txtar.File{{Name: "content/mutualisations/M001.md", Data: data}}
		}
		fsys := archiveFS(a)
		cat, diags := Load(context.Background(), fsys, Options{Markdown: md})
		if !slices.IsSortedFunc(diags, func(a, b Diagnostic) int { return strings.Compare(a.Pos.File, b.Pos.File) }) {
			t.Fatalf("diagnostics not sorted by file: %v", diags)
		}
		for _, d := range diags {
			if d.Pos.File != ContentDir && d.Pos.File != SiteFile && !inFS(fsys, d.Pos.File) {
				t.Fatalf("diagnostic about a file that is not there: %s", d.Error())
			}
		}
		if cat == nil {
			return
		}
		for _, e := range cat.Entries {
			for _, l := range e.Links {
				if !slices.ContainsFunc(l.Entry.Backlinks, func(b Link) bool { return b.Rel == l.Rel && b.Entry == e }) {
					t.Fatalf("%s → %s (%s) has no backlink", e.ID, l.Entry.ID, l.Rel)
				}
			}
		}
		if diags.Errors() > 0 {
			return
		}
		for _, e := range cat.Entries {
			u := e.URL()
			if path.Clean(u)+"/" != u || strings.Count(u, "/") != 3 || strings.Contains(u, "..") {
				t.Fatalf("entry %q has URL %q, which is not one folder under its collection", e.ID, u)
			}
			var out bytes.Buffer
			if err := md.Render(&out, []byte(e.Body), catResolver{cat}); err != nil {
				t.Fatalf("%s: loads without error but does not render: %v", e.File, err)
			}
			if html := strings.ToLower(out.String()); strings.Contains(html, "<script") || strings.Contains(html, `href="javascript:`) {
				t.Fatalf("%s renders unsafe HTML:\n%s", e.File, out.String())
			}
		}
	})
}

// parseArchive parses a txtar archive like txtar.Parse, which panics on a
// marker line "-- --" (go-internal v1.16.0; found by FuzzLoad).
func parseArchive(data []byte) *txtar.Archive {
	a := &txtar.Archive{}
	var cur *txtar.File
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		name, ok := bytes.CutPrefix(bytes.TrimRight(line, "\n"), []byte("-- "))
		if name, ok2 := bytes.CutSuffix(name, []byte(" --")); ok && ok2 {
			a.Files = append(a.Files, txtar.File{Name: strings.TrimSpace(string(name))})
			cur = &a.Files[len(a.Files)-1]
			continue
		}
		if cur == nil {
			a.Comment = append(a.Comment, line...)
		} else {
			cur.Data = append(cur.Data, line...)
		}
	}
	return a
}

// catResolver resolves entry codes as the portal does.
type catResolver struct{ cat *Catalogue }

func (r catResolver) Resolve(id string) (string, string, bool) {
	e := r.cat.Entry(id)
	if e == nil {
		return "", "", false
	}
	return e.URL(), e.Title, true
}

// inFS reports whether name is a file or folder of fsys.
func inFS(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// watchSlow saves an input that takes more than a few seconds in the folder
// named by $FUZZ_SLOW_DIR, if set: go test -fuzz reports crashes, not slow
// inputs, which only show as a stalled exec count. It returns the function
// that stops the watch.
func watchSlow(input []byte) (stop func()) {
	dir := os.Getenv("FUZZ_SLOW_DIR")
	if dir == "" {
		return func() {}
	}
	data := bytes.Clone(input)
	timer := time.AfterFunc(3*time.Second, func() {
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("slow-%x", sha256.Sum256(data))), data, 0o644)
	})
	return func() { timer.Stop() }
}

func TestParseArchive(t *testing.T) {
	a := parseArchive([]byte("note\n-- --\n-- a --\nx\n-- b --\ny"))
	want := &txtar.Archive{Comment: []byte("note\n-- --\n"), Files: []txtar.File{{Name: "a", Data: []byte("x\n")}, {Name: "b", Data: []byte("y")}}}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("parseArchive (-want +got):\n%s", diff)
	}
}
