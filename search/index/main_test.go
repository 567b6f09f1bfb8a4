package index

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"

	"catalogue/generator/content"
	"catalogue/generator/markdown"

	"github.com/rogpeppe/go-internal/txtar"
)

var (
	bundledOnce sync.Once
	bundled     []Document
	bundledErr  error
)

// bundledDocs returns the documents of the repository's own catalogue
// (content/ at the root), loaded once for all the tests of the package.
func bundledDocs(t testing.TB) []Document {
	t.Helper()
	bundledOnce.Do(func() {
		cat, diags := content.Load(context.Background(), os.DirFS("../.."), content.Options{Markdown: markdown.New()})
		if bundledErr = diags.Err(); bundledErr == nil {
			bundled = Documents(cat)
		}
	})
	if bundledErr != nil {
		t.Fatal(bundledErr)
	}
	return bundled
}

// A fixture is a small catalogue built into an index, opened.
type fixture struct {
	cat      *content.Catalogue
	index    string // the index folder
	idx      bleve.Index
	manifest Manifest
}

// smallSite is a site of a few entries for the tests that change content:
// search/testdata/small.txtar, shared by the three search packages.
func smallSite() fstest.MapFS {
	ar, err := txtar.ParseFile("../testdata/small.txtar")
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
func loadSite(t testing.TB, fsys fstest.MapFS) *content.Catalogue {
	t.Helper()
	cat, diags := content.Load(context.Background(), fsys, content.Options{Markdown: markdown.New()})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return cat
}

// small builds the small site into a folder of the test and opens it.
func small(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{cat: loadSite(t, smallSite()), index: filepath.Join(t.TempDir(), "index")}
	if err := os.MkdirAll(f.index, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Documents(f.cat), f.index, Options{}); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.idx, f.manifest, err = Open(f.index); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.idx.Close() })
	return f
}
