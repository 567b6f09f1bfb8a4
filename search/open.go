package search

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"catalogue/search/index"
)

// An Index is a built index opened read-only, ready for queries.
type Index struct {
	dir      string
	idx      bleve.Index
	words    bleve.Index // the words' dictionary: index.OpenWords
	im       mapping.IndexMapping
	manifest index.Manifest
	rules    Rules
	synonyms [][]word // rules.Synonyms analysed, once
	table    *table
}

// Open opens the index built in dir read-only, after checking that its
// manifest matches this program and the index, and reads the table its
// queries need.
func Open(dir string) (*Index, error) {
	idx, m, err := index.Open(dir)
	if err != nil {
		return nil, err
	}
	words, err := index.OpenWords(dir, m)
	if err != nil {
		idx.Close()
		return nil, err
	}
	ix := &Index{dir: dir, idx: idx, words: words, im: idx.Mapping(), manifest: m, rules: QueryRules()}
	if ix.rules.Synonyms, err = readSynonyms(dir); err != nil {
		ix.Close()
		return nil, err
	}
	ix.synonyms = synonymWords(ix.im, ix.rules.Synonyms)
	if ix.table, err = newTable(idx); err != nil {
		ix.Close()
		return nil, fmt.Errorf("search index %s: broken: %v: run catalogue build", dir, err)
	}
	return ix, nil
}

// Manifest returns the manifest of the index.
func (ix *Index) Manifest() index.Manifest { return ix.manifest }

// Close closes the index.
func (ix *Index) Close() error { return errors.Join(ix.idx.Close(), ix.words.Close()) }
