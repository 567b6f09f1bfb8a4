package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"catalogue/generator/content"
	"catalogue/generator/export"
	"catalogue/generator/render"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txtar")

// testDates stand for the git history of testdata/site.txtar.
var testDates = map[string]time.Time{
	"content/mutualisations/M001.md":    time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC),
	"content/mutualisations/M002.md":    time.Date(2024, 11, 30, 9, 0, 0, 0, time.UTC),
	"content/actions/2.1.1.md":          time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), // updated = 2024-05-06 wins
	"content/services/franceconnect.md": time.Date(2025, 3, 4, 8, 30, 0, 0, time.UTC),
	"content/sources/csic-2018.md":      time.Date(2024, 1, 15, 16, 45, 0, 0, time.UTC),
}

// testHistory stands for the git history of testdata/site.txtar: the
// dates of testDates, a change, a removal that redirects.toml explains.
func testHistory() *content.History {
	m := content.KindMutualisation
	at := func(y int, mo time.Month, d, h int) time.Time { return time.Date(y, mo, d, h, 0, 0, 0, time.UTC) }
	return content.NewHistory([]content.Change{
		{Date: testDates["content/actions/2.1.1.md"], Commit: strings.Repeat("a", 40), Subject: "Fix 2.1.1's cost", Type: content.Changed,
			Kind: content.KindAction, ID: "2.1.1", File: "content/actions/2.1.1.md", Fields: []string{"cost", "body"}},
		{Date: testDates["content/services/franceconnect.md"], Commit: strings.Repeat("b", 40), Subject: "=Add FranceConnect", Type: content.Added,
			Kind: content.KindService, ID: "franceconnect", File: "content/services/franceconnect.md"},
		{Date: at(2025, 2, 1, 9), Commit: strings.Repeat("c", 40), Subject: "Merge M003 into M001", Type: content.Removed,
			Kind: m, ID: "M003", File: "content/mutualisations/M003.md"},
		{Date: testDates["content/mutualisations/M001.md"], Commit: strings.Repeat("d", 40), Subject: "Retitle M001", Type: content.Changed,
			Kind: m, ID: "M001", File: "content/mutualisations/M001.md", Fields: []string{"title", "themes"}},
		{Date: testDates["content/mutualisations/M002.md"], Commit: strings.Repeat("e", 40), Subject: "Add M002", Type: content.Added,
			Kind: m, ID: "M002", File: "content/mutualisations/M002.md"},
	})
}

// siteFS reads a site from testdata/<name>.txtar.
func siteFS(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

func load(t testing.TB, fsys fs.FS, dates map[string]time.Time) *content.Catalogue {
	t.Helper()
	cat, err := loadSite(fsys, dates)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// loadSite loads the site in fsys, its files dated by dates and, with
// dates, with testHistory.
func loadSite(fsys fs.FS, dates map[string]time.Time) (*content.Catalogue, error) {
	opts := content.Options{Modified: dates}
	if dates != nil {
		opts.History = testHistory()
	}
	cat, diags := content.Load(context.Background(), fsys, opts)
	if err := diags.Err(); err != nil {
		return nil, fmt.Errorf("loading the site: %w", err)
	}
	return cat, nil
}

// exported is the result of one export.
type exported struct {
	dir   string
	files []export.File
	cat   *content.Catalogue
}

func (x exported) read(t testing.TB, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(x.dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (x exported) json(t testing.TB, p string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(x.read(t, p), &v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return v
}

// path returns the site path of an absolute URL of the site.
func (x exported) path(t testing.TB, u string) string {
	t.Helper()
	base := strings.TrimSuffix(x.cat.Site.BaseURL, "/")
	p, ok := strings.CutPrefix(u, base)
	if !ok {
		t.Fatalf("%s is not an address of the site %s", u, base)
	}
	return p
}

func exportSite(t testing.TB, cat *content.Catalogue) exported {
	t.Helper()
	x, err := exportTo(t.TempDir(), cat)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// exportTo exports cat into dir.
func exportTo(dir string, cat *content.Catalogue) (exported, error) {
	files, err := export.Write(context.Background(), cat, dir, portalPages(cat))
	return exported{dir: dir, files: files, cat: cat}, err
}

// portalPages are pages of the portal besides the entries', as render
// would list them: a facet page, and those left at the redirects'
// addresses, which the sitemap must leave out.
func portalPages(cat *content.Catalogue) []string {
	pages := []string{"/themes/identite/"}
	for _, r := range cat.Redirects {
		pages = append(pages, r.URL())
	}
	return pages
}

func writeTestFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRewrite exports into a site exported before, as serve does after an
// edit: the API folder ends up as a fresh export's, and files outside it are
// left alone.
func TestRewrite(t *testing.T) {
	t.Parallel()
	cat := load(t, siteFS(t, "site"), testDates)
	x := exportSite(t, cat)
	stale := []string{"api/v1/mutualisations/M999.json", "api/v1/old.csv", "api/v1/schemas/x/y.json"}
	for _, p := range stale {
		writeTestFile(t, filepath.Join(x.dir, p), "{}")
	}
	writeTestFile(t, filepath.Join(x.dir, "search", "terms.json"), "{}")
	files, err := export.Write(context.Background(), cat, x.dir, portalPages(cat))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(x.files, files); diff != "" {
		t.Errorf("files of the second export (-first +second):\n%s", diff)
	}
	for _, p := range stale {
		if _, err := os.Stat(filepath.Join(x.dir, p)); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(x.dir, "search", "terms.json")); err != nil {
		t.Errorf("a file outside the API folder was touched: %v", err)
	}
}

// sites are the sites every check runs on: the small site, the hostile one
// and the repository's real content. They are exported once for all the
// tests of the package, which only read them.
func sites(t *testing.T) map[string]exported {
	t.Helper()
	sitesOnce.Do(func() { sitesOut, sitesErr = exportSites() })
	if sitesErr != nil {
		t.Fatal(sitesErr)
	}
	return sitesOut
}

var (
	sitesOnce sync.Once
	sitesOut  map[string]exported
	sitesErr  error
)

func exportSites() (map[string]exported, error) {
	fsys := map[string]fs.FS{"real": os.DirFS("../..")}
	dates := map[string]map[string]time.Time{"site": testDates}
	for _, name := range []string{"site", "hostile"} {
		a, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
		if err != nil {
			return nil, err
		}
		m := fstest.MapFS{}
		for _, f := range a.Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		fsys[name] = m
	}
	if testing.Short() {
		delete(fsys, "real")
	}
	out := map[string]exported{}
	for name, f := range fsys {
		cat, err := loadSite(f, dates[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if out[name], err = exportTo(filepath.Join(scratch, name), cat); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
}

// TestGolden pins the public format: every file exported from
// testdata/site.txtar. A change shows as a diff of testdata/golden.txtar;
// rewrite it with go test -update once the change is deliberate.
func TestGolden(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	a := &txtar.Archive{Comment: []byte("The export of testdata/site.txtar. Rewrite with: go test ./generator/export -run TestGolden -update\n")}
	for _, f := range x.files {
		a.Files = append(a.Files, txtar.File{Name: f.Path, Data: x.read(t, f.Path)})
	}
	got := txtar.Format(a)
	golden := filepath.Join("testdata", "golden.txtar")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("export differs from %s (-want +got); if the change is deliberate, run go test -update:\n%s", golden, diff)
	}
}

// TestFiles checks that Write lists exactly the files it wrote, with their
// sizes, at the addresses CATALOGUE.md promises.
func TestFiles(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			listed := map[string]int64{}
			for _, f := range x.files {
				if _, dup := listed[f.Path]; dup {
					t.Errorf("%s listed twice", f.Path)
				}
				listed[f.Path] = f.Size
				if f.Licence == "" || f.LicenceURL == "" || f.Format == "" || f.MediaType == "" || f.Role == "" || f.Description == "" {
					t.Errorf("%s: incomplete description %+v", f.Path, f)
				}
				if f.Schema != "" && strings.HasPrefix(f.Schema, "/") {
					if _, ok := listed[f.Schema]; !ok && !slices.ContainsFunc(x.files, func(g export.File) bool { return g.Path == f.Schema }) {
						t.Errorf("%s: schema %s is not published", f.Path, f.Schema)
					}
				}
			}
			written := map[string]int64{}
			err := filepath.WalkDir(x.dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || d.Name() == "index.html" {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(x.dir, p)
				written["/"+filepath.ToSlash(rel)] = info.Size()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(written, listed); diff != "" {
				t.Errorf("files written (-) and listed (+):\n%s", diff)
			}
			want := []string{"/api/v1/catalogue.json", "/api/v1/datapackage.json", "/api/v1/catalog.jsonld",
				"/feed.xml", "/sitemap.xml", "/robots.txt", "/api/v1/actions-mutualisations.csv",
				"/api/v1/coverage.json", "/api/v1/coverage.csv", "/api/v1/schemas/coverage.schema.json", "/api/v1/schemas/coverage.tableschema.json"}
			for _, c := range content.Collections() {
				want = append(want, "/api/v1/"+c.Dir+".json", "/api/v1/"+c.Dir+".csv", "/api/v1/schemas/"+string(c.Kind)+".schema.json")
			}
			for _, e := range x.cat.Entries {
				want = append(want, render.JSONPath(e))
			}
			for _, r := range x.cat.Redirects {
				c, _ := content.CollectionOf(r.Kind)
				want = append(want, "/api/v1/"+c.Dir+"/"+r.From+".json")
			}
			for _, p := range want {
				if _, ok := listed[p]; !ok {
					t.Errorf("%s is not published", p)
				}
			}
		})
	}
}

// TestDeterministic exports the same content twice, from two loads, and
// expects the same bytes.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a := exportSite(t, load(t, siteFS(t, "site"), testDates))
	b := exportSite(t, load(t, siteFS(t, "site"), testDates))
	if len(a.files) != len(b.files) {
		t.Fatalf("%d files, then %d", len(a.files), len(b.files))
	}
	for i, f := range a.files {
		if b.files[i].Path != f.Path {
			t.Fatalf("file %d is %s, then %s", i, f.Path, b.files[i].Path)
		}
		if !bytes.Equal(a.read(t, f.Path), b.read(t, f.Path)) {
			t.Errorf("%s differs between two exports of the same content", f.Path)
		}
	}
}

// schemas compiles every published JSON Schema, offline: each is added
// under its address, and the compiler loads nothing else.
type schemas struct {
	c     *jsonschema.Compiler
	cache map[string]*jsonschema.Schema
}

func compileSchemas(t *testing.T, x exported) *schemas {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: strictURI})
	for _, f := range x.files {
		if f.Format != "JSON Schema" {
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(x.read(t, f.Path)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		if id := doc.(map[string]any)["$id"]; id != x.cat.Site.AbsURL(f.Path) {
			t.Errorf("%s: $id is %v, want its address", f.Path, id)
		}
		if err := c.AddResource(x.cat.Site.AbsURL(f.Path), doc); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
	}
	return &schemas{c: c, cache: map[string]*jsonschema.Schema{}}
}

// uriPattern is RFC 3986's URI, reduced to what a validator that reads
// the grammar checks (ajv, for one): a scheme, then only unreserved and
// reserved characters and percent escapes. The jsonschema package checks
// "format": "uri" with net/url alone, which takes spaces, quotes and
// braces.
var uriPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)

func strictURI(v any) error {
	if s, ok := v.(string); ok && !uriPattern.MatchString(s) {
		return fmt.Errorf("%q is not a URI by RFC 3986", s)
	}
	return nil
}

func (s *schemas) validate(url string, data []byte) error {
	sch, ok := s.cache[url]
	if !ok {
		var err error
		sch, err = s.c.Compile(url)
		if err != nil {
			return fmt.Errorf("compiling %s: %w", url, err)
		}
		s.cache[url] = sch
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestSchemas validates every exported JSON file against the schema it
// declares, with a JSON Schema 2020-12 validator that asserts formats.
func TestSchemas(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			s := compileSchemas(t, x)
			n := 0
			for _, f := range x.files {
				if f.Format != "JSON" || !strings.HasPrefix(f.Schema, export.APIDir) {
					continue
				}
				data := x.read(t, f.Path)
				if err := s.validate(x.cat.Site.AbsURL(f.Schema), data); err != nil {
					t.Errorf("%s does not match %s:\n%v", f.Path, f.Schema, err)
				}
				if f.Role != "entry" && f.Role != "redirect" {
					if got := x.json(t, f.Path)["$schema"]; got != x.cat.Site.AbsURL(f.Schema) {
						t.Errorf("%s declares $schema %v, want %s", f.Path, got, x.cat.Site.AbsURL(f.Schema))
					}
				}
				n++
			}
			// The entries, the redirects, the collections, the catalogue,
			// coverage.json, owners.json and changes.json.
			if want := len(x.cat.Entries) + len(x.cat.Redirects) + len(content.Collections()) + 4; n != want {
				t.Errorf("validated %d files, want %d", n, want)
			}
		})
	}
}

// TestSchemasReject makes sure the schemas do check: broken records fail.
func TestSchemasReject(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	s := compileSchemas(t, x)
	url := x.cat.Site.AbsURL("/api/v1/schemas/action.schema.json")
	for _, tt := range []struct {
		name   string
		change func(map[string]any)
	}{
		{"unknown key", func(r map[string]any) { r["colour"] = "blue" }},
		{"bad enum", func(r map[string]any) { r["priority"] = "maybe" }},
		{"bad kind", func(r map[string]any) { r["kind"] = "service" }},
		{"bad id", func(r map[string]any) { r["id"] = "M001" }},
		{"missing title", func(r map[string]any) { delete(r, "title") }},
		{"empty owner list", func(r map[string]any) { r["owners"] = []any{} }},
		{"bad date", func(r map[string]any) { r["updated"] = "6 May 2024" }},
		{"bad reference", func(r map[string]any) { r["mutualisations"] = []any{"2.1"} }},
		{"unknown relation", func(r map[string]any) { r["links"].(map[string]any)["likes"] = []any{} }},
		{"bad url", func(r map[string]any) { r["url"] = "not a url" }},
		{"url with a space", func(r map[string]any) { r["url"] = "https://example.org/a b" }},
		{"url with an accent", func(r map[string]any) { r["url"] = "https://example.org/été" }},
	} {
		rec := x.json(t, "/api/v1/actions/2.1.1.json")
		if err := s.validate(url, mustJSON(t, rec)); err != nil {
			t.Fatalf("the record itself is invalid: %v", err)
		}
		tt.change(rec)
		if err := s.validate(url, mustJSON(t, rec)); err == nil {
			t.Errorf("%s: a broken record passes the schema", tt.name)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSchemaFollowsTypes checks that every key of the Go types the loader
// decodes is in the schema of its kind, under its json name, and required
// when the content requires it: the two cannot drift.
func TestSchemaFollowsTypes(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	for _, c := range content.Collections() {
		sch := x.json(t, "/api/v1/schemas/"+string(c.Kind)+".schema.json")
		props := sch["properties"].(map[string]any)
		required := sch["required"].([]any)
		types := []any{content.Meta{}}
		if km := content.KindMeta(c.Kind); km != nil {
			types = append(types, km)
		}
		for _, v := range types {
			rt := reflect.TypeOf(v)
			if rt.Kind() == reflect.Pointer {
				rt = rt.Elem()
			}
			for i := range rt.NumField() {
				sf := rt.Field(i)
				key := sf.Tag.Get("toml")
				if key == "" {
					continue
				}
				name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
				if name == "" || name == "-" {
					t.Errorf("%s.%s has toml key %q but no json name: it would not be exported", rt.Name(), sf.Name, key)
					continue
				}
				if _, ok := props[name]; !ok {
					t.Errorf("%s schema lacks %q (%s.%s)", c.Kind, name, rt.Name(), sf.Name)
				}
				if sf.Tag.Get("required") == "true" && !slices.Contains(required, any(name)) {
					t.Errorf("%s schema does not require %q", c.Kind, name)
				}
			}
		}
	}
}

// A tableSchema is the part of a Frictionless Table Schema the tests read.
type tableSchema struct {
	Fields []struct {
		Name        string
		Type        string
		ItemType    string
		Delimiter   string
		Categories  []string
		Constraints struct {
			Required bool
			Unique   bool
			Pattern  string
		}
	}
	PrimaryKey  []string
	ForeignKeys []struct {
		Fields    []string
		Reference struct {
			Resource string
			Fields   []string
		}
	}
}

type dataPackage struct {
	Resources []resource
}

type resource struct {
	Name       string
	Path       string
	Type       string
	Bytes      int64
	Hash       string
	Schema     *tableSchema
	JSONSchema string `json:"jsonSchema"`
}

func (x exported) dataPackage(t *testing.T) dataPackage {
	t.Helper()
	var p dataPackage
	if err := json.Unmarshal(x.read(t, "/api/v1/datapackage.json"), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// readCSV parses a CSV file as a reuser would, after checking its encoding.
func (x exported) readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	data := x.read(t, p)
	if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Errorf("%s is not UTF-8 without BOM", p)
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s does not end with CRLF", p)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("%s:%d: cell %d %q could run as a formula", p, i+1, j+1, cell)
			}
		}
	}
	return rows
}

// TestCSV reads every collection's CSV back with its Table Schema and
// compares each row with the JSON record of the same entry.
func TestCSV(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			pkg := x.dataPackage(t)
			for _, c := range content.Collections() {
				i := slices.IndexFunc(pkg.Resources, func(r resource) bool {
					return r.Name == c.Dir
				})
				if i < 0 {
					t.Fatalf("no resource %s in datapackage.json", c.Dir)
				}
				ts := pkg.Resources[i].Schema
				rows := x.readCSV(t, "/api/v1/"+c.Dir+".csv")
				var names []string
				for _, f := range ts.Fields {
					names = append(names, f.Name)
				}
				if diff := cmp.Diff(names, rows[0]); diff != "" {
					t.Fatalf("%s.csv header differs from its Table Schema (-schema +csv):\n%s", c.Dir, diff)
				}
				recs := x.json(t, "/api/v1/"+c.Dir+".json")["entries"].([]any)
				if len(recs) != len(rows)-1 {
					t.Fatalf("%s: %d JSON records, %d CSV rows", c.Dir, len(recs), len(rows)-1)
				}
				for r, raw := range recs {
					rec := raw.(map[string]any)
					for key := range rec {
						if !slices.ContainsFunc(names, func(n string) bool { return n == key || strings.HasPrefix(n, key+"_") }) {
							t.Errorf("%s: key %q of the JSON has no CSV column", c.Dir, key)
						}
					}
					got := parseRow(t, ts, rows[r+1])
					for j, f := range ts.Fields {
						want := fromJSON(rec, f.Name, f.ItemType)
						if diff := cmp.Diff(want, got[j]); diff != "" {
							t.Errorf("%s.csv row %d (%v), column %s: CSV differs from JSON (-json +csv):\n%s", c.Dir, r+2, rec["id"], f.Name, diff)
						}
					}
				}
			}
		})
	}
}

// parseRow types the cells of a row after the Table Schema: missing values
// are nil, lists are []any, numbers float64. Per the package's documented
// convention, an empty cell of a column cut from a list of objects stands
// for one empty item when its sibling columns hold one item.
func parseRow(t *testing.T, ts *tableSchema, row []string) []any {
	t.Helper()
	out := make([]any, len(row))
	groups := map[string]int{} // list-of-objects prefix → number of objects
	for j, f := range ts.Fields {
		cell := export.Unneutralise(row[j])
		if f.Type != "list" {
			out[j] = scalar(t, f.Type, cell)
			continue
		}
		if f.Delimiter != export.ListSeparator {
			t.Errorf("column %s: delimiter %q", f.Name, f.Delimiter)
		}
		var items []any
		for _, it := range export.SplitList(cell) {
			v := scalar(t, f.ItemType, it)
			if v == nil {
				v = ""
			}
			items = append(items, v)
		}
		out[j] = items
		if p, _, ok := strings.Cut(f.Name, "_"); ok && p != "links" && p != "backlinks" {
			groups[p] = max(groups[p], len(items))
		}
	}
	for j, f := range ts.Fields {
		if p, _, ok := strings.Cut(f.Name, "_"); ok && f.Type == "list" && groups[p] == 1 && len(out[j].([]any)) == 0 {
			out[j] = []any{""}
		}
		if l, ok := out[j].([]any); ok && len(l) == 0 {
			out[j] = nil
		}
	}
	return out
}

func scalar(t *testing.T, typ, cell string) any {
	if cell == "" {
		return nil
	}
	switch typ {
	case "integer", "number":
		n, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsInf(n, 0) {
			t.Errorf("%q is not a %s", cell, typ)
		}
		return n
	case "date":
		if _, err := time.Parse(time.DateOnly, cell); err != nil {
			t.Errorf("%q is not a date", cell)
		}
	}
	return cell
}

// fromJSON reads column col of a JSON record the way the CSV flattens it:
// a key of its own, or <list>_<key> of a list of objects, or
// <links|backlinks>_<relation>. Absent values and empty strings are nil;
// numbers in a list of strings (itemType) are written as the CSV does.
func fromJSON(rec map[string]any, col, itemType string) any {
	norm := func(v any) any {
		switch v := v.(type) {
		case nil:
			return nil
		case string:
			if v == "" {
				return nil
			}
			return strings.ReplaceAll(v, "\r\n", "\n") // as encoding/csv reads it
		case []any:
			if len(v) == 0 {
				return nil
			}
			out := make([]any, len(v))
			for i, it := range v {
				switch x := it.(type) {
				case string:
					it = strings.ReplaceAll(x, "\r\n", "\n")
				case float64:
					if itemType == "string" {
						it = strconv.FormatFloat(x, 'f', -1, 64)
					}
				}
				out[i] = it
			}
			return out
		}
		return v
	}
	if v, ok := rec[col]; ok {
		return norm(v)
	}
	for i := range len(col) {
		if col[i] != '_' {
			continue
		}
		switch v := rec[col[:i]].(type) {
		case map[string]any:
			return norm(v[col[i+1:]])
		case []any:
			items := make([]any, len(v))
			for k, o := range v {
				item, ok := o.(map[string]any)[col[i+1:]]
				if !ok {
					item = ""
				}
				items[k] = item
			}
			return norm(items)
		}
	}
	return nil
}

// TestForeignKeys checks the data package: every resource is the file it
// describes, every primary key is unique, every foreign key resolves; and
// every relation of the JSON names an entry of the catalogue.
func TestForeignKeys(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			pkg := x.dataPackage(t)
			tables := map[string][][]string{}
			schemas := map[string]*tableSchema{}
			for _, r := range pkg.Resources {
				p := export.APIDir + r.Path
				data := x.read(t, p)
				if int64(len(data)) != r.Bytes {
					t.Errorf("%s: bytes %d, file has %d", r.Name, r.Bytes, len(data))
				}
				if !strings.HasPrefix(r.Hash, "sha256:") {
					t.Errorf("%s: hash %q", r.Name, r.Hash)
				}
				if r.Type == "table" {
					tables[r.Name] = x.readCSV(t, p)
					schemas[r.Name] = r.Schema
				} else if r.JSONSchema == "" {
					t.Errorf("%s: no JSON Schema", r.Name)
				}
			}
			column := func(table, col string) []string {
				rows := tables[table]
				j := slices.Index(rows[0], col)
				if j < 0 {
					t.Fatalf("%s has no column %s", table, col)
				}
				var out []string
				for _, row := range rows[1:] {
					out = append(out, export.Unneutralise(row[j]))
				}
				return out
			}
			checked := 0
			for name, ts := range schemas {
				seen := map[string]bool{}
				for _, row := range tables[name][1:] {
					var key []string
					for _, k := range ts.PrimaryKey {
						key = append(key, export.Unneutralise(row[slices.Index(tables[name][0], k)]))
					}
					if k := strings.Join(key, "\x00"); seen[k] {
						t.Errorf("%s: primary key %q repeated", name, key)
					} else {
						seen[k] = true
					}
				}
				for _, fk := range ts.ForeignKeys {
					target := cmpOr(fk.Reference.Resource, name)
					if _, ok := tables[target]; !ok {
						t.Fatalf("%s: foreign key to unknown resource %q", name, target)
					}
					ids := column(target, fk.Reference.Fields[0])
					for _, v := range column(name, fk.Fields[0]) {
						if v != "" && !slices.Contains(ids, v) {
							t.Errorf("%s.%s = %q: no such %s.%s", name, fk.Fields[0], v, target, fk.Reference.Fields[0])
						}
						checked++
					}
				}
			}
			if checked == 0 {
				t.Error("no foreign key was checked")
			}
			if !slices.ContainsFunc(pkg.Resources, func(r resource) bool {
				return r.Name == "actions-mutualisations"
			}) {
				t.Error("no actions-mutualisations join table")
			}

			ids := map[string]bool{}
			cat := x.json(t, "/api/v1/catalogue.json")
			for _, r := range cat["entries"].([]any) {
				ids[r.(map[string]any)["id"].(string)] = true
			}
			for _, r := range cat["entries"].([]any) {
				rec := r.(map[string]any)
				for _, key := range []string{"links", "backlinks"} {
					for rel, list := range rec[key].(map[string]any) {
						for _, id := range list.([]any) {
							if !ids[id.(string)] {
								t.Errorf("%s: %s.%s names %v, not in the catalogue", rec["id"], key, rel, id)
							}
						}
					}
				}
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestDCAT checks that catalog.jsonld parses and carries the DCAT-AP
// mandatory and recommended properties, with identifiers that depend only on
// the site's address and the collections' folders.
func TestDCAT(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			doc := x.json(t, "/api/v1/catalog.jsonld")
			ctx, ok := doc["@context"].(map[string]any)
			if !ok {
				t.Fatal("no @context")
			}
			ld := jsonld{t: t, ctx: ctx}
			const (
				dcat  = "http://www.w3.org/ns/dcat#"
				dct   = "http://purl.org/dc/terms/"
				foaf  = "http://xmlns.com/foaf/0.1/"
				vcard = "http://www.w3.org/2006/vcard/ns#"
			)
			ld.is(doc, dcat+"Catalog")
			for _, p := range []string{dct + "title", dct + "description", dct + "publisher", foaf + "homepage",
				dct + "language", dct + "license", dcat + "dataset"} {
				ld.has(doc, "catalogue", p)
			}
			if x.cat.Entries[0].Modified.IsZero() == false {
				ld.has(doc, "catalogue", dct+"modified")
			}
			ld.has(ld.first(doc, dct+"publisher"), "publisher", foaf+"name")
			datasets := ld.values(doc, dcat+"dataset")
			if len(datasets) != len(content.Collections())+2 {
				t.Fatalf("%d datasets, want one per collection, the changes and the owners", len(datasets))
			}
			changes := datasets[len(datasets)-2].(map[string]any)
			if id := ld.first(changes, dct+"identifier"); id != x.cat.Site.AbsURL("/changes/#dataset") {
				t.Errorf("changes dataset: identifier %v", id)
			}
			if n := len(ld.values(changes, dcat+"distribution")); n != 2 {
				t.Errorf("changes dataset: %d distributions, want changes.json and changes.csv", n)
			}
			base := strings.TrimSuffix(x.cat.Site.BaseURL, "/")
			owners := datasets[len(datasets)-1].(map[string]any)
			if id := ld.first(owners, dct+"identifier"); id != base+"/owners/#dataset" {
				t.Errorf("owners dataset: identifier %v", id)
			}
			var dists []string
			for _, d := range ld.values(owners, dcat+"distribution") {
				dists = append(dists, fmt.Sprint(ld.first(d.(map[string]any), dcat+"downloadURL").(map[string]any)["@id"]))
			}
			if want := []string{base + "/api/v1/owners.json", base + "/api/v1/owners.csv"}; !slices.Equal(dists, want) {
				t.Errorf("owners dataset: distributions %v, want %v", dists, want)
			}
			for i, c := range content.Collections() {
				ds := datasets[i].(map[string]any)
				ld.is(ds, dcat+"Dataset")
				if id := ld.first(ds, dct+"identifier"); id != base+"/"+c.Dir+"/#dataset" {
					t.Errorf("dataset %s: identifier %v", c.Dir, id)
				}
				for _, p := range []string{dct + "title", dct + "description", dcat + "keyword", dct + "publisher",
					dcat + "landingPage", dcat + "contactPoint", dcat + "distribution", dcat + "theme", dct + "language"} {
					ld.has(ds, c.Dir, p)
				}
				if !modified(x.cat.Collection(c.Kind)).IsZero() {
					ld.has(ds, c.Dir, dct+"modified")
				}
				contact := ld.first(ds, dcat+"contactPoint")
				ld.has(contact, c.Dir+" contact", vcard+"fn")
				ld.has(contact, c.Dir+" contact", vcard+"hasEmail")
				formats := map[string]bool{}
				dists := map[string]bool{}
				for _, d := range ld.values(ds, dcat+"distribution") {
					dist := d.(map[string]any)
					dists[ld.id(dist)] = true
					ld.is(dist, dcat+"Distribution")
					for _, p := range []string{dcat + "accessURL", dcat + "downloadURL", dcat + "mediaType", dct + "format",
						dct + "license", dct + "conformsTo", dcat + "byteSize"} {
						ld.has(dist, c.Dir+" distribution", p)
					}
					file := x.path(t, ld.id(ld.first(dist, dcat+"downloadURL")))
					size, _ := strconv.Atoi(ld.first(dist, dcat+"byteSize").(map[string]any)["@value"].(string))
					if size != len(x.read(t, file)) {
						t.Errorf("%s: byteSize %d, file has %d bytes", file, size, len(x.read(t, file)))
					}
					x.read(t, x.path(t, ld.id(ld.first(dist, dct+"conformsTo"))))
					formats[path.Ext(file)] = true
				}
				if c.Kind == content.KindMutualisation && !dists[base+"/api/v1/coverage.json"] {
					t.Errorf("dataset %s: no coverage.json distribution", c.Dir)
				}
				if !formats[".json"] || !formats[".csv"] {
					t.Errorf("dataset %s: distributions %v, want JSON and CSV", c.Dir, formats)
				}
			}
		})
	}
}

// jsonld reads compacted JSON-LD whose context holds prefixes only.
type jsonld struct {
	t   *testing.T
	ctx map[string]any
}

// values returns the values of the property iri of node.
func (ld jsonld) values(node any, iri string) []any {
	n, ok := node.(map[string]any)
	if !ok {
		ld.t.Fatalf("%v is not a node", node)
	}
	for k, v := range n {
		if strings.HasPrefix(k, "@") {
			continue
		}
		prefix, local, ok := strings.Cut(k, ":")
		ns, known := ld.ctx[prefix].(string)
		if !ok || !known {
			ld.t.Errorf("key %q uses no prefix of the context", k)
			continue
		}
		if ns+local == iri {
			if l, ok := v.([]any); ok {
				return l
			}
			return []any{v}
		}
	}
	return nil
}

func (ld jsonld) first(node any, iri string) any {
	vs := ld.values(node, iri)
	if len(vs) == 0 {
		ld.t.Fatalf("no %s in %v", iri, node)
	}
	return vs[0]
}

func (ld jsonld) has(node any, what, iri string) {
	ld.t.Helper()
	vs := ld.values(node, iri)
	if len(vs) == 0 {
		ld.t.Errorf("%s: no %s", what, iri)
	}
	for _, v := range vs {
		if s, ok := v.(string); ok && s == "" {
			ld.t.Errorf("%s: empty %s", what, iri)
		}
		if m, ok := v.(map[string]any); ok && m["@value"] == "" {
			ld.t.Errorf("%s: empty %s", what, iri)
		}
	}
}

func (ld jsonld) is(node map[string]any, typ string) {
	ld.t.Helper()
	prefix, local, _ := strings.Cut(node["@type"].(string), ":")
	if ld.ctx[prefix].(string)+local != typ {
		ld.t.Errorf("%v is a %v, want %s", node["@id"], node["@type"], typ)
	}
}

func (ld jsonld) id(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		ld.t.Fatalf("%v is not a reference", v)
	}
	return m["@id"].(string)
}

func modified(entries []*content.Entry) time.Time {
	var t time.Time
	for _, e := range entries {
		if e.Modified.After(t) {
			t = e.Modified
		}
	}
	return t
}

// TestFeedAndSitemap parses feed.xml and sitemap.xml.
func TestFeedAndSitemap(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			var feed struct {
				Updated string `xml:"updated"`
				Entries []struct {
					Title   string `xml:"title"`
					ID      string `xml:"id"`
					Updated string `xml:"updated"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(x.read(t, "/feed.xml"), &feed); err != nil {
				t.Fatalf("feed.xml: %v", err)
			}
			var dated int
			for _, e := range x.cat.Entries {
				if !e.Modified.IsZero() {
					dated++
				}
			}
			if len(feed.Entries) != min(dated, x.cat.Site.FeedEntries) {
				t.Errorf("feed has %d entries, want %d", len(feed.Entries), min(dated, x.cat.Site.FeedEntries))
			}
			if m := modified(x.cat.Entries); !m.IsZero() && feed.Updated != m.Format(time.RFC3339) {
				t.Errorf("feed updated %s, want the latest entry's %s", feed.Updated, m.Format(time.RFC3339))
			}
			for i := 1; i < len(feed.Entries); i++ {
				if feed.Entries[i].Updated > feed.Entries[i-1].Updated {
					t.Errorf("feed entry %d is newer than the one before", i)
				}
			}

			var sm struct {
				URLs []struct {
					Loc string `xml:"loc"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(x.read(t, "/sitemap.xml"), &sm); err != nil {
				t.Fatalf("sitemap.xml: %v", err)
			}
			var locs []string
			for _, u := range sm.URLs {
				locs = append(locs, u.Loc)
			}
			want := []string{x.cat.Site.AbsURL("/"), x.cat.Site.AbsURL("/themes/identite/"), x.cat.Site.AbsURL("/open-data/")}
			for _, e := range x.cat.Entries {
				want = append(want, x.cat.Site.AbsURL(e.URL()))
			}
			for _, w := range want {
				if !slices.Contains(locs, w) {
					t.Errorf("sitemap lacks %s", w)
				}
			}
			for _, r := range x.cat.Redirects {
				if slices.Contains(locs, x.cat.Site.AbsURL(r.URL())) {
					t.Errorf("sitemap lists %s, the page of a removed or renamed entry", r.URL())
				}
			}
			if !bytes.Contains(x.read(t, "/robots.txt"), []byte("Sitemap: "+x.cat.Site.AbsURL("/sitemap.xml"))) {
				t.Error("robots.txt does not point to the sitemap")
			}
		})
	}
}

// TestHostile checks that hostile text comes out of the JSON unchanged and
// that no file lets it act: no markup in JSON, no formula in CSV, well-formed
// XML.
func TestHostile(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "hostile"), nil))
	e := x.cat.Entry("M001")
	rec := x.json(t, "/api/v1/mutualisations/M001.json")
	for key, want := range map[string]any{
		"title":         e.Title,
		"summary":       e.Summary,
		"body_markdown": e.Body,
	} {
		if rec[key] != want {
			t.Errorf("%s: got %q, want %q", key, rec[key], want)
		}
	}
	var owners []string
	for _, o := range rec["owners"].([]any) {
		owners = append(owners, o.(string))
	}
	if diff := cmp.Diff(e.Owners, owners); diff != "" {
		t.Errorf("owners (-content +json):\n%s", diff)
	}
	if !strings.Contains(e.Body, "\u202E") || !strings.Contains(e.Summary, "\u200F") || !strings.Contains(e.Summary, "\U0001F469\u200D\U0001F4BB") {
		t.Fatal("the hostile site lost its bidirectional mark or emoji when loaded")
	}
	for _, f := range x.files {
		data := x.read(t, f.Path)
		if !utf8.Valid(data) {
			t.Errorf("%s is not valid UTF-8", f.Path)
		}
		switch f.MediaType {
		case "application/json", "application/ld+json", "application/schema+json":
			if bytes.ContainsAny(data, "<>") {
				t.Errorf("%s holds a raw < or >: pasted in a page, it could close a <script>", f.Path)
			}
		case "application/atom+xml", "application/xml":
			if bytes.Contains(data, []byte("<script")) {
				t.Errorf("%s holds markup from the content", f.Path)
			}
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				_, err := d.Token()
				if err != nil {
					if err.Error() != "EOF" {
						t.Errorf("%s: %v", f.Path, err)
					}
					break
				}
			}
		}
	}
	rows := x.readCSV(t, "/api/v1/mutualisations.csv")
	title := slices.Index(rows[0], "title")
	if got := export.Unneutralise(rows[1][title]); got != e.Title {
		t.Errorf("CSV title %q, want %q", got, e.Title)
	}
	if rows[1][title] != "'"+e.Title {
		t.Errorf("CSV title cell %q is not neutralised", rows[1][title])
	}
	owner := slices.Index(rows[0], "owners")
	if got := export.SplitList(export.Unneutralise(rows[1][owner])); !slices.Equal(got, e.Owners) {
		t.Errorf("CSV owners %q, want %q", got, e.Owners)
	}
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	// No entry of the hostile site has a date: the feed is empty but
	// valid, dated at the Unix epoch rather than by the clock.
	if err := xml.Unmarshal(x.read(t, "/feed.xml"), &feed); err != nil || len(feed.Entries) != 0 {
		t.Errorf("feed.xml: %v, %d entries", err, len(feed.Entries))
	}
	if !bytes.Contains(x.read(t, "/feed.xml"), []byte("<updated>1970-01-01T00:00:00Z</updated>")) {
		t.Error("an undated feed is not dated at the epoch")
	}
}

// TestHostileFeed puts the hostile entries in the feed, with dates.
func TestHostileFeed(t *testing.T) {
	t.Parallel()
	dates := map[string]time.Time{"content/mutualisations/M001.md": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	x := exportSite(t, load(t, siteFS(t, "hostile"), dates))
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(x.read(t, "/feed.xml"), &feed); err != nil {
		t.Fatal(err)
	}
	e := x.cat.Entry("M001")
	if len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Title, e.Title) || feed.Title != x.cat.Site.Title {
		t.Fatalf("feed: %+v", feed)
	}
	// encoding/xml writes a CR as &#xD;, which parsers keep.
	if feed.Entries[0].Summary != e.Summary {
		t.Errorf("feed summary %q, want %q", feed.Entries[0].Summary, e.Summary)
	}
}
