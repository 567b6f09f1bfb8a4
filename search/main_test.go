package search

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
	"catalogue/search/index"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// A fixture is a catalogue built into an index, opened.
type fixture struct {
	cat   *content.Catalogue
	md    *markdown.Markdown
	index string // the index folder
	ix    *Index
}

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
		cat, diags := content.Load(context.Background(), os.DirFS(".."), content.Options{Markdown: md})
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

// buildFixture builds cat into dir/index, with its site's synonyms, and
// opens the index.
func buildFixture(dir string, cat *content.Catalogue, md *markdown.Markdown) (*fixture, error) {
	f := &fixture{cat: cat, md: md, index: filepath.Join(dir, "index")}
	if err := os.MkdirAll(f.index, 0o755); err != nil {
		return nil, err
	}
	if _, err := index.Build(context.Background(), index.Documents(cat), f.index, index.Options{}); err != nil {
		return nil, err
	}
	var groups [][]string
	for _, g := range cat.Site.Synonyms {
		groups = append(groups, g.Words)
	}
	if err := WriteSynonyms(f.index, groups); err != nil {
		return nil, err
	}
	ix, err := Open(f.index)
	if err != nil {
		return nil, err
	}
	f.ix = ix
	return f, nil
}

// smallSite is a site of a few entries for the tests that change content:
// search/testdata/small.txtar, shared by the three search packages.
func smallSite() fstest.MapFS {
	ar, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		panic(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
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
