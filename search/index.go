package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"catalogue/generator/content"
)

// ManifestFile is the manifest's name in the index folder. It is written
// last: a folder without it holds no finished index.
const ManifestFile = "catalogue-index.json"

// A Manifest describes a built index, so that a server can tell a good
// index from a stale or broken one before answering from it.
type Manifest struct {
	Format  int    `json:"format"`  // [Format] of the build
	Entries int    `json:"entries"` // documents in the index
	Inputs  string `json:"inputs"`  // [InputsHash] of the catalogue it was built from
	Bleve   string `json:"bleve"`   // version of the Bleve module that wrote it
}

// bleveVersion is the version of the Bleve module in the running binary.
func bleveVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/blevesearch/bleve/v2" {
				if d.Replace != nil {
					d = d.Replace
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

// Build builds the index of cat into indexDir (a new, empty folder outside
// the published site) and writes the static search files under
// publicDir/search/. spare, if not nil, is called at most once, as soon
// as the build leaves a core to spare: what remains of it (the last
// documents, merging, the static files) then runs on one core, and the
// caller can start other work beside it rather than compete with it
// from the start. It may not be called when Build fails.
func Build(ctx context.Context, cat *content.Catalogue, indexDir, publicDir string, spare func()) error {
	docs := documents(cat)
	m, err := buildIndex(ctx, docs, indexDir, spare)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return writeStatic(ctx, cat, docs, m, indexDir, publicDir)
}

// WriteStatic writes the static search files of cat under publicDir/search/
// from the index built from cat in indexDir: Build's last step alone, for
// files lost or to measure it. An index built from other content is
// refused as stale.
func WriteStatic(ctx context.Context, cat *content.Catalogue, indexDir, publicDir string) error {
	m, err := ReadManifest(indexDir)
	if err != nil {
		return err
	}
	docs := documents(cat)
	if h := inputsHash(docs); h != m.Inputs {
		return &StaleError{Dir: indexDir, Built: m.Inputs, Now: h}
	}
	return writeStatic(ctx, cat, docs, m, indexDir, publicDir)
}

// writeStatic writes the static search files under publicDir/search/ from
// the index in indexDir, as built or updated with docs and manifest m.
func writeStatic(ctx context.Context, cat *content.Catalogue, docs []document, m Manifest, indexDir, publicDir string) error {
	ix, err := open(indexDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.export(ctx, cat, docs, m, filepath.Join(publicDir, "search")); err != nil {
		return fmt.Errorf("static search files: %w", err)
	}
	return nil
}

// buildIndex writes the documents as one segment, then the manifest.
func buildIndex(ctx context.Context, docs []document, dir string, spare func()) (Manifest, error) {
	if err := writeSegment(ctx, docs, dir, workers(), batchSize, spare); err != nil {
		return Manifest{}, err
	}
	return writeManifest(dir, docs)
}

func writeManifest(dir string, docs []document) (Manifest, error) {
	m := Manifest{Format: Format, Entries: len(docs), Inputs: inputsHash(docs), Bleve: bleveVersion()}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	return m, os.WriteFile(filepath.Join(dir, ManifestFile), append(data, '\n'), 0o644)
}

// An Index is a built index opened read-only.
type Index struct {
	dir      string
	idx      bleve.Index
	im       mapping.IndexMapping
	manifest Manifest
	rules    Rules
	table    *table // nil for the static export, which runs no query
}

// openTimeout bounds the wait for the index's lock: a writer and a reader
// exclude each other, and without a timeout a reader would wait forever
// for a build that holds it.
const openTimeout = "2s"

// Open opens the index built in dir read-only, after checking that its
// manifest matches this program and the index, and reads the table its
// queries need.
func Open(dir string) (*Index, error) {
	ix, err := open(dir)
	if err != nil {
		return nil, err
	}
	if ix.table, err = newTable(ix.idx); err != nil {
		ix.Close()
		return nil, fmt.Errorf("search index %s: broken: %v: run catalogue build", dir, err)
	}
	return ix, nil
}

// open opens the index without reading the table: enough for the static
// export, which runs no query.
func open(dir string) (*Index, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if m.Format != Format {
		return nil, fmt.Errorf("search index %s: format %d, this program reads format %d: run catalogue build", dir, m.Format, Format)
	}
	if v := bleveVersion(); m.Bleve != v {
		return nil, fmt.Errorf("search index %s: written by Bleve %s, this program has Bleve %s: run catalogue build", dir, m.Bleve, v)
	}
	if _, err := os.Stat(filepath.Join(dir, "store", "root.bolt")); err != nil {
		return nil, fmt.Errorf("search index %s: broken (%v): run catalogue build", dir, err)
	}
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("search index %s: %v (is a build writing it?)", dir, err)
	}
	n, err := idx.DocCount()
	if err == nil && int(n) != m.Entries {
		err = fmt.Errorf("holds %d entries, its manifest says %d", n, m.Entries)
	}
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("search index %s: broken: %v: run catalogue build", dir, err)
	}
	return &Index{dir: dir, idx: idx, im: idx.Mapping(), manifest: m, rules: rules()}, nil
}

// reader opens a reader of idx's terms and postings; close it after use.
func reader(idx bleve.Index) (index.IndexReader, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// ReadManifest reads the manifest of the index in dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("search index %s: not built: run catalogue build", dir)
	}
	if err != nil {
		return m, fmt.Errorf("search index %s: %v", dir, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("search index %s: broken manifest %s: %v: run catalogue build", dir, ManifestFile, err)
	}
	return m, nil
}

// Manifest returns the manifest of the index.
func (ix *Index) Manifest() Manifest { return ix.manifest }

// CheckFresh tells whether the index was built from cat: an error says
// why not.
func (ix *Index) CheckFresh(cat *content.Catalogue) error {
	if h := InputsHash(cat); h != ix.manifest.Inputs {
		return &StaleError{Dir: ix.dir, Built: ix.manifest.Inputs, Now: h}
	}
	return nil
}

// A StaleError reports an index built from other content than the
// current one.
type StaleError struct {
	Dir        string
	Built, Now string
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("search index %s is stale: built from content %s, the content is now %s: run catalogue build",
		e.Dir, short(e.Built), short(e.Now))
}

func short(h string) string {
	if len(h) > 19 {
		return h[:19]
	}
	return h
}

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }
