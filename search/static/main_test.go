package static

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
	"catalogue/search"
)

var update = flag.Bool("update", false, "rewrite golden files")

// A fixture is a catalogue built into an index and static search files.
type fixture struct {
	cat    *content.Catalogue
	md     *markdown.Markdown
	index  string // the index folder
	public string // the site folder; the static files are in public/search
	ix     *search.Index
}

// static is the folder of the static search files.
func (f *fixture) static() string { return filepath.Join(f.public, Dir) }

// scratch is the folder the tests build into, removed by TestMain.
var scratch string

var (
	bundledOnce sync.Once
	bundledFix  *fixture
	bundledErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "catalogue-search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	if bundledFix != nil {
		bundledFix.ix.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// bundled returns the repository's own catalogue (content/ at the root),
// built once for all the tests of the package.
func bundled(t testing.TB) *fixture {
	t.Helper()
	bundledOnce.Do(func() {
		md := markdown.New()
		cat, diags := content.Load(context.Background(), os.DirFS("../.."), content.Options{Markdown: md})
		if err := diags.Err(); err != nil {
			bundledErr = err
			return
		}
		bundledFix, bundledErr = buildFixture(filepath.Join(scratch, "bundled"), cat, md)
	})
	if bundledErr != nil {
		t.Fatal(bundledErr)
	}
	return bundledFix
}

// buildFixture builds cat into dir/index and dir/public and opens the
// index.
func buildFixture(dir string, cat *content.Catalogue, md *markdown.Markdown) (*fixture, error) {
	f := &fixture{cat: cat, md: md, index: filepath.Join(dir, "index"), public: filepath.Join(dir, "public")}
	if err := os.MkdirAll(f.index, 0o755); err != nil {
		return nil, err
	}
	if err := Build(context.Background(), cat, f.index, f.public, nil); err != nil {
		return nil, err
	}
	ix, err := search.Open(f.index)
	if err != nil {
		return nil, err
	}
	f.ix = ix
	return f, nil
}

// smallSite is a site of a few entries for the tests that change content.
func smallSite() fstest.MapFS {
	entry := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.toml": entry(`title = "Test"
base_url = "https://catalogue.example.fr/"

[[themes]]
id = "securite"
fr = "Sécurité"
en = "Security"

[[owners]]
id = "dinum"
label = "DINUM"
country = "FR"
`),
		"content/sources/csic-2018.md": entry("+++\nid = \"csic-2018\"\ntitle = \"Lignes stratégiques\"\n+++\n"),
		"content/mutualisations/M010.md": entry(`+++
id = "M010"
title = "Signature / vérif Sign."
status = "identified"
themes = ["securite"]

[[sources]]
document = "csic-2018"
+++
Développer l'usage de la signature électronique dans les procédures internes de l'administration.
`),
		"content/mutualisations/M075.md": entry(`+++
id = "M075"
title = "Messagerie instantanée de l'État"
themes = ["securite"]

[[sources]]
document = "csic-2018"
+++
Lancer une messagerie instantanée de l'État pour les agents. Voir M010.
`),
		"content/services/tchap.md": entry(`+++
id = "tchap"
title = "Tchap"
lang = "en"
status = "operational"
owners = ["dinum"]
realises = ["M075"]

[[sources]]
document = "csic-2018"
+++
The State's instant messaging, with 500,000 civil servants.
`),
	}
}

// loadSite loads a site from fsys, failing the test on any error.
func loadSite(t testing.TB, fsys fstest.MapFS) (*content.Catalogue, *markdown.Markdown) {
	t.Helper()
	md := markdown.New()
	cat, diags := content.Load(context.Background(), fsys, content.Options{Markdown: md})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return cat, md
}

// small builds the small site into a folder of the test.
func small(t testing.TB) *fixture {
	t.Helper()
	cat, md := loadSite(t, smallSite())
	f, err := buildFixture(t.TempDir(), cat, md)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.ix.Close() })
	return f
}
