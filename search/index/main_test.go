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
