package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	index "github.com/blevesearch/bleve_index_api"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

// The static search files, under public/search/, for the search page on a
// host with no server. They come from the index's own term dictionaries,
// so that the client matches exactly what the server matches:
//
//	index.json                 what every query needs: the query rules and
//	                           the analysis lists, the number of entries,
//	                           the keys of the term shards, and the version
//	<version>/terms/<hex>.json the dictionary of a term shard: every term
//	                           whose first bytes (as many as a typo must
//	                           leave intact, by default two) are the
//	                           shard's key, the file's name in hex, with
//	                           its fields, its count of entries in each
//	                           and the chunk of its postings; a query
//	                           fetches the shards of its words only
//	<version>/postings/<hex>-<k>.json
//	                           chunk k of the shard's postings: for each
//	                           of its terms and fields, the entries, the
//	                           field's length in each and the term's
//	                           frequencies; a query fetches the chunks of
//	                           the terms it scores only
//	<version>/docs/<n>.json    what a hit shows (id, kind, title, URL,
//	                           language and the text its snippet comes
//	                           from) of the entries numbered n×8 to n×8+7
//	                           in catalogue order
//	<version>/facets/<f>.json  the values of facet f and each entry's
//	                           values, by number
//	<version>/labels.json      the labels of the facet values that come
//	                           from the content (owners, programmes)
//
// Nothing in index.json grows with the number of entries but the shard
// keys, which the alphabet bounds: a first query fetches index.json, the
// shards of its words and the display data of its first page of hits. The
// facet columns and labels, which do grow, are fetched only for a filter
// (its own column, before the hits) or for the facet counts (all of them,
// once the hits are shown).
//
// The version is the start of the hash of the indexed content: the files
// under it never change, so that hosts may cache them for good, and a
// rebuild in place (serve's update) writes the new version, then swaps
// index.json, then removes the old one, so that a client never mixes two.
// The files are deterministic: two builds of the same content write the
// same bytes.

// StaticDir is where the static search files go, under the site root.
const StaticDir = "search"

// staticIndex is index.json.
type staticIndex struct {
	Format  int    `json:"format"`
	Version string `json:"version"` // the folder of the other files
	Entries int    `json:"entries"`
	// DocsPerFile is how many entries' display data a docs file holds.
	DocsPerFile int   `json:"docs_per_file"`
	Rules       Rules `json:"rules"`
	// Analysis holds the word lists of the analyzers.
	Analysis struct {
		StopFR   []string `json:"stop_fr"`
		StopEN   []string `json:"stop_en"`
		Articles []string `json:"articles_fr"`
	} `json:"analysis"`
	// Fields names the fields of the postings, by their number in shards;
	// the last, words, has terms but no postings.
	Fields []string `json:"fields"`
	// Shards lists the keys of the term shards that exist.
	Shards []string `json:"shards"`
}

// A staticFacet is the file of one facet: its values, and a column of
// each entry's: a value number, or a list of them.
type staticFacet struct {
	Values []string `json:"values"`
	Docs   any      `json:"docs"`
}

// A column holds one value per entry, in the shortest of three forms: a
// list of every entry's value; a single value, when every entry has it;
// or, when most entries have none, the entries that have one (as gaps
// from the previous one) and their values.
type sparseColumn struct {
	Gaps   []int `json:"gaps"`
	Values []any `json:"values"`
}

func newColumn(vals []any, empty func(any) bool) any {
	sparse := sparseColumn{Gaps: []int{}, Values: []any{}}
	prev, same := 0, true
	for i, v := range vals {
		if !empty(v) {
			sparse.Gaps = append(sparse.Gaps, i-prev)
			sparse.Values = append(sparse.Values, v)
			prev = i
		}
		if empty(v) || fmt.Sprint(v) != fmt.Sprint(vals[0]) {
			same = false
		}
	}
	if same && len(vals) > 0 {
		return vals[0]
	}
	if jsonLen(sparse) < jsonLen(vals) {
		return sparse
	}
	return vals
}

func jsonLen(v any) int {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // ints and lists of ints
	}
	return len(data)
}

// A staticDoc is what a hit of the static search shows.
type staticDoc struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Lang  string `json:"lang"`
	Text  string `json:"text"`
}

// docsPerFile is how many entries a docs file holds. A first query
// fetches the files of its first page of hits, which are spread over the
// catalogue: a file of k entries makes it fetch about k times the display
// data it shows. But a file costs its creation: at 10,000 entries, one
// file per entry took 3.2-3.9 s CPU on this project's test VM's ext4 disk
// (0.13 s on tmpfs); files of 8 take 0.04-0.2 s, for 7-11 KB more
// gzipped in a first query (about 2 KB of display data gzipped for 10
// hits, against 9-14 KB for the 10 files of 8 entries).
const docsPerFile = 8

// postingFields are the fields the static client scores.
func (r Rules) postingFields() []string {
	var out []string
	for _, f := range r.Fields {
		out = append(out, f.Name)
	}
	return append(out, fieldCode, fieldRefs)
}

// shardKey is the shard of a term: its first runes up to at least n
// bytes, the prefix Bleve's fuzzy search keeps intact.
func shardKey(term string, n int) string {
	for i := range term {
		if i >= n {
			return term[:i]
		}
	}
	return term
}

// shardFile is the file name of a shard.
func shardFile(key string) string { return hex.EncodeToString([]byte(key)) + ".json" }

// chunkFile is the file name of a shard's chunk of postings.
func chunkFile(key string, k int) string {
	return hex.EncodeToString([]byte(key)) + "-" + strconv.Itoa(k) + ".json"
}

// chunkSize bounds a chunk of postings, in bytes of JSON, unless it holds
// a single term. A query fetches the chunks of its terms, so this bounds
// what it fetches besides their own postings: a shard holds every term
// sharing its first bytes, most of which a query does not need (for
// "messagerie", 2 KB of the 16 KB gzipped of the shard "me" at 10,000
// entries). Smaller chunks waste less, but make more files.
const chunkSize = 4096

// splitShard splits the terms of a shard into its dictionary and chunks
// of postings. The dictionary, which typos and prefixes are matched
// against, holds for each term, in byte order, the chunk of its postings
// (-1 when it has none), then for each of its fields the field's number
// and the term's count of entries in it (from which scores take its idf),
// 0 for the words as written, which have no postings. A chunk holds the
// postings of terms that follow each other in byte order; a term whose
// postings are larger than size has a chunk of its own.
func splitShard(terms map[string][]staticPosting, size int) (map[string][]any, []map[string][]staticPosting) {
	dict := map[string][]any{}
	var chunks []map[string][]staticPosting
	fill := 0 // bytes in the last chunk
	for _, t := range slices.Sorted(maps.Keys(terms)) {
		entry := []any{-1}
		var scored []staticPosting
		for _, p := range terms[t] {
			n := 0
			if len(p) > 1 {
				n = len(p[1].([]int))
				scored = append(scored, p)
			}
			entry = append(entry, p[0], n)
		}
		if len(scored) > 0 {
			n := len(t) + jsonLen(scored)
			if fill > 0 && fill+n > size || len(chunks) == 0 {
				chunks = append(chunks, map[string][]staticPosting{})
				fill = 0
			}
			entry[0] = len(chunks) - 1
			chunks[len(chunks)-1][t] = scored
			fill += n
		}
		dict[t] = entry
	}
	return dict, chunks
}

// export writes the static search files of the index into dir.
func (ix *Index) export(ctx context.Context, cat *content.Catalogue, docs []document, m Manifest, dir string) error {
	si := &staticIndex{
		Format:      Format,
		Version:     strings.TrimPrefix(m.Inputs, "sha256:")[:versionLen],
		Entries:     len(docs),
		DocsPerFile: docsPerFile,
		Rules:       ix.rules,
		Fields:      ix.rules.postingFields(),
	}
	si.Analysis.StopFR, si.Analysis.StopEN, si.Analysis.Articles = stopWordsFR(), stopWordsEN(), articlesFR()
	order := map[string]int{}
	for i, d := range docs {
		order[d.ID] = i
	}
	shards, err := ix.postings(ctx, si, order)
	if err != nil {
		return err
	}
	for key := range shards {
		si.Shards = append(si.Shards, key)
	}
	slices.Sort(si.Shards)
	vdir := filepath.Join(dir, si.Version)
	files := map[string]any{}
	for key, terms := range shards {
		dict, chunks := splitShard(terms, chunkSize)
		files[filepath.Join(vdir, "terms", shardFile(key))] = dict
		for k, c := range chunks {
			files[filepath.Join(vdir, "postings", chunkFile(key, k))] = c
		}
	}
	for i := 0; i < len(docs); i += docsPerFile {
		var list []staticDoc
		for _, d := range docs[i:min(i+docsPerFile, len(docs))] {
			list = append(list, staticDoc{ID: d.ID, Kind: d.Kind, Title: d.Title, URL: entryURL(d.Kind, d.ID), Lang: d.Lang, Text: d.Summary})
		}
		files[filepath.Join(vdir, "docs", docFile(i/docsPerFile))] = list
	}
	for _, f := range facetFields() {
		files[filepath.Join(vdir, "facets", f+".json")] = newStaticFacet(docs, f)
	}
	files[filepath.Join(vdir, "labels.json")] = facetLabels(cat)
	for _, sub := range []string{"terms", "postings", "docs", "facets"} {
		if err := os.MkdirAll(filepath.Join(vdir, sub), 0o755); err != nil {
			return err
		}
	}
	if err := writeAll(ctx, files); err != nil {
		return err
	}
	if err := writeJSONAtomic(filepath.Join(dir, "index.json"), si); err != nil {
		return err
	}
	return removeOldVersions(dir, si.Version)
}

// facetLabels returns the labels of the facet values that come from the
// content, by facet and value, as the site's pages write them: an owner
// by its label in site.toml, a
// programme by its id and title. The search page holds the labels of the
// other facets, whose values are few and fixed.
func facetLabels(cat *content.Catalogue) map[string]map[string]string {
	owners, programmes := map[string]string{}, map[string]string{}
	for _, e := range cat.Entries {
		for _, o := range e.Owners {
			if ow, ok := cat.Site.OwnerByID(o); ok {
				owners[o] = ow.Label
			} else if s := markdown.Slug(o); owners[s] == "" || o < owners[s] {
				owners[s] = o
			}
		}
		if e.Kind == content.KindProgramme {
			programmes[e.ID] = e.ID + " " + e.Title
		}
	}
	return map[string]map[string]string{fieldOwner: owners, fieldProgramme: programmes}
}

// CheckStatic tells whether the static search files under publicDir were
// exported with the index m describes: a site whose public/ and index come
// from different builds would answer differently with and without a
// server.
func CheckStatic(publicDir string, m Manifest) error {
	file := filepath.Join(publicDir, StaticDir, "index.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("static search files: %v: run catalogue build", err)
	}
	var si struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &si); err != nil {
		return fmt.Errorf("%s: %v: run catalogue build", file, err)
	}
	if want := strings.TrimPrefix(m.Inputs, "sha256:"); len(want) < versionLen || si.Version != want[:versionLen] {
		return fmt.Errorf("%s is version %q, the search index was built from content %s: they come from different builds: run catalogue build", file, si.Version, short(m.Inputs))
	}
	return nil
}

// versionLen is the length of a version: 12 hex digits.
const versionLen = 12

// removeOldVersions removes the folders of other versions from dir, which
// a rebuild in place leaves behind; the search page's own index.html
// stays.
func removeOldVersions(dir, keep string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || name == keep || len(name) != versionLen || strings.Trim(name, "0123456789abcdef") != "" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// docFile is the file of the display data of the entries numbered from
// n×docsPerFile.
func docFile(n int) string { return strconv.Itoa(n) + ".json" }

func newStaticFacet(docs []document, field string) staticFacet {
	sf := staticFacet{Values: []string{}}
	col := make([]any, len(docs))
	per := make([][]string, len(docs))
	for i, d := range docs {
		per[i] = d.facet(field)
		for _, v := range per[i] {
			if !slices.Contains(sf.Values, v) {
				sf.Values = append(sf.Values, v)
			}
		}
	}
	slices.Sort(sf.Values)
	for i, vs := range per {
		nums := []int{}
		for _, v := range vs {
			nums = append(nums, slices.Index(sf.Values, v))
		}
		if len(nums) == 1 {
			col[i] = nums[0]
		} else {
			col[i] = nums
		}
	}
	sf.Docs = newColumn(col, func(v any) bool { n, ok := v.([]int); return ok && len(n) == 0 })
	return sf
}

// facet returns the document's values of a facet field.
func (d document) facet(field string) []string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch field {
	case fieldKind:
		return one(d.Kind)
	case fieldLang:
		return one(d.Lang)
	case fieldStatus:
		return one(d.Status)
	case fieldProgramme:
		return one(d.Programme)
	case fieldPriority:
		return one(d.Priority)
	case fieldTheme:
		return d.Themes
	case fieldOwner:
		return d.Owners
	}
	return nil
}

// A staticPosting is a term's postings in one field: the field's number,
// the entries' numbers as gaps from the previous one, the field's length
// (its number of terms, from which scores take their norm) in each entry,
// or one number when they are all the same, and the term's frequency in
// each, left out when all are 1. The lengths go with the postings rather
// than in a column of every entry, so that a query pays only for the
// entries its words match.
type staticPosting []any

// postings reads every term of the scored fields from the index with
// their postings and field lengths, and returns the terms by shard.
func (ix *Index) postings(ctx context.Context, si *staticIndex, order map[string]int) (map[string]map[string][]staticPosting, error) {
	rd, err := reader(ix.idx)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	var docOf []int // internal number → catalogue order + 1, 0 until known
	shards := map[string]map[string][]staticPosting{}
	for fi, field := range si.Fields {
		lengths := make([]int, si.Entries)
		terms, err := fieldTerms(rd, field)
		if err != nil {
			return nil, err
		}
		for _, t := range terms {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			docs, freqs, err := termDocs(ctx, rd, field, t, &docOf, order, lengths)
			if err != nil {
				return nil, err
			}
			if len(docs) == 0 {
				continue // only in documents replaced by an update in place
			}
			p := staticPosting{fi, gaps(docs), sameOrList(docs, lengths)}
			if slices.ContainsFunc(freqs, func(f int) bool { return f != 1 }) {
				p = append(p, freqs)
			}
			key := shardKey(t, ix.rules.FuzzyPrefix)
			if shards[key] == nil {
				shards[key] = map[string][]staticPosting{}
			}
			shards[key][t] = append(shards[key][t], p)
		}
	}
	// The words as written are only a dictionary: a term without postings.
	fi := len(si.Fields)
	si.Fields = append(si.Fields, fieldWords)
	words, err := fieldTerms(rd, fieldWords)
	if err != nil {
		return nil, err
	}
	for _, t := range words {
		if ok, err := live(ctx, rd, fieldWords, t); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		key := shardKey(t, ix.rules.FuzzyPrefix)
		if shards[key] == nil {
			shards[key] = map[string][]staticPosting{}
		}
		shards[key][t] = append(shards[key][t], staticPosting{fi})
	}
	return shards, nil
}

func fieldTerms(rd index.IndexReader, field string) ([]string, error) {
	fd, err := rd.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	var terms []string
	for {
		e, err := fd.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return terms, nil
		}
		terms = append(terms, e.Term)
	}
}

// live reports whether a term of field belongs to a document still in the
// index: after an update in place, the dictionary keeps the terms of the
// replaced documents until their segments are merged.
func live(ctx context.Context, rd index.IndexReader, field, term string) (bool, error) {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return false, err
	}
	defer tfr.Close()
	tfd, err := tfr.Next(nil)
	return tfd != nil, err
}

// termDocs returns the entries (in catalogue order) that have term in
// field, with its frequency in each, and records their field lengths.
func termDocs(ctx context.Context, rd index.IndexReader, field, term string, docOf *[]int, order map[string]int, lengths []int) ([]int, []int, error) {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return nil, nil, err
	}
	defer tfr.Close()
	type posting struct{ doc, freq int }
	var ps []posting
	var tfd index.TermFieldDoc // reused: the reader fills it in place
	for {
		p, err := tfr.Next(&tfd)
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			break
		}
		num := p.ID.Value()
		if num >= uint64(len(*docOf)) {
			*docOf = slices.Grow(*docOf, int(num+1)-len(*docOf))[:num+1]
		}
		doc := (*docOf)[num] - 1
		if doc < 0 {
			ext, err := rd.ExternalID(p.ID)
			if err != nil {
				return nil, nil, err
			}
			var ok bool
			if doc, ok = order[ext]; !ok {
				return nil, nil, fmt.Errorf("index holds %q, which the catalogue does not", ext)
			}
			(*docOf)[num] = doc + 1
		}
		n := fieldLength(p.Norm)
		if lengths[doc] != 0 && lengths[doc] != n {
			return nil, nil, fmt.Errorf("%s: field %s: norms disagree (%d and %d terms)", lengthOwner(order, doc), field, lengths[doc], n)
		}
		lengths[doc] = n
		ps = append(ps, posting{doc, int(p.Freq)})
	}
	slices.SortFunc(ps, func(a, b posting) int { return a.doc - b.doc })
	docs, freqs := make([]int, len(ps)), make([]int, len(ps))
	for i, p := range ps {
		docs[i], freqs[i] = p.doc, p.freq
	}
	return docs, freqs, nil
}

func lengthOwner(order map[string]int, doc int) string {
	for id, i := range order {
		if i == doc {
			return id
		}
	}
	return "?"
}

// fieldLength recovers a field's number of terms from its norm, which
// Bleve stores as float32(1/sqrt(n)); fieldNorm(n) computes it back.
func fieldLength(norm float64) int {
	return int(math.Round(1 / (norm * norm)))
}

func fieldNorm(n int) float64 { return float64(float32(1 / math.Sqrt(float64(n)))) }

// sameOrList returns the lengths of docs: one number when they are all
// the same, else a list.
func sameOrList(docs, lengths []int) any {
	out := make([]int, len(docs))
	for i, d := range docs {
		out[i] = lengths[d]
	}
	if slices.ContainsFunc(out, func(n int) bool { return n != out[0] }) {
		return out
	}
	return out[0]
}

func gaps(docs []int) []int {
	out := make([]int, len(docs))
	prev := 0
	for i, d := range docs {
		out[i] = d - prev
		prev = d
	}
	return out
}

// writeAll writes the files as JSON, a few at a time: hundreds of small
// files cost more in system calls than in encoding.
func writeAll(ctx context.Context, files map[string]any) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  atomic.Int64 // the next file: a channel cost a switch of goroutines a file
	)
	names := slices.Collect(maps.Keys(files))
	for range max(4, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				data, err := encodeJSON(files[names[i]])
				if err == nil {
					err = os.WriteFile(names[i], data, 0o644)
				}
				if err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return cmp.Or(first, ctx.Err())
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

func writeJSON(file string, v any) error {
	data, err := encodeJSON(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// writeJSONAtomic replaces file in one step: a reader sees the old file or
// the new one.
func writeJSONAtomic(file string, v any) error {
	data, err := encodeJSON(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
