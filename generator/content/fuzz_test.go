package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"math"
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
	// Characters check refuses, through every kind of TOML string.
	f.Add([]byte("+++\nid = \"M001\"\ntitle = \"a\\u202Eb\"\nsummary = \"\"\"\nx \\\n  y\\u001b\"\"\"\n" +
		"owners = ['a\tb', \"\\U0001F469\\u0085\", '''\nz\u2067''']\n[[sources]]\ndocument = \"s\"\nnote = \"\\u200F\\e\"\n+++\n"))
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
			// Every message has a code and a French text that fills its
			// verbs (a verb left over prints %!).
			if d.Code == "" || d.Code == "other" {
				t.Fatalf("diagnostic without a code of its own: %s", d.Error())
			}
			if fr := d.Text("fr"); strings.Contains(fr, "%!") || strings.Contains(d.Error(), "%!") {
				t.Fatalf("diagnostic with a bad verb: %s / %s", d.Error(), fr)
			}
			if strings.HasPrefix(d.Msg, "contains ") && !pointsAtCharacter(data, d.Pos) {
				t.Fatalf("%s points at neither an escape nor the character", d.Error())
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

// pointsAtCharacter reports whether pos, in data, is the backslash of an
// escape or a character that is no printable ASCII: where an error about a
// character of a value must point.
func pointsAtCharacter(data []byte, pos Pos) bool {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")) // as the loader reads it
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := bytes.Split(data, []byte("\n"))
	if pos.Line < 1 || pos.Line > len(lines) || pos.Col < 1 || pos.Col > len(lines[pos.Line-1]) {
		return false
	}
	c := lines[pos.Line-1][pos.Col-1]
	return c == '\\' || c == '\t' || c >= 0x80
}

// fuzzSource is the source every site of FuzzLoad holds besides the files
// the fuzzer writes, so that their citations can resolve.
const fuzzSource = "+++\nid = \"csic-2018\"\ntitle = \"Source\"\n+++\n"

// FuzzLoad loads a small site held in memory (fstest.MapFS): three files
// the fuzzer writes, names included, next to the test site.toml and one
// source. Small inputs keep it fast: a whole txtar archive as one input
// ran at a millisecond an execution, and minimising each new input (whose
// executions the fuzzer counts only once done) took the whole run. Three
// entries are enough for references, backlinks, duplicates and
// collections; site.toml is fuzzed by FuzzSite. A catalogue without
// errors must hold no value check should have refused, and render every
// body to safe HTML. Seeds are runs of three files of testdata/*.txtar.
//
// Minimising a new input still costs tens of thousands of executions (Go
// tries removing every run of bytes of every argument), during which the
// count stands still; to explore rather than minimise, bound it by a
// number of executions:
//
//	go test ./generator/content -run '^$' -fuzz '^FuzzLoad$' -fuzztime 60s -fuzzminimizetime 200x
func FuzzLoad(f *testing.F) {
	for _, a := range testdataSites(f) {
		var files []txtar.File
		for _, file := range a.Files {
			if file.Name != SiteFile {
				files = append(files, file)
			}
		}
		for i := range files {
			x, y, z := files[i], files[(i+1)%len(files)], files[(i+2)%len(files)]
			f.Add(x.Name, x.Data, y.Name, y.Data, z.Name, z.Data)
		}
	}
	md := markdown.New()
	f.Fuzz(func(t *testing.T, name1 string, data1 []byte, name2 string, data2 []byte, name3 string, data3 []byte) {
		defer watchSlow(bytes.Join([][]byte{[]byte(name1), data1, []byte(name2), data2, []byte(name3), data3}, []byte("\n-- --\n")))()
		fsys := fstest.MapFS{
			SiteFile:                       {Data: []byte(testSite)},
			"content/sources/csic-2018.md": {Data: []byte(fuzzSource)},
		}
		for _, file := range []struct {
			name string
			data []byte
		}{{name1, data1}, {name2, data2}, {name3, data3}} {
			if fs.ValidPath(file.name) && file.name != "." && file.name != SiteFile {
				fsys[file.name] = &fstest.MapFile{Data: file.data}
			}
		}
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
			checkClean(t, e)
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

// checkClean fails when an entry that loaded without errors holds what
// check refuses: a control character or a bidi override in front matter,
// a URL that is not http(s), a number that is not finite.
func checkClean(t *testing.T, e *Entry) {
	t.Helper()
	walkStrings(e, func(p, v string, _ bool) {
		if pr, found := findTextProblem(v, p == "summary" || strings.HasSuffix(p, ".note") || strings.HasSuffix(p, ".as_written")); found && !pr.Warn {
			t.Fatalf("%s: %s: %q loads without error but %s", e.File, p, v, pr.Msg)
		}
	})
	if s := e.Service; s != nil {
		if s.Website != "" && httpURLProblem(s.Website).Format != "" {
			t.Fatalf("%s: website %q loads without error", e.File, s.Website)
		}
		for _, fig := range s.Figures {
			if math.IsNaN(fig.Value) || math.IsInf(fig.Value, 0) {
				t.Fatalf("%s: figure %v loads without error", e.File, fig.Value)
			}
		}
	}
	if s := e.Source; s != nil && s.URL != "" && httpURLProblem(s.URL).Format != "" {
		t.Fatalf("%s: url %q loads without error", e.File, s.URL)
	}
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

// FuzzSite reads a site.toml: every problem is at a line of the file, and a
// site without errors has the addresses and the text check asks for.
// Seeds are the site.toml files of testdata/*.txtar and of the repository.
func FuzzSite(f *testing.F) {
	f.Add([]byte(testSite))
	for _, a := range testdataSites(f) {
		for _, file := range a.Files {
			if file.Name == SiteFile {
				f.Add(file.Data)
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join("..", "..", SiteFile)); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		site, diags := LoadSite(fstest.MapFS{SiteFile: {Data: data}})
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range diags {
			if d.Pos.File != SiteFile || d.Pos.Line < 0 || d.Pos.Line > lines {
				t.Fatalf("position out of the file (%d lines): %s", lines, d.Error())
			}
		}
		if diags.Errors() > 0 {
			return
		}
		if site == nil {
			t.Fatal("no site and no error")
		}
		if msg := httpURLProblem(site.BaseURL); msg.Format != "" {
			t.Fatalf("base_url %q loads without error but %s", site.BaseURL, msg)
		}
		for _, v := range []string{site.Title, site.Publisher.Name, site.Publisher.URL, site.LicenceURL, site.Licence} {
			if p, found := findTextProblem(v, false); found && !p.Warn {
				t.Fatalf("%q loads without error but %s", v, p.Msg)
			}
		}
	})
}
