// Package search answers queries from the catalogue's built search
// index: it parses a query, runs it with Bleve, collects and ranks the
// hits, counts the facets and serves the answers as JSON. Package
// search/index writes the index it reads; package search/static exports
// it for the browser search, which follows the same rules.
//
// A query is words and codes, with no operators (quotes and signs are
// punctuation): a code typed any way (M75, m075, M 75, M-075, 2.1.1)
// puts its entry first; accents are optional; typos are forgiven; words
// typed apart match the word they make and a word matches its two parts
// (france connect, FranceConnect, datascience); a word matches its
// synonyms of site.toml (messagerie, messaging, email); when fewer than
// ten entries have every word, those with most of them follow, marked
// partial; the last word matches
// as a prefix while it is being typed; facet filters combine with the
// words, and each facet counts its values as if it were not filtered. The
// rules are in query.go; [Index.Search] applies them with Bleve, and
// [NewHandler] serves them as JSON:
//
//	GET /api/search?q=signature&kind=mutualisation&theme=securite&page=1
//
//	{"query": "signature", "total": 2, "page": 1, "pages": 1, "size": 10,
//	 "full": 2, "any": false, "took": 0.4,
//	 "hits": [{"id": "M010", "kind": "mutualisation", "title": "…",
//	           "url": "/mutualisations/m010/", "lang": "fr",
//	           "snippet": "… la <mark>signature</mark> …", "score": 0.02,
//	           "partial": false}],
//	 "facets": {"kind": [{"value": "mutualisation", "count": 2}], …}}
//
// A refused request is a 400 with {"error": why, "code": rule}.
//
// catalogue search QUERY prints the top hits of a query; catalogue serve
// answers /api/search and reopens the index after each rebuild. Both tell
// a stale index with index.CheckTree, which reads no entry.
package search

import (
	"context"
	"fmt"
	"html"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"catalogue/generator/content"
	"catalogue/search/index"
)

// A Request is a search.
type Request struct {
	Query string
	// Filters keeps the entries with one of the values of each facet
	// named (kind, theme, status, priority, programme, owner, lang).
	Filters map[string][]string
	Page    int // from 1; 0 is 1
	Size    int // hits per page; 0 is the default
}

// A Result is a page of hits with the facet counts of every hit.
type Result struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	Page  int    `json:"page"`
	Pages int    `json:"pages"`
	Size  int    `json:"size"`
	// Full is how many hits have every word of the query (or match its
	// code). Any is true when more hits follow them that have only some
	// of the words, each marked Partial: when fewer than ten entries have
	// them all.
	Full int   `json:"full"`
	Any  bool  `json:"any"`
	Hits []Hit `json:"hits"`
	// Facets counts, for each facet, the hits of each value, as if the
	// facet itself were not filtered: a filtered facet still shows what
	// its other values would give. Values come by decreasing count.
	Facets map[string][]FacetCount `json:"facets"`
	// Took is how long the search took, in milliseconds.
	Took float64 `json:"took"`
}

// A Hit is an entry found.
type Hit struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	URL   string `json:"url"` // from the site root, without the base path
	Lang  string `json:"lang"`
	// Snippet is HTML: the entry's summary, or the opening of its body,
	// with the words found in <mark>.
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	// Partial is true for a hit that has only some of the words of the
	// query, ranked below those that have them all.
	Partial bool `json:"partial"`
}

// A FacetCount is how many hits have a value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Limits on filters, against abuse.
const (
	maxFilterValues = 32
	maxFilterLen    = 200
	maxPage         = 10000
)

// Search runs req. A request the search refuses (too long, bad filter) is
// a *QueryError; an empty query without filters finds nothing.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	r := ix.rules
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = r.PageSize
	}
	switch {
	case req.Page < 1 || req.Page > maxPage:
		return nil, &QueryError{"bad_page", fmt.Sprintf("page %d: pages count from 1 to %d", req.Page, maxPage)}
	case req.Size < 1 || req.Size > r.MaxPageSize:
		return nil, &QueryError{"bad_size", fmt.Sprintf("size %d: at least 1, at most %d", req.Size, r.MaxPageSize)}
	}
	filters, err := checkFilters(req.Filters)
	if err != nil {
		return nil, err
	}
	p, err := parseWith(ix.im, req.Query, r, ix.synonyms)
	if err != nil {
		return nil, err
	}
	res := &Result{Query: req.Query, Page: req.Page, Size: req.Size, Hits: []Hit{}, Facets: map[string][]FacetCount{}}
	switch {
	case !p.empty():
		err = ix.searchWords(ctx, p, filters, res)
	case len(filters) > 0:
		top := bleve.NewMatchAllQuery()
		c := newCollector(ix.table, filters, (res.Page-1)*res.Size, res.Size)
		if err = ix.collect(ctx, top, c); err == nil {
			res.Full = c.total
			err = ix.fill(ctx, top, c, filters, res)
		}
	}
	if err != nil {
		return nil, err
	}
	res.Took = since(start)
	return res, nil
}

func since(t time.Time) float64 {
	return math.Round(float64(time.Since(t).Microseconds())) / 1000
}

// checkFilters validates the filters and drops empty values.
func checkFilters(in map[string][]string) (map[string][]string, error) {
	out := map[string][]string{}
	for f, vs := range in {
		if !slices.Contains(index.FacetFields(), f) {
			return nil, &QueryError{"bad_filter", fmt.Sprintf("unknown filter %q: filters are %s", f, strings.Join(index.FacetFields(), ", "))}
		}
		if len(vs) > maxFilterValues {
			return nil, &QueryError{"bad_filter", fmt.Sprintf("filter %s: %d values, at most %d", f, len(vs), maxFilterValues)}
		}
		for _, v := range vs {
			if len(v) > maxFilterLen {
				return nil, &QueryError{"bad_filter", fmt.Sprintf("filter %s: value of %d bytes, at most %d", f, len(v), maxFilterLen)}
			}
			if v != "" && !slices.Contains(out[f], v) {
				out[f] = append(out[f], v)
			}
		}
	}
	return out, nil
}

// searchWords runs the words of p within the filters into res: the
// entries that have every word; when fewer than Rules.PartialBelow do
// and there are two words or more, then the entries that have some of
// them, ranked below, the most words first (see query.go).
func (ix *Index) searchWords(ctx context.Context, p *plan, filters map[string][]string, res *Result) error {
	rd, err := index.Reader(ix.idx)
	if err != nil {
		return err
	}
	defer rd.Close()
	wd, err := index.Reader(ix.words)
	if err != nil {
		return err
	}
	defer wd.Close()
	b := &builder{ctx: ctx, r: ix.rules, rd: rd, words: wd, im: ix.im}
	var slots []query.Query
	for _, w := range p.required {
		slots = append(slots, b.slot(w))
	}
	q := b.top(p, slots, false)
	if b.err != nil {
		return b.err
	}
	c := newCollector(ix.table, filters, (res.Page-1)*res.Size, res.Size)
	partial := len(slots) >= 2
	if partial {
		c.record = ix.rules.PartialBelow
	}
	if err := ix.collect(ctx, q, c); err != nil {
		return err
	}
	if !partial || c.total >= ix.rules.PartialBelow {
		res.Full = c.total
		return ix.fill(ctx, q, c, filters, res)
	}
	words, err := ix.wordsMatched(ctx, slots)
	if err != nil {
		return err
	}
	any := b.top(p, slots, true)
	c2 := newCollector(ix.table, filters, (res.Page-1)*res.Size, res.Size)
	c2.full, c2.words = c.recorded, words
	if err := ix.collect(ctx, any, c2); err != nil {
		return err
	}
	res.Full = len(c.recorded)
	res.Any = c2.total > res.Full
	return ix.fill(ctx, any, c2, filters, res)
}

// wordsMatched returns, for each document that one of the slots
// matches, the bit set of those it matches.
func (ix *Index) wordsMatched(ctx context.Context, slots []query.Query) (map[int32]uint32, error) {
	words := map[int32]uint32{}
	for i, q := range slots {
		bit := uint32(1) << i
		err := ix.visit(ctx, q, false, func(d int32, _ float64) { words[d] |= bit })
		if err != nil {
			return nil, err
		}
	}
	return words, nil
}

// A builder builds the Bleve query of a plan, reading the index's term
// dictionaries to tell known words from typos.
type builder struct {
	ctx   context.Context
	r     Rules
	rd    bleveindex.IndexReader
	words bleveindex.IndexReader // of the words' dictionary
	im    mapping.IndexMapping
	err   error
}

// top is the query of the plan: its codes, and the slots of its required
// words, all of them or (any) any of them.
func (b *builder) top(p *plan, slots []query.Query, any bool) query.Query {
	var parts []query.Query
	for _, c := range p.codes {
		parts = append(parts, term(index.FieldCode, c.id, b.r.Code), term(index.FieldRefs, c.id, b.r.Refs))
		if c.prefix != "" {
			parts = append(parts, prefix(index.FieldCode, c.prefix, b.r.CodePrefix))
		}
		for _, w := range c.words {
			parts = append(parts, b.word(w))
		}
	}
	required := slots
	switch {
	case len(required) == 0:
	case any:
		parts = append(parts, required...)
	default:
		parts = append(parts, bleve.NewConjunctionQuery(required...))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// slot matches a required word, or a word it makes with the word before
// or after it that the index knows, which counts for both.
func (b *builder) slot(w word) query.Query {
	q := b.word(w)
	alts := []query.Query{q}
	for _, j := range w.joins {
		if b.known(j) {
			alts = append(alts, b.exact(j))
		}
	}
	for _, s := range w.splits {
		if b.written(s.a) && b.written(s.b) && b.known(s.a) && b.known(s.b) {
			// A boolean query with only musts searches as their
			// conjunction; show tells it from the conjunction of the
			// required words.
			alts = append(alts, query.NewBooleanQuery([]query.Query{b.exact(s.a), b.exact(s.b)}, nil, nil))
		}
	}
	for _, s := range w.syns {
		if b.known(s) {
			alts = append(alts, b.exact(s))
		}
	}
	if len(alts) == 1 {
		return q
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// exact matches the terms of a word in every text field, without typos.
func (b *builder) exact(w word) query.Query {
	var leaves []query.Query
	for _, f := range b.r.Fields {
		leaves = append(leaves, term(f.Name, w.term(f.Lang), f.Boost))
	}
	return bleve.NewDisjunctionQuery(leaves...)
}

// written tells whether an entry has the word as written.
func (b *builder) written(w word) bool {
	tfr, err := b.words.TermFieldReader(b.ctx, []byte(w.surface), index.FieldWords, false, false, false)
	if err != nil {
		b.err = err
		return false
	}
	defer tfr.Close()
	return tfr.Count() > 0
}

// word matches one word in every text field: its term where the index
// knows it, else the terms of the words within its typos; and the terms
// it begins while it is being typed.
func (b *builder) word(w word) query.Query {
	var typos map[string]map[string]int
	if w.fr != "" && !b.known(w) {
		if fz := b.r.fuzziness(w.surface); fz > 0 {
			typos = b.typos(w.surface, fz)
		}
	}
	var leaves []query.Query
	for _, f := range b.r.Fields {
		t := w.term(f.Lang)
		if t == "" {
			continue
		}
		cands := typos[f.Lang]
		if len(cands) == 0 {
			leaves = append(leaves, term(f.Name, t, f.Boost))
			continue
		}
		var any []query.Query
		for _, c := range slices.Sorted(maps.Keys(cands)) {
			any = append(any, term(f.Name, c, f.Boost/float64(cands[c]+1)))
		}
		leaves = append(leaves, bleve.NewDisjunctionQuery(any...))
	}
	if w.prefix != "" {
		for _, f := range b.r.Fields {
			leaves = append(leaves, prefix(f.Name, w.prefix, f.Boost*b.r.Prefix))
		}
	}
	return bleve.NewDisjunctionQuery(leaves...)
}

// typos returns, for each language, the terms of the words of the index
// within fz edits of surface that share its first bytes, each with its
// least distance.
func (b *builder) typos(surface string, fz int) map[string]map[string]int {
	out := map[string]map[string]int{"fr": {}, "en": {}}
	rf, ok := b.words.(bleveindex.IndexReaderFuzzy)
	if !ok {
		b.err = fmt.Errorf("the index cannot match typos")
		return out
	}
	fd, _, err := rf.FieldDictFuzzyAutomaton(index.FieldWords, surface, fz, b.r.FuzzyKey(surface))
	if err != nil {
		b.err = err
		return out
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil {
			b.err = err
			return out
		}
		if e == nil {
			return out
		}
		c := newWord(b.im, e.Term)
		if c.fr == "" {
			continue
		}
		d := int(e.EditDistance)
		for lang, t := range map[string]string{"fr": c.fr, "en": c.en} {
			if old, ok := out[lang][t]; !ok || d < old {
				out[lang][t] = d
			}
		}
	}
}

func (w word) term(lang string) string {
	if lang == "en" {
		return w.en
	}
	return w.fr
}

// known tells whether a text field of the word's language holds its term.
func (b *builder) known(w word) bool {
	for _, f := range b.r.Fields {
		t := w.term(f.Lang)
		if t == "" {
			continue
		}
		tfr, err := b.rd.TermFieldReader(b.ctx, []byte(t), f.Name, false, false, false)
		if err != nil {
			b.err = err
			return false
		}
		n := tfr.Count()
		tfr.Close()
		if n > 0 {
			return true
		}
	}
	return false
}

func term(field, t string, boost float64) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func prefix(field, p string, boost float64) query.Query {
	q := bleve.NewPrefixQuery(p)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// storedFields are the fields a hit shows.
func storedFields() []string {
	return []string{index.FieldKind, index.FieldLang, index.FieldTitleFR, index.FieldTitleEN, index.FieldSummaryFR, index.FieldSummaryEN}
}

// collect hands every hit of top to c (see collect.go).
func (ix *Index) collect(ctx context.Context, top query.Query, c *collector) error {
	hctx := context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(c.handler))
	_, err := ix.idx.SearchInContext(hctx, bleve.NewSearchRequestOptions(top, 0, 0, false))
	return err
}

// visit calls f with the document number of every hit of q, and its score
// when scored.
func (ix *Index) visit(ctx context.Context, q query.Query, scored bool, f func(int32, float64)) error {
	mk := func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		return func(d *bsearch.DocumentMatch) error {
			if d == nil {
				return nil
			}
			r, ok := ix.table.doc(d.IndexInternalID)
			if !ok {
				return fmt.Errorf("search index: hit %x is not in the index opened", d.IndexInternalID)
			}
			f(r, d.Score)
			sctx.DocumentMatchPool.Put(d)
			return nil
		}, false, nil
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	if !scored {
		req.Score = bleve.ScoreNone
	}
	hctx := context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(mk))
	_, err := ix.idx.SearchInContext(hctx, req)
	return err
}

// fill fills res with the count, the facets and the page of hits c
// collected from top: a query of the page's hits alone reads what they
// show.
func (ix *Index) fill(ctx context.Context, top query.Query, c *collector, filters map[string][]string, res *Result) error {
	res.Total = c.total
	res.Pages = (res.Total + res.Size - 1) / res.Size
	res.Facets = c.facets(filters)
	if len(c.ids) == 0 {
		return nil
	}
	shown, err := ix.show(ctx, top, c.ids)
	if err != nil {
		return err
	}
	for i, h := range c.page {
		dm := shown[c.ids[i]]
		if dm == nil {
			return fmt.Errorf("search index: hit %s not found again", c.ids[i])
		}
		// The page's query adds the score of its ids: keep the words'.
		dm.Score = h.score
		hit := newHit(dm)
		hit.Partial = c.full != nil && h.words != fullWords
		res.Hits = append(res.Hits, hit)
	}
	return nil
}

// show reads the stored fields and the snippets of the hits with the
// given ids. A snippet marks the words found in a summary, which the
// leaves of top on the summaries alone find again: those of them that
// match a hit are the ones that did in top, whatever top requires of its
// other leaves. They are optional: a hit may have matched elsewhere. A
// word cut in two marks its parts only where both are found, as its
// query whole does.
func (ix *Index) show(ctx context.Context, top query.Query, ids []string) (map[string]*bsearch.DocumentMatch, error) {
	var marks []query.Query
	leaves(top, func(q query.Query, field string) {
		if field == index.FieldSummaryFR || field == index.FieldSummaryEN || field == "" {
			marks = append(marks, q)
		}
	})
	req := bleve.NewSearchRequestOptions(query.NewBooleanQuery([]query.Query{bleve.NewDocIDQuery(ids)}, marks, nil), len(ids), 0, false)
	req.Fields = storedFields()
	req.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
	req.Highlight.AddField(index.FieldSummaryFR)
	req.Highlight.AddField(index.FieldSummaryEN)
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*bsearch.DocumentMatch, len(sr.Hits))
	for _, dm := range sr.Hits {
		out[dm.ID] = dm
	}
	return out, nil
}

// leaves calls f with each term and prefix query of q and its field, as
// the builder makes them, and with each boolean query (a word cut in two)
// whole, with no field.
func leaves(q query.Query, f func(query.Query, string)) {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			leaves(d, f)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			leaves(c, f)
		}
	case *query.TermQuery:
		f(q, q.FieldVal)
	case *query.PrefixQuery:
		f(q, q.FieldVal)
	case *query.BooleanQuery:
		f(q, "")
	}
}

func newHit(dm *bsearch.DocumentMatch) Hit {
	str := func(f string) string { s, _ := dm.Fields[f].(string); return s }
	h := Hit{ID: dm.ID, Kind: str(index.FieldKind), Lang: str(index.FieldLang), Score: dm.Score}
	h.URL = content.EntryURL(content.Kind(h.Kind), h.ID)
	title, summary := index.FieldTitleFR, index.FieldSummaryFR
	if h.Lang == "en" {
		title, summary = index.FieldTitleEN, index.FieldSummaryEN
	}
	h.Title = str(title)
	if frags := dm.Fragments[summary]; len(frags) > 0 {
		h.Snippet = strings.TrimSpace(frags[0])
	} else {
		h.Snippet = html.EscapeString(index.Lede(str(summary), snippetLen))
	}
	return h
}

// snippetLen is the length of a snippet without a match, close to the
// highlighter's fragments.
const snippetLen = 200
