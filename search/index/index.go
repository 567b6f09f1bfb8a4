// Package index writes the catalogue's search index: the analysis of its
// texts, the mapping, the documents of the entries, the segment writer,
// a full build and an in-place update. It is the one package that writes
// Bleve's files (zap segments, the segment API, roaring bitmaps); the
// query side (package search) and the static export (package
// search/static) only read them.
//
// [Build] writes one Bleve index of every entry into a folder outside
// the published site (.catalogue/index: its bytes differ from build to
// build, public/'s must not), as one segment. The mapping is explicit:
// French text (title, summary, body, owners and theme labels) analysed
// with accents folded by a token filter, then elision, stop words and the
// light stemmer; English entries' text with the English analyzer; ids
// (M075, 2.1.1, P1.1.1) and facet values (kind, status, theme, owner,
// programme, priority, lang) kept whole. There is no _all field; only the
// title and summary are stored and only the summary has term vectors, for
// snippets. The words as written, which typos are matched against, are
// not in the entries' documents but in an index of their own in the
// folder words (see [WordsDir], [OpenWords]): a document for each
// thousand entries. Next to them a manifest (catalogue-index.json)
// records the format, the entry count, the hash of the content it was
// built from and the Bleve version: [Open] refuses an index of another
// format or version, or a broken one, each with what to do; [OpenWords]
// a words' dictionary of other entries or none.
package index

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
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// ManifestFile is the manifest's name in the index folder. It is written
// last: a folder without it holds no finished index.
const ManifestFile = "catalogue-index.json"

// A Manifest describes a built index, so that a server can tell a good
// index from a stale or broken one before answering from it.
type Manifest struct {
	Format  int    `json:"format"`  // [Format] of the build
	Entries int    `json:"entries"` // documents in the index
	Inputs  string `json:"inputs"`  // [InputsHash] of the documents it was built from
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

// Options tune [Build]; the zero value is the default.
type Options struct {
	// Spare, if not nil, is called at most once, as soon as the build
	// leaves a core to spare: what remains of it (the last documents,
	// merging) then runs on one core, and the caller can start other
	// work beside it rather than compete with it from the start. It may
	// not be called when Build fails.
	Spare func()
	// Builder writes the index with Bleve's own offline builder, which
	// maps and analyses each document's fields, instead of the segment
	// writer of segment.go: slower and hungrier, but the reference that
	// writer is tested against, kept as a fallback should a new Bleve
	// disagree with it.
	Builder bool
}

// Build writes the index of docs (see [Documents]) into dir, a new, empty
// folder outside the published site, as one segment, then its manifest.
func Build(ctx context.Context, docs []Document, dir string, opts Options) (Manifest, error) {
	var err error
	if opts.Builder {
		err = writeWithBuilder(ctx, docs, dir)
		if err == nil && opts.Spare != nil {
			opts.Spare()
		}
	} else {
		err = writeSegment(ctx, docs, dir, workers(), batchSize, opts.Spare)
	}
	if err != nil {
		return Manifest{}, fmt.Errorf("search index: %w", err)
	}
	m, err := writeManifest(dir, docs)
	if err != nil {
		return Manifest{}, fmt.Errorf("search index: %w", err)
	}
	return m, nil
}

func writeManifest(dir string, docs []Document) (Manifest, error) {
	m := Manifest{Format: Format, Entries: len(docs), Inputs: InputsHash(docs), Bleve: bleveVersion()}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	return m, os.WriteFile(filepath.Join(dir, ManifestFile), append(data, '\n'), 0o644)
}

// openTimeout bounds the wait for the index's lock: a writer and a reader
// exclude each other, and without a timeout a reader would wait forever
// for a build that holds it.
const openTimeout = "2s"

// Open opens the index built in dir read-only, after checking that its
// manifest matches this program and the index.
func Open(dir string) (bleve.Index, Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, m, err
	}
	if m.Format != Format {
		return nil, m, fmt.Errorf("search index %s: format %d, this program reads format %d: run catalogue build", dir, m.Format, Format)
	}
	if v := bleveVersion(); m.Bleve != v {
		return nil, m, fmt.Errorf("search index %s: written by Bleve %s, this program has Bleve %s: run catalogue build", dir, m.Bleve, v)
	}
	if _, err := os.Stat(filepath.Join(dir, "store", "root.bolt")); err != nil {
		return nil, m, fmt.Errorf("search index %s: broken (%v): run catalogue build", dir, err)
	}
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, m, fmt.Errorf("search index %s: %v (is a build writing it?)", dir, err)
	}
	n, err := idx.DocCount()
	if err == nil && int(n) != m.Entries {
		err = fmt.Errorf("holds %d entries, its manifest says %d", n, m.Entries)
	}
	if err != nil {
		idx.Close()
		return nil, m, fmt.Errorf("search index %s: broken: %v: run catalogue build", dir, err)
	}
	return idx, m, nil
}

// Reader opens a reader of idx's terms and postings; close it after use.
func Reader(idx bleve.Index) (bleveindex.IndexReader, error) {
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

// A StaleError reports an index built from other content than the
// current one.
type StaleError struct {
	Dir        string
	Built, Now string
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("search index %s is stale: built from content %s, the content is now %s: run catalogue build",
		e.Dir, Short(e.Built), Short(e.Now))
}

// Short is the start of a hash, enough to tell two apart in a message.
func Short(h string) string {
	if len(h) > 19 {
		return h[:19]
	}
	return h
}
