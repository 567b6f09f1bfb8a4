package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

var update = flag.Bool("update", false, "rewrite golden files")

// newSite writes the archive into a new folder with the repository's theme
// and returns the folder.
func newSite(t testing.TB, archive []byte) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse(archive).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS("../themes")); err != nil {
		t.Fatal(err)
	}
	fixTimes(t, dir)
	return dir
}

// fileTime is the modification time of the test sites' files: outside git,
// entries are dated by their files.
var fileTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// fixTimes sets the modification time of every file under dir's content/
// to fileTime, so that a site outside git builds the same bytes every day.
func fixTimes(t testing.TB, dir string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, fileTime, fileTime)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

func testSite(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return newSite(t, data)
}

func build(t testing.TB, root string) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

func readFile(t testing.TB, root, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSite builds the test site and checks the pages and relations a reader
// relies on.
func TestSite(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	res := build(t, root)
	if got := len(res.Catalogue.Entries); got != 9 {
		t.Errorf("entries = %d, want 9", got)
	}
	if res.Pages == 0 || res.Files < res.Pages {
		t.Errorf("pages %d, files %d", res.Pages, res.Files)
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"index.html", []string{`<html lang="fr">`, `<a class="skip-link" href="#main">`, `href="/mutualisations/"`, `<span class="card-count">2</span>`}},
		{"mutualisations/index.html", []string{`<link rel="alternate" type="application/atom+xml" href="/mutualisations/feed.xml" title="Flux Atom de cette liste — Mutualisations">`, `<caption id="collection-caption">`, `<a href="/mutualisations/m001/">Cloud interministériel</a>`, `<a href="/actions/2.1.1/">2.1.1</a>`}},
		{"mutualisations/m001/index.html", []string{
			`<h1>Cloud interministériel</h1>`,
			`<a class="code-ref" href="/mutualisations/m002/" title="FranceConnect Identité Agent">M002</a>`,
			`Actions qui la couvrent`, `<a href="/actions/2.1.1/">`,
			`<pre class="hl-chroma" tabindex="0">`, `&lt;b&gt;`,
			`Note de transcription : titre recollé`,
			`href="https://git.example.fr/edit/content/mutualisations/M001.md"`,
			`href="/api/v1/mutualisations/M001.json"`,
			`<time datetime="2026-01-02">2 janvier 2026</time>`,
		}},
		{"mutualisations/m002/index.html", []string{`Citée par`, `Services qui la réalisent`, `<a href="/services/franceconnect/">`}},
		{"services/franceconnect/index.html", []string{`<h1 lang="en">FranceConnect</h1>`, `40 million users`, `Mutualisations réalisées`}},
		{"programmes/2.1/index.html", []string{`<table>`, `Actions du programme`, `Entrées liées`}},
		{"principes/gt1/index.html", []string{`Niveaux inférieurs`, `/principes/ls1.1/`}},
		{"changes/index.html", []string{`<h1>Nouveautés</h1>`, `Ce site a été construit hors de son dépôt git`, `Doublon de M001, fusionnée.`}},
		{"themes/identite/index.html", []string{`<link rel="alternate" type="application/atom+xml" href="/themes/identite/feed.xml"`, `<h2 id="action">Actions <span class="count">(1)</span></h2>`}},
		{"owners/dinsic/index.html", []string{`2.1.1`}},
		{"priorities/must/index.html", []string{`2.1.1`}},
		{"statuses/operational/index.html", []string{`FranceConnect`}},
		{"404.html", []string{`Page introuvable`, `data-codes="/codes.json"`, `<a href="/mutualisations/">Mutualisations</a>`}},
		{"codes.json", []string{`"mutualisations":["M001","M002"`, `"actions":["2.1.1"`}},
		{"accessibility/index.html", []string{`Défenseur des droits`}},
		{"search/index.html", []string{`id="search-results"`, `/js/search.js`,
			// Not escaped as JavaScript, as a data-one attribute was.
			`data-msg-one="1 entrée trouvée pour « {q} »."`}},
		// French plurals: 0 and 1 take the singular.
		{"priorities/index.html", []string{`(1 entrée)`}},
		{"open-data/index.html", []string{`Données ouvertes`, "\u00a0Ko</td>", `<details class="filters collection-files" id="files-mutualisations">`,
			// The CSV neutralisation rule, and where the data says it.
			`Une cellule qui commence par =, &#43;, -, @, une tabulation, un retour chariot ou une apostrophe est précédée d&#39;une apostrophe`,
			`dans la description de chaque fichier CSV de datapackage.json et dans son Table Schema`,
			// The coverage files and their schemas.
			`<a href="#coverage">Couverture des mutualisations</a>`,
			`coverage.json (schéma /api/v1/schemas/coverage.schema.json)`,
			`coverage.csv (Table Schema /api/v1/schemas/coverage.tableschema.json)`}},
		{"css/chroma.css", []string{`.hl-chroma`}},
		{"mutualisations/m133/index.html", []string{`<meta http-equiv="refresh" content="0; url=/mutualisations/m001/">`, `Doublon de M001, fusionnée.`, `<time datetime="2026-02-03">3 février 2026</time>`}},
		{"mutualisations/m134/index.html", []string{`Entrée retirée`, `hors du périmètre`, `href="/mutualisations/"`}},
	} {
		got := readFile(t, root, tc.file)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", tc.file, w)
			}
		}
	}
	// Raw HTML in a body is dropped. (An unsafe link scheme is a content
	// error: see package content.)
	m2 := readFile(t, root, "mutualisations/m002/index.html")
	for _, bad := range []string{"<script>alert", "onerror"} {
		if strings.Contains(m2, bad) {
			t.Errorf("m002 page contains %q", bad)
		}
	}
}

// withHistory makes the site at root a git repository whose history ends
// in its content: a first commit with M001 under another title, then its
// title as it is.
func withHistory(t testing.TB, root string) {
	t.Helper()
	m001 := filepath.Join(root, "content", "mutualisations", "M001.md")
	data, err := os.ReadFile(m001)
	if err != nil {
		t.Fatal(err)
	}
	git(t, root, 0, "init", "-q", "-b", "main")
	writeFiles(t, root, map[string]string{"content/mutualisations/M001.md": strings.Replace(string(data), "title = ", "title = \"Brouillon\"\nsummary = ", 1)})
	git(t, root, 1, "add", "content")
	git(t, root, 1, "commit", "-q", "--no-verify", "-m", "Import the catalogue")
	writeFiles(t, root, map[string]string{"content/mutualisations/M001.md": string(data)})
	git(t, root, 2, "add", "content")
	git(t, root, 2, "commit", "-q", "--no-verify", "-m", "Retitle M001")
}

// TestBuildOutsideGit dates the entries by their files and says once that
// there is no history.
func TestBuildOutsideGit(t *testing.T) {
	root := testSite(t)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(root))
	writeFiles(t, root, map[string]string{"content/mutualisations/M003.md": mutualisation("M003", "Échanges", `"identite"`, "Un besoin.")})
	fixTimes(t, root)
	res := build(t, root)
	var warnings []string
	for _, d := range res.Diagnostics {
		if d.Field == "history" {
			warnings = append(warnings, d.Error())
		}
	}
	want := []string{"content: warning: history: not a git repository: entry dates are the files' modification times; entry pages show no history and changes.json is empty"}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// M003 sets no updated date: its file's is shown.
	page := readFile(t, root, "mutualisations/m003/index.html")
	if !strings.Contains(page, `<time datetime="2026-03-04">4 mars 2026</time>`) {
		t.Error("m003 is not dated by its file")
	}
	if strings.Contains(page, `class="history"`) {
		t.Error("m003 shows a history outside git")
	}
	if data := readFile(t, root, "api/v1/changes.json"); !strings.Contains(data, `"history": "unknown"`) || !strings.Contains(data, `"count": 0`) {
		t.Errorf("changes.json outside git:\n%s", data)
	}
}

// TestGolden pins the whole HTML of one entry page of each kind, and of
// what's new, built from a site with a git history.
func TestGolden(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	withHistory(t, root)
	res := build(t, root)
	seen := map[content.Kind]bool{}
	for _, e := range res.Catalogue.Entries {
		if seen[e.Kind] {
			continue
		}
		seen[e.Kind] = true
		got := readFile(t, root, strings.TrimPrefix(e.URL(), "/")+"index.html")
		golden := filepath.Join("testdata", "golden", string(e.Kind)+".html")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("%s page differs from %s (-want +got):\n%s", e.Kind, golden, diff)
		}
	}
	if len(seen) != len(content.Collections()) {
		t.Errorf("test site covers %d kinds, want %d", len(seen), len(content.Collections()))
	}
	golden := filepath.Join("testdata", "golden", "changes.html")
	got := readFile(t, root, "changes/index.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("what's new differs from %s (-want +got):\n%s", golden, diff)
	}
}

// hashTree returns the SHA-256 of every file under dir, by relative path.
func hashTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sums[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestDeterministic builds the same content twice, in two folders, and
// requires byte-identical output.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	build(t, root)
	first := hashTree(t, filepath.Join(root, "public"))
	other := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Root: root, Public: other}); err != nil {
		t.Fatal(err)
	}
	second := hashTree(t, other)
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("second build differs (-first +second):\n%s", diff)
	}
	if len(first) < 20 {
		t.Errorf("only %d files built", len(first))
	}
}

// TestFailedBuildKeepsPublic breaks the content after a good build: the
// build fails with positioned errors and public/ stays exactly as it was.
func TestFailedBuildKeepsPublic(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	build(t, root)
	before := hashTree(t, filepath.Join(root, "public"))
	bad := filepath.Join(root, "content", "actions", "2.1.1.md")
	data, _ := os.ReadFile(bad)
	data = bytes.Replace(data, []byte(`"M001", "M002"`), []byte(`"M001", "M133"`), 1)
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Root: root})
	var de *content.DiagnosticsError
	if !errors.As(err, &de) {
		t.Fatalf("build error = %v, want content diagnostics", err)
	}
	want := `content/actions/2.1.1.md:12:27: error: mutualisations[1]: no entry "M133"`
	// The test site's raw HTML gives warnings beside the error.
	if got := de.Error(); !strings.HasPrefix(got, want+"\n") {
		t.Errorf("error:\n got %s\nwant %s first", got, want)
	}
	if res.Diagnostics.Errors() != 1 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if diff := cmp.Diff(before, hashTree(t, filepath.Join(root, "public"))); diff != "" {
		t.Errorf("public/ changed by a failed build:\n%s", diff)
	}
	leftovers, _ := filepath.Glob(filepath.Join(root, ".public-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

// TestThemeErrorKeepsPublic breaks a template after a good build: the
// renderer is made while the index is already being built, and the build
// still fails with the template's error, stops the index, and leaves
// public/ and the index as they were, with no temporary folder behind.
func TestThemeErrorKeepsPublic(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	build(t, root)
	public, index := filepath.Join(root, "public"), filepath.Join(root, ".catalogue", "index")
	before, beforeIndex := hashTree(t, public), hashTree(t, index)
	entry := filepath.Join(root, "themes", "default", "templates", "entry.html")
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(entry, append(data, "{{ if }}"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), Options{Root: root})
	if err == nil || !strings.Contains(err.Error(), "entry.html") || errors.Is(err, context.Canceled) {
		t.Fatalf("build error = %v, want the template's", err)
	}
	if diff := cmp.Diff(before, hashTree(t, public)); diff != "" {
		t.Errorf("public/ changed by a failed build:\n%s", diff)
	}
	if diff := cmp.Diff(beforeIndex, hashTree(t, index)); diff != "" {
		t.Errorf("the index changed by a failed build:\n%s", diff)
	}
	nothingLeftBehind(t, root)
}

// TestChromaCSS keeps the theme's copy of the highlighting stylesheet in
// step with chroma.
func TestChromaCSS(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := markdown.WriteCSS(&buf); err != nil {
		t.Fatal(err)
	}
	const file = "../themes/default/static/css/chroma.css"
	if *update {
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("%s is stale: run go test ./generator -update", file)
	}
}

// TestEnglishUI builds the site with the English interface.
func TestEnglishUI(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	cfg := filepath.Join(root, "site.toml")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append([]byte("language = \"en\"\ncontent_language = \"fr\"\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, root)
	got := readFile(t, root, "mutualisations/m001/index.html")
	for _, w := range []string{`<html lang="en">`, `Skip to content`, `<h1 lang="fr">Cloud interministériel</h1>`, `Actions that cover it`, `2 January 2026`} {
		if !strings.Contains(got, w) {
			t.Errorf("English page lacks %q", w)
		}
	}
	if got := readFile(t, root, "priorities/index.html"); !strings.Contains(got, `(1 entry)`) {
		t.Errorf("English priorities page lacks (1 entry)")
	}
	got = readFile(t, root, "open-data/index.html")
	for _, w := range []string{
		"\u00a0kB</td>",
		`A cell that starts with =, &#43;, -, @, a tab, a carriage return or an apostrophe gets a leading apostrophe`,
		`in the description of every CSV file in datapackage.json and in its Table Schema`,
		`<h2 id="coverage">Coverage of the mutualisations</h2>`,
		`coverage.json (schema /api/v1/schemas/coverage.schema.json)`,
		`coverage.csv (Table Schema /api/v1/schemas/coverage.tableschema.json)`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("English open-data page lacks %q", w)
		}
	}
}

// TestSitemapListsThePages checks the sitemap, which the export writes
// beside the renderer from the renderer's list of pages, against the pages
// on disk: every page but those left at the redirects' addresses.
func TestSitemapListsThePages(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	res := build(t, root)
	public := filepath.Join(root, "public")
	var want []string
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" {
			return err
		}
		rel, err := filepath.Rel(public, filepath.Dir(p))
		page := "/" + filepath.ToSlash(rel) + "/"
		if rel == "." {
			page = "/"
		}
		for _, r := range res.Catalogue.Redirects {
			if r.URL() == page {
				return err
			}
		}
		want = append(want, res.Catalogue.Site.AbsURL(page))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(public, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllSubmatch(data, -1) {
		got = append(got, string(m[1]))
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sitemap (-pages on disk +listed):\n%s", diff)
	}
	if len(res.Catalogue.Redirects) == 0 || len(got) < 10 {
		t.Errorf("%d redirects, %d pages: the test site should have both", len(res.Catalogue.Redirects), len(got))
	}
}

// TestRebuildLeavesNothing builds a site twice: the second build's count
// of files and bytes is the tree's, and nothing of the first build or of
// the temporary folders is left beside public/ and the index.
func TestRebuildLeavesNothing(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	build(t, root)
	res := build(t, root)
	var files int
	var size int64
	err := filepath.WalkDir(filepath.Join(root, "public"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		files++
		size += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != files || res.Bytes != size {
		t.Errorf("build counted %d files, %d bytes; the tree has %d, %d", res.Files, res.Bytes, files, size)
	}
	nothingLeftBehind(t, root)
}

// TestCountIsTheTree builds the test site in one language and in two: the
// files and bytes the build counts as it writes them are those a walk of
// public/ finds (count, as builds counted before).
func TestCountIsTheTree(t *testing.T) {
	t.Parallel()
	for _, langs := range []string{"", `languages = ["fr", "en"]`} {
		t.Run(fmt.Sprintf("languages %q", langs), func(t *testing.T) {
			t.Parallel()
			root := testSite(t)
			if langs != "" {
				site := readSite(t, root, "site.toml")
				writeFiles(t, root, map[string]string{"site.toml": langs + "\n" + site + "\n[translations.en]\ntitle = \"Test catalogue\"\n"})
			}
			res := build(t, root)
			files, size, err := count(filepath.Join(root, "public"), "")
			if err != nil {
				t.Fatal(err)
			}
			if res.Files != files || res.Bytes != size {
				t.Errorf("build counted %d files, %d bytes; the tree has %d, %d", res.Files, res.Bytes, files, size)
			}
			if files < 100 {
				t.Errorf("only %d files", files)
			}
		})
	}
}

// TestOwnersPage: the owners page groups the owners by country, and an
// owner's pages and its entries' pages show its full name with the label as
// its abbreviation.
func TestOwnersPage(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	build(t, root)
	dinum := `Direction interministérielle du numérique (<abbr title="Direction interministérielle du numérique">DINUM</abbr>)`
	owners := readFile(t, root, "owners/index.html")
	fr, lu := strings.Index(owners, "<h2>France</h2>"), strings.Index(owners, "<h2>Luxembourg</h2>")
	if fr < 0 || lu < fr {
		t.Fatalf("owners page: no France then Luxembourg headings:\n%s", owners)
	}
	for _, w := range []string{
		`<a href="/owners/dinum/">` + dinum + `</a>`,
		`<a href="/owners/dinsic/">DINSIC</a>`,
	} {
		if i := strings.Index(owners, w); i < fr || i > lu {
			t.Errorf("owners page: %q missing or not under France", w)
		}
	}
	if i := strings.Index(owners, `<a href="/owners/ctie/">CTIE</a>`); i < lu {
		t.Errorf("owners page: CTIE missing or not under Luxembourg")
	}
	if p := readFile(t, root, "owners/dinum/index.html"); !strings.Contains(p, dinum+"</h1>") {
		t.Errorf("owner page lacks the full name in its heading")
	}
	if p := readFile(t, root, "services/franceconnect/index.html"); !strings.Contains(p, `<a href="/owners/dinum/">`+dinum+`</a>`) {
		t.Errorf("entry page lacks the owner's full name")
	}
}

// TestPortalPagesKnown: every page the build writes, but entries', is a
// page content's link check accepts, so a body may link to it.
func TestPortalPagesKnown(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	res := build(t, root)
	public := filepath.Join(root, "public")
	n := 0
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(public, filepath.Dir(p))
		page := "/" + filepath.ToSlash(rel) + "/"
		if rel == "." {
			page = "/"
		}
		parts := strings.Split(strings.Trim(page, "/"), "/")
		if slices.ContainsFunc(content.Collections(), func(c content.Collection) bool { return c.Dir == parts[0] }) && len(parts) == 2 && parts[1] != "page" {
			return nil // an entry, or the page left for a renamed one
		}
		n++
		if s, ok := res.Catalogue.Site.PortalPage(page); !ok {
			t.Errorf("the build writes %s, which a link check refuses (suggests %q)", page, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("checked %d pages; the test site should have more", n)
	}
}

// nothingLeftBehind fails t if a build left a temporary folder at the
// site root or in its .catalogue.
func nothingLeftBehind(t *testing.T, root string) {
	t.Helper()
	for _, dir := range []string{root, filepath.Join(root, ".catalogue")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") && e.Name() != ".catalogue" {
				t.Errorf("left behind: %s", filepath.Join(dir, e.Name()))
			}
		}
	}
}
