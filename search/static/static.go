package static

import (
	"bytes"
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

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
	"catalogue/internal/atomicfile"
	"catalogue/internal/outfile"
	"catalogue/internal/parallel"
	"catalogue/search"
	"catalogue/search/index"
)

// Build builds the index of cat into indexDir (a new, empty folder
// outside the published site) with package search/index, then writes the
// static search files under publicDir/search/ from it. spare is
// index.Options.Spare: what remains of the build once it is called (the
// last documents, merging, the static files) runs on one core.
func Build(ctx context.Context, cat *content.Catalogue, indexDir, publicDir string, spare func()) error {
	docs := index.Documents(cat)
	m, err := index.Build(ctx, docs, indexDir, index.Options{Spare: spare})
	if err != nil {
		return err
	}
	if err := search.WriteSynonyms(indexDir, Synonyms(cat)); err != nil {
		return err
	}
	return write(ctx, cat, docs, m, indexDir, publicDir)
}

// Update applies an edit of the entries with the given ids to the index
// built in indexDir, in place (see index.Update, and its
// index.ErrRebuild when it cannot), then rewrites the static search files
// under publicDir.
func Update(ctx context.Context, cat *content.Catalogue, indexDir, publicDir string, ids []string) error {
	docs := index.Documents(cat)
	m, err := index.Update(ctx, docs, indexDir, ids)
	if err != nil {
		return err
	}
	if err := search.WriteSynonyms(indexDir, Synonyms(cat)); err != nil {
		return err
	}
	return write(ctx, cat, docs, m, indexDir, publicDir)
}

// Write writes the static search files of cat under publicDir/search/
// from the index built from cat in indexDir: Build's last step alone, for
// files lost or to measure it. An index built from other content is
// refused as stale.
func Write(ctx context.Context, cat *content.Catalogue, indexDir, publicDir string) error {
	m, err := index.ReadManifest(indexDir)
	if err != nil {
		return err
	}
	docs := index.Documents(cat)
	if h := index.InputsHash(docs); h != m.Inputs {
		return &index.StaleError{Dir: indexDir, Built: m.Inputs, Now: h}
	}
	return write(ctx, cat, docs, m, indexDir, publicDir)
}

// write writes the static search files under publicDir/search/ from the
// index in indexDir, as built or updated with docs and manifest m.
func write(ctx context.Context, cat *content.Catalogue, docs []index.Document, m index.Manifest, indexDir, publicDir string) error {
	idx, opened, err := index.Open(indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()
	words, err := index.OpenWords(indexDir, opened)
	if err != nil {
		return err
	}
	defer words.Close()
	if err := export(ctx, idx, words, cat, docs, m, filepath.Join(publicDir, Dir)); err != nil {
		return fmt.Errorf("static search files: %w", err)
	}
	return nil
}

// Synonyms returns the synonym groups of cat's site, as the queries of
// both searches apply them.
func Synonyms(cat *content.Catalogue) [][]string {
	var out [][]string
	for _, g := range cat.Site.Synonyms {
		out = append(out, g.Words)
	}
	return out
}

// Dir is where the static search files go, under the site root.
const Dir = "search"

// staticIndex is index.json.
type staticIndex struct {
	Format  int    `json:"format"`
	Version string `json:"version"` // the folder of the other files
	Entries int    `json:"entries"`
	// DocsPerFile is how many entries' display data a docs file holds.
	DocsPerFile int          `json:"docs_per_file"`
	Rules       search.Rules `json:"rules"`
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

// postingsLen is jsonLen of a list of postings, worked out rather than
// encoded: every chunk's postings are measured before they are written,
// and encoding them twice cost as much as writing them.
func postingsLen(ps []staticPosting) int {
	if ps == nil {
		return len("null")
	}
	n := 2 + max(len(ps)-1, 0) // brackets and commas
	for _, p := range ps {
		if p == nil {
			n += len("null")
			continue
		}
		n += 2 + max(len(p)-1, 0)
		for _, v := range p {
			switch v := v.(type) {
			case int:
				n += intLen(v)
			case []int:
				if v == nil {
					n += len("null")
					continue
				}
				n += 2 + max(len(v)-1, 0)
				for _, i := range v {
					n += intLen(i)
				}
			default:
				n += jsonLen(v)
			}
		}
	}
	return n
}

// intLen is the length of n in decimal.
func intLen(n int) int {
	var buf [20]byte
	return len(strconv.AppendInt(buf[:0], int64(n), 10))
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
func postingFields(r search.Rules) []string {
	var out []string
	for _, f := range r.Fields {
		out = append(out, f.Name)
	}
	return append(out, index.FieldCode, index.FieldRefs)
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
// of postings, as a [shard] does.
func splitShard(terms map[string][]staticPosting, size int) (map[string][]any, []map[string][]staticPosting) {
	var chunks []map[string][]staticPosting
	sh := newShard("", size, func(_ int, c map[string][]staticPosting, _ int) error {
		chunks = append(chunks, c)
		return nil
	})
	for _, t := range slices.Sorted(maps.Keys(terms)) {
		sh.add(t, terms[t]) // emit never fails
	}
	sh.close()
	return sh.dict, chunks
}

// A shard makes the dictionary of a shard and its chunks of postings from
// its terms, given in byte order. The dictionary, which typos and
// prefixes are matched against, holds for each term the chunk of its
// postings (-1 when it has none), then for each of its fields the field's
// number and the term's count of entries in it (from which scores take
// its idf), 0 for the words as written, which have no postings. A chunk
// holds the postings of terms that follow each other in byte order, about
// size bytes of JSON; a term whose postings are larger has a chunk of its
// own. A chunk is handed to emit, with its size, as soon as the next term
// does not fit in it: only the last one is held.
type shard struct {
	key   string
	size  int
	emit  func(k int, chunk map[string][]staticPosting, size int) error
	dict  map[string][]any
	chunk map[string][]staticPosting // the last chunk begun, nil before the first
	n     int                        // the number of chunks begun
	fill  int                        // bytes in the last chunk
}

func newShard(key string, size int, emit func(int, map[string][]staticPosting, int) error) *shard {
	return &shard{key: key, size: size, emit: emit, dict: map[string][]any{}}
}

// add adds a term and its postings, by field, after those added before.
func (s *shard) add(t string, postings []staticPosting) error {
	entry := []any{-1}
	var scored []staticPosting
	for _, p := range postings {
		n := 0
		if len(p) > 1 {
			n = len(p[1].([]int))
			scored = append(scored, p)
		}
		entry = append(entry, p[0], n)
	}
	if len(scored) > 0 {
		n := len(t) + postingsLen(scored)
		if s.fill > 0 && s.fill+n > s.size || s.chunk == nil {
			if err := s.close(); err != nil {
				return err
			}
			s.chunk = map[string][]staticPosting{}
			s.n++
			s.fill = 0
		}
		entry[0] = s.n - 1
		s.chunk[t] = scored
		s.fill += n
	}
	s.dict[t] = entry
	return nil
}

// close hands the last chunk to emit, if it was not.
func (s *shard) close() error {
	if s.chunk == nil {
		return nil
	}
	c := s.chunk
	s.chunk = nil
	return s.emit(s.n-1, c, s.fill)
}

// export writes the static search files of the index idx into dir. The
// files are written as they are made, a few at a time (see [pending]),
// so that what is held at once does not grow with the catalogue: the
// postings of one shard, the display data of a few entries.
func export(ctx context.Context, idx, words bleve.Index, cat *content.Catalogue, docs []index.Document, m index.Manifest, dir string) error {
	rules := search.QueryRules()
	rules.Synonyms = Synonyms(cat)
	si := &staticIndex{
		Format:      index.Format,
		Version:     strings.TrimPrefix(m.Inputs, "sha256:")[:versionLen],
		Entries:     len(docs),
		DocsPerFile: docsPerFile,
		Rules:       rules,
		Fields:      append(postingFields(rules), index.FieldWords),
	}
	si.Analysis.StopFR, si.Analysis.StopEN, si.Analysis.Articles = index.StopWordsFR(), index.StopWordsEN(), index.ArticlesFR()
	vdir := filepath.Join(dir, si.Version)
	for _, sub := range []string{"terms", "postings", "docs", "facets"} {
		if err := os.MkdirAll(filepath.Join(vdir, sub), 0o755); err != nil {
			return err
		}
	}
	files := &pending{ctx: ctx}
	order := map[string]int{}
	for i, d := range docs {
		order[d.ID] = i
	}
	// The terms of a shard follow each other in byte order: those that
	// have its key are those beginning with it, or the key alone (the
	// terms come from UTF-8 text, the content is refused otherwise).
	var sh *shard
	done := map[string]bool{}
	endShard := func() error {
		if err := sh.close(); err != nil {
			return err
		}
		si.Shards = append(si.Shards, sh.key)
		return files.add(filepath.Join(vdir, "terms", shardFile(sh.key)), sh.dict, 0)
	}
	err := terms(ctx, idx, words, si, order, func(t string, postings []staticPosting) error {
		if key := rules.FuzzyKey(t); sh == nil || key != sh.key {
			if sh != nil {
				if err := endShard(); err != nil {
					return err
				}
			}
			if done[key] {
				return fmt.Errorf("term %q: the terms of shard %q do not follow each other", t, key)
			}
			done[key] = true
			sh = newShard(key, chunkSize, func(k int, c map[string][]staticPosting, size int) error {
				return files.add(filepath.Join(vdir, "postings", chunkFile(key, k)), c, size)
			})
		}
		return sh.add(t, postings)
	})
	if err == nil && sh != nil {
		err = endShard()
	}
	if err != nil {
		return err
	}
	slices.Sort(si.Shards)
	for i := 0; i < len(docs); i += docsPerFile {
		var list []staticDoc
		for j, d := range docs[i:min(i+docsPerFile, len(docs))] {
			url := cat.Entries[i+j].URL()
			list = append(list, staticDoc{ID: d.ID, Kind: d.Kind, Title: d.Title, URL: url, Lang: d.Lang, Text: d.Summary})
		}
		if err := files.add(filepath.Join(vdir, "docs", docFile(i/docsPerFile)), list, 0); err != nil {
			return err
		}
	}
	for _, f := range index.FacetFields() {
		if err := files.add(filepath.Join(vdir, "facets", f+".json"), newStaticFacet(docs, f), 0); err != nil {
			return err
		}
	}
	if err := files.add(filepath.Join(vdir, "labels.json"), facetLabels(cat), 0); err != nil {
		return err
	}
	if err := files.flush(); err != nil {
		return err
	}
	if err := writeJSONAtomic(filepath.Join(dir, "index.json"), si); err != nil {
		return err
	}
	return removeOldVersions(dir, si.Version)
}

// pending writes files a batch at a time, a batch by a few goroutines:
// it holds their values until then, at most pendingFiles of them or about
// pendingBytes of JSON.
type pending struct {
	ctx   context.Context
	files map[string]any
	bytes int
}

const (
	pendingFiles = 256
	pendingBytes = 4 << 20
)

// add adds a file of about size bytes of JSON (0 for a small one), and
// writes those held when there are enough.
func (p *pending) add(name string, v any, size int) error {
	if p.files == nil {
		p.files = map[string]any{}
	}
	p.files[name] = v
	p.bytes += size
	if len(p.files) < pendingFiles && p.bytes < pendingBytes {
		return nil
	}
	return p.flush()
}

// flush writes the files held.
func (p *pending) flush() error {
	err := writeAll(p.ctx, p.files)
	p.files, p.bytes = nil, 0
	return err
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
	return map[string]map[string]string{index.FieldOwner: owners, index.FieldProgramme: programmes}
}

// Check tells whether the static search files under publicDir were
// exported with the index m describes: a site whose public/ and index come
// from different builds would answer differently with and without a
// server.
func Check(publicDir string, m index.Manifest) error {
	file := filepath.Join(publicDir, Dir, "index.json")
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
		return fmt.Errorf("%s is version %q, the search index was built from content %s: they come from different builds: run catalogue build", file, si.Version, index.Short(m.Inputs))
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

func newStaticFacet(docs []index.Document, field string) staticFacet {
	sf := staticFacet{Values: []string{}}
	col := make([]any, len(docs))
	per := make([][]string, len(docs))
	for i, d := range docs {
		per[i] = d.Facet(field)
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

// A staticPosting is a term's postings in one field: the field's number,
// the entries' numbers as gaps from the previous one, the field's length
// (its number of terms, from which scores take their norm) in each entry,
// or one number when they are all the same, and the term's frequency in
// each, left out when all are 1. The lengths go with the postings rather
// than in a column of every entry, so that a query pays only for the
// entries its words match.
type staticPosting []any

// terms reads every term of the fields of si (the scored ones from the
// index, then the words, which have no postings, from the words'
// dictionary) with their postings and field lengths, and calls f with
// each term and its postings by field, in byte order: the fields'
// dictionaries are read side by side.
func terms(ctx context.Context, idx, wordsIdx bleve.Index, si *staticIndex, order map[string]int, f func(t string, postings []staticPosting) error) error {
	rd, err := index.Reader(idx)
	if err != nil {
		return err
	}
	defer rd.Close()
	wd, err := index.Reader(wordsIdx)
	if err != nil {
		return err
	}
	defer wd.Close()
	words := len(si.Fields) - 1
	dicts := make([]*cursor, len(si.Fields))
	for fi, field := range si.Fields {
		r := rd
		if fi == words {
			r = wd
		}
		fd, err := r.FieldDict(field)
		if err != nil {
			return err
		}
		defer fd.Close()
		dicts[fi] = &cursor{fd: fd}
		if err := dicts[fi].next(); err != nil {
			return err
		}
	}
	var docOf []int // internal number → catalogue order + 1, 0 until known
	var ps []termPosting
	lengths := make([][]int, words)
	for fi := range lengths {
		lengths[fi] = make([]int, si.Entries)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		t, ok := least(dicts)
		if !ok {
			return nil
		}
		var postings []staticPosting
		for fi, c := range dicts {
			if c.done || c.term != t {
				continue
			}
			if err := c.next(); err != nil {
				return err
			}
			field := si.Fields[fi]
			if fi == words {
				// The words as written are only a dictionary: a term
				// without postings. The words' dictionary is written
				// whole, even by an update, so it has no term of a
				// document replaced.
				postings = append(postings, staticPosting{fi})
				continue
			}
			ps, err = termDocs(ctx, rd, field, t, &docOf, order, lengths[fi], ps)
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				continue // only in documents replaced by an update in place
			}
			postings = append(postings, newPosting(fi, ps, lengths[fi]))
		}
		if len(postings) > 0 {
			if err := f(t, postings); err != nil {
				return err
			}
		}
	}
}

// A cursor reads a field's dictionary, a term at a time.
type cursor struct {
	fd   bleveindex.FieldDict
	term string // the current term, unless done
	done bool
}

func (c *cursor) next() error {
	e, err := c.fd.Next()
	if err != nil {
		return err
	}
	if e == nil {
		c.done = true
		return nil
	}
	c.term = e.Term
	return nil
}

// least returns the least current term of the cursors, false when they
// are all done.
func least(cs []*cursor) (string, bool) {
	var t string
	ok := false
	for _, c := range cs {
		if !c.done && (!ok || c.term < t) {
			t, ok = c.term, true
		}
	}
	return t, ok
}

// A termPosting is an entry that has a term, in catalogue order, and
// the term's frequency in it.
type termPosting struct{ doc, freq int }

// termDocs returns the entries that have term in field, with its
// frequency in each, sorted, in ps[:0], and records their field lengths.
func termDocs(ctx context.Context, rd bleveindex.IndexReader, field, term string, docOf *[]int, order map[string]int, lengths []int, ps []termPosting) ([]termPosting, error) {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	ps = ps[:0]
	var tfd bleveindex.TermFieldDoc // reused: the reader fills it in place
	for {
		p, err := tfr.Next(&tfd)
		if err != nil {
			return nil, err
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
				return nil, err
			}
			var ok bool
			if doc, ok = order[ext]; !ok {
				return nil, fmt.Errorf("index holds %q, which the catalogue does not", ext)
			}
			(*docOf)[num] = doc + 1
		}
		n := fieldLength(p.Norm)
		if lengths[doc] != 0 && lengths[doc] != n {
			return nil, fmt.Errorf("%s: field %s: norms disagree (%d and %d terms)", lengthOwner(order, doc), field, lengths[doc], n)
		}
		lengths[doc] = n
		ps = append(ps, termPosting{doc, int(p.Freq)})
	}
	slices.SortFunc(ps, func(a, b termPosting) int { return a.doc - b.doc })
	return ps, nil
}

// newPosting returns the posting in field number fi of the entries ps
// (not none), whose field lengths are in lengths.
func newPosting(fi int, ps []termPosting, lengths []int) staticPosting {
	gaps := make([]int, len(ps))
	prev, same, ones := 0, true, true
	for i, p := range ps {
		gaps[i] = p.doc - prev
		prev = p.doc
		same = same && lengths[p.doc] == lengths[ps[0].doc]
		ones = ones && p.freq == 1
	}
	out := make(staticPosting, 0, 4)
	out = append(out, fi, gaps)
	if same {
		out = append(out, lengths[ps[0].doc])
	} else {
		lens := make([]int, len(ps))
		for i, p := range ps {
			lens[i] = lengths[p.doc]
		}
		out = append(out, lens)
	}
	if !ones {
		freqs := make([]int, len(ps))
		for i, p := range ps {
			freqs[i] = p.freq
		}
		out = append(out, freqs)
	}
	return out
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
// Bleve stores as float32(1/sqrt(n)).
func fieldLength(norm float64) int {
	return int(math.Round(1 / (norm * norm)))
}

// writeAll writes the files as JSON, a few at a time: hundreds of small
// files cost more in system calls than in encoding. Each worker encodes
// into a buffer of its own, kept from file to file.
func writeAll(ctx context.Context, files map[string]any) error {
	names := slices.Collect(maps.Keys(files))
	return parallel.RunWith(ctx, len(names), parallel.Options{Workers: max(4, runtime.GOMAXPROCS(0))},
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(buf *bytes.Buffer, i int) error {
			buf.Reset()
			enc := json.NewEncoder(buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(files[names[i]]); err != nil {
				return err
			}
			return outfile.Write(names[i], buf.Bytes())
		})
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
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
	return atomicfile.Write(file, data)
}
