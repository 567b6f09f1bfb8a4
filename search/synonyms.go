package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"catalogue/internal/atomicfile"
)

// SynonymsFile holds the site's synonym groups beside the index they are
// applied to: a query of a server with no sources (catalogue serve
// -no-build) applies the groups of the build that wrote its index, as
// the static search files of that build do.
const SynonymsFile = "catalogue-synonyms.json"

// WriteSynonyms records the synonym groups of the site in the index
// folder dir.
func WriteSynonyms(dir string, groups [][]string) error {
	if groups == nil {
		groups = [][]string{}
	}
	data, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, SynonymsFile), append(data, '\n'))
}

// readSynonyms reads the groups WriteSynonyms recorded in dir: none when
// it recorded nothing.
func readSynonyms(dir string) ([][]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, SynonymsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var groups [][]string
	if err := json.Unmarshal(data, &groups); err != nil {
		return nil, fmt.Errorf("search index %s: broken %s: %v: run catalogue build", dir, SynonymsFile, err)
	}
	return groups, nil
}

// Synonyms returns the synonym groups the index's queries apply.
func (ix *Index) Synonyms() [][]string { return ix.rules.Synonyms }
