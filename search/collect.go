package search

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"catalogue/search/index"
)

// How a query collects its hits. Bleve's own collector, asked to sort by
// score then catalogue order and to count seven facets, reads the doc
// values of every hit (most of a query's time), and a facet that is
// filtered needs a query of its own. Instead, [Open] reads once what a hit
// needs besides its score — its place in the catalogue and its facet
// values — into a [table], and a query runs the words alone, unfiltered,
// through Bleve sorting by score only (which reads no doc value), hands
// every hit to a collector that applies the filters, counts the facets of
// every filtered facet in the same pass and keeps the page's hits; a
// second, small query fetches the page's stored fields and snippets.

// A table holds what the collector needs of every document of an opened
// index, by document number (the value of Bleve's internal id). The index
// is opened read-only, so its documents do not change while it is open.
type table struct {
	// order is each document's place in the catalogue; -1 for a number
	// that holds no live document (the old version of an entry updated in
	// place).
	order []int32
	// The facet values of document d are vals[start[d]:start[d+1]], each
	// a number in terms and facet.
	start []int32
	vals  []int32
	terms []string // value → term
	facet []int8   // value → index in facetFields
	// byTerm[f] numbers the terms of facet f.
	byTerm []map[string]int32
}

// newTable reads the catalogue order and the facet values of every
// document of idx from their doc values.
func newTable(idx bleve.Index) (*table, error) {
	rd, err := index.Reader(idx)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	all, err := rd.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	facets := index.FacetFields()
	dvr, err := rd.DocValueReader(append([]string{index.FieldOrder}, facets...))
	if err != nil {
		return nil, err
	}
	t := &table{byTerm: make([]map[string]int32, len(facets))}
	for f := range facets {
		t.byTerm[f] = map[string]int32{}
	}
	t.start = []int32{0}
	for {
		id, err := all.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			return t, nil
		}
		num := id.Value()
		if num >= math.MaxInt32 {
			return nil, fmt.Errorf("document %d: number out of range", num)
		}
		// Numbers come in increasing order; those skipped hold no document.
		for uint64(len(t.order)) < num {
			t.order = append(t.order, -1)
			t.start = append(t.start, int32(len(t.vals)))
		}
		order := -1
		var bad error
		err = dvr.VisitDocValues(id, func(field string, term []byte) {
			if field == index.FieldOrder {
				o, err := strconv.Atoi(string(term))
				if err != nil || o < 0 || o >= math.MaxInt32 {
					bad = fmt.Errorf("order %q is not a position", term)
				}
				order = o
				return
			}
			f := slices.Index(facets, field)
			if f < 0 {
				return
			}
			v, ok := t.byTerm[f][string(term)]
			if !ok {
				v = int32(len(t.terms))
				t.byTerm[f][string(term)] = v
				t.terms = append(t.terms, string(term))
				t.facet = append(t.facet, int8(f))
			}
			t.vals = append(t.vals, v)
		})
		if err == nil {
			err = bad
		}
		if err == nil && order < 0 {
			err = fmt.Errorf("no order")
		}
		if err == nil && uint64(len(t.order)) != num {
			err = fmt.Errorf("out of sequence")
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %v", num, err)
		}
		t.order = append(t.order, int32(order))
		t.start = append(t.start, int32(len(t.vals)))
	}
}

// doc returns the document number of a hit's internal id, and false when
// the opened index has no such live document.
func (t *table) doc(id bleveindex.IndexInternalID) (int32, bool) {
	if len(id) != 8 {
		return 0, false
	}
	n := id.Value()
	if n >= uint64(len(t.order)) || t.order[n] < 0 {
		return 0, false
	}
	return int32(n), true
}

// values returns the facet values of document r.
func (t *table) values(r int32) []int32 { return t.vals[t.start[r]:t.start[r+1]] }

// A ranked hit is a document and its score. Hits go by score, equal to float32
// precision (the precision of the JavaScript client), then by their place
// in the catalogue.
//
// When partial hits follow the full ones, hits go first by words: a full
// hit has fullWords, a partial one the number of words it has.
type ranked struct {
	score float64
	order int32
	doc   int32
	words uint8
}

// fullWords ranks a hit that has every word above every partial one.
const fullWords = math.MaxUint8

func (a ranked) before(b ranked) bool {
	if a.words != b.words {
		return a.words > b.words
	}
	sa, sb := float32(a.score), float32(b.score)
	if sa != sb {
		return sa > sb
	}
	return a.order < b.order
}

// A collector takes the hits of a query's words, in any order: it counts
// those within the filters and keeps the best of them down to the page
// asked for, and counts the facet values of the hits of every facet as if
// that facet were not filtered.
type collector struct {
	t        *table
	selected []bool // value → one of the filters' values
	filtered uint8  // bit f: facet f is filtered
	from     int    // hits before the page
	keep     int    // hits down to the end of the page

	total  int
	counts []int    // value → hits
	best   []ranked // a heap, the worst first

	// record, if above 0, keeps the scores of the hits within the
	// filters in recorded while there are at most that many.
	record   int
	recorded map[int32]float64
	// When full is not nil, the hits are those of any of the words:
	// those in full have them all, with that score; words has the
	// words of the others, one bit each.
	full  map[int32]float64
	words map[int32]uint32

	// Once the search is done: the page's hits, best first, and their
	// ids.
	page []ranked
	ids  []string
}

func newCollector(t *table, filters map[string][]string, from, size int) *collector {
	c := &collector{
		t:        t,
		selected: make([]bool, len(t.terms)),
		counts:   make([]int, len(t.terms)),
		from:     from,
		keep:     min(from+size, len(t.order)),
		recorded: map[int32]float64{},
	}
	for f, name := range index.FacetFields() {
		if len(filters[name]) == 0 {
			continue
		}
		c.filtered |= 1 << f
		for _, term := range filters[name] {
			if v, ok := t.byTerm[f][term]; ok {
				c.selected[v] = true
			}
		}
	}
	return c
}

// add takes the hit of document r with its score. A hit in every filter
// counts in every facet; a hit out of one filter only, in that filter's
// facet, whose counts ignore its own filter.
func (c *collector) add(r int32, score float64) {
	vals := c.t.values(r)
	var in uint8
	for _, v := range vals {
		if c.selected[v] {
			in |= 1 << c.t.facet[v]
		}
	}
	out := c.filtered &^ in
	switch {
	case out == 0:
		c.total++
		for _, v := range vals {
			c.counts[v]++
		}
		if c.record > 0 && len(c.recorded) <= c.record {
			c.recorded[r] = score
		}
		h := ranked{score: score, order: c.t.order[r], doc: r}
		if c.full != nil {
			if s, ok := c.full[r]; ok {
				h.score, h.words = s, fullWords
			} else {
				h.words = uint8(bits.OnesCount32(c.words[r]))
			}
		}
		c.push(h)
	case bits.OnesCount8(out) == 1:
		f := int8(bits.TrailingZeros8(out))
		for _, v := range vals {
			if c.t.facet[v] == f {
				c.counts[v]++
			}
		}
	}
}

// push keeps h if it is among the best c.keep hits so far.
func (c *collector) push(h ranked) {
	if c.keep == 0 {
		return
	}
	b := c.best
	if len(b) < c.keep {
		b = append(b, h)
		for i := len(b) - 1; i > 0; {
			p := (i - 1) / 2
			if !b[p].before(b[i]) {
				break
			}
			b[p], b[i] = b[i], b[p]
			i = p
		}
		c.best = b
		return
	}
	if !h.before(b[0]) {
		return
	}
	b[0] = h
	for i := 0; ; {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(b) && b[w].before(b[l]) {
			w = l
		}
		if r < len(b) && b[w].before(b[r]) {
			w = r
		}
		if w == i {
			return
		}
		b[w], b[i] = b[i], b[w]
		i = w
	}
}

// handler is the Bleve document match handler that feeds the collector.
// Bleve hands it every hit, then nil once the searcher is exhausted.
func (c *collector) handler(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
	return func(d *bsearch.DocumentMatch) error {
		if d == nil {
			return c.finish(sctx.IndexReader)
		}
		r, ok := c.t.doc(d.IndexInternalID)
		if !ok {
			return fmt.Errorf("search index: hit %x is not in the index opened", d.IndexInternalID)
		}
		c.add(r, d.Score)
		sctx.DocumentMatchPool.Put(d)
		return nil
	}, false, nil
}

// finish sorts the kept hits and reads the ids of the page's, while the
// search's reader is open.
func (c *collector) finish(rd bleveindex.IndexReader) error {
	slices.SortFunc(c.best, func(a, b ranked) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	c.page = c.best[min(c.from, len(c.best)):]
	for _, h := range c.page {
		id, err := rd.ExternalID(bleveindex.NewIndexInternalID(nil, uint64(h.doc)))
		if err != nil {
			return err
		}
		c.ids = append(c.ids, id)
	}
	return nil
}

// facetLimit is how many values of a facet a result lists at most, the
// most frequent first.
const facetLimit = 1000

// facets returns the counts of each facet, with the selected values of
// the filters also when no hit has them.
func (c *collector) facets(filters map[string][]string) map[string][]FacetCount {
	names := index.FacetFields()
	all := make([][]FacetCount, len(names))
	for v, n := range c.counts {
		if n > 0 {
			f := c.t.facet[v]
			all[f] = append(all[f], FacetCount{Value: c.t.terms[v], Count: n})
		}
	}
	out := make(map[string][]FacetCount, len(names))
	for f, name := range names {
		cs := all[f]
		sortFacetCounts(cs)
		cs = cs[:min(len(cs), facetLimit)]
		for _, v := range filters[name] {
			if !slices.ContainsFunc(cs, func(c FacetCount) bool { return c.Value == v }) {
				cs = append(cs, FacetCount{Value: v})
			}
		}
		sortFacetCounts(cs)
		if cs == nil {
			cs = []FacetCount{}
		}
		out[name] = cs
	}
	return out
}

func sortFacetCounts(cs []FacetCount) {
	slices.SortFunc(cs, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}
