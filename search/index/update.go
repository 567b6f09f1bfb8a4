package index

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
)

// ErrRebuild is returned by Update when the change cannot be applied in
// place: entries were added or removed, which shifts the catalogue order
// every later document carries. Build the index again instead.
var ErrRebuild = errors.New("search index: entries added or removed: rebuild it")

// Update applies an edit of the entries with the given ids to the index
// built in indexDir, in place: it re-indexes those of docs (the documents
// of the whole catalogue, see [Documents]) only, writes the words'
// dictionary anew with the words of their groups analysed again (see
// words.go), then rewrites the manifest. It needs the index to itself:
// no reader may hold it open.
//
// The index it leaves has more than one segment, unlike a built one; the
// next full build makes it clean again.
func Update(ctx context.Context, docs []Document, indexDir string, ids []string) (Manifest, error) {
	old, err := ReadManifest(indexDir)
	if err != nil {
		return Manifest{}, err
	}
	if old.Entries != len(docs) {
		return Manifest{}, ErrRebuild
	}
	idx, err := bleve.OpenUsing(indexDir, map[string]any{"bolt_timeout": openTimeout})
	if err != nil {
		return Manifest{}, fmt.Errorf("search index %s: %v", indexDir, err)
	}
	batch := idx.NewBatch()
	for i, d := range docs {
		if !slices.Contains(ids, d.ID) {
			continue
		}
		if err := batch.Index(d.ID, d.fields(i)); err != nil {
			idx.Close()
			return Manifest{}, fmt.Errorf("%s: %w", d.ID, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return Manifest{}, err
	}
	// Every id must still be where it was: an edit that renamed an id
	// (a removal and an addition) also needs a rebuild.
	n, err := idx.DocCount()
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Manifest{}, err
	}
	if int(n) != len(docs) {
		return Manifest{}, ErrRebuild
	}
	if err := updateWords(ctx, docs, indexDir, ids); err != nil {
		return Manifest{}, fmt.Errorf("search index %s: %w", indexDir, err)
	}
	return writeManifest(indexDir, docs)
}
