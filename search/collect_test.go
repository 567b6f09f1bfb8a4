package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"catalogue/search/index"
)

// reference answers req with Bleve alone, the plain way: every hit of the
// words within the filters, sorted by score then catalogue order, then to
// float32 precision; every hit highlighted; one more query per filtered
// facet for its counts. [Index.Search] must answer the same.
func reference(ctx context.Context, ix *Index, req Request) (*Result, error) {
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = ix.rules.PageSize
	}
	filters, err := checkFilters(req.Filters)
	if err != nil {
		return nil, err
	}
	p, err := parse(ix.im, req.Query, ix.rules)
	if err != nil {
		return nil, err
	}
	res := &Result{Query: req.Query, Page: req.Page, Size: req.Size, Hits: []Hit{}, Facets: map[string][]FacetCount{}}
	var top query.Query
	var slots []query.Query
	switch {
	case !p.empty():
		rd, err := index.Reader(ix.idx)
		if err != nil {
			return nil, err
		}
		defer rd.Close()
		words, err := index.Reader(ix.words)
		if err != nil {
			return nil, err
		}
		defer words.Close()
		b := &builder{ctx: ctx, r: ix.rules, rd: rd, words: words, im: ix.im}
		for _, w := range p.required {
			slots = append(slots, b.slot(w))
		}
		top = b.top(p, slots, false)
		if b.err != nil {
			return nil, b.err
		}
	case len(filters) > 0:
		top = bleve.NewMatchAllQuery()
	default:
		return res, nil
	}
	n, err := ix.idx.DocCount()
	if err != nil {
		return nil, err
	}
	all := func(q query.Query) (*bleve.SearchResult, error) {
		sreq := bleve.NewSearchRequestOptions(filtered(q, filterQuery(filters, "")), int(n), 0, false)
		sreq.SortBy([]string{"-_score", index.FieldOrder})
		sreq.Fields = storedFields()
		sreq.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
		sreq.Highlight.AddField(index.FieldSummaryFR)
		sreq.Highlight.AddField(index.FieldSummaryEN)
		for _, f := range index.FacetFields() {
			if len(filters[f]) == 0 {
				sreq.AddFacet(f, bleve.NewFacetRequest(f, facetLimit))
			}
		}
		return ix.idx.SearchInContext(ctx, sreq)
	}
	sr, err := all(top)
	if err != nil {
		return nil, err
	}
	res.Full = int(sr.Total)
	// Fewer full matches than PartialBelow: every hit of any of the words,
	// the full ones first with their own scores, then by the count of the
	// words each has, which a query of each word alone tells.
	full := map[string]float64{}
	words := map[string]int{}
	if len(slots) >= 2 && res.Full < ix.rules.PartialBelow {
		for _, dm := range sr.Hits {
			full[dm.ID] = dm.Score
		}
		for _, s := range slots {
			ws, err := all(s)
			if err != nil {
				return nil, err
			}
			for _, dm := range ws.Hits {
				words[dm.ID]++
			}
		}
		top = b2top(ctx, ix, p, slots)
		if sr, err = all(top); err != nil {
			return nil, err
		}
		res.Any = int(sr.Total) > res.Full
		for _, dm := range sr.Hits {
			if s, ok := full[dm.ID]; ok {
				dm.Score = s
			}
		}
	}
	rank := func(dm *bsearch.DocumentMatch) int {
		if _, ok := full[dm.ID]; ok || len(full) == 0 && len(words) == 0 {
			return 1 << 20
		}
		return words[dm.ID]
	}
	res.Total = int(sr.Total)
	res.Pages = (res.Total + res.Size - 1) / res.Size
	hits := sr.Hits
	sort.SliceStable(hits, func(i, j int) bool {
		if ri, rj := rank(hits[i]), rank(hits[j]); ri != rj {
			return ri > rj
		}
		si, sj := float32(hits[i].Score), float32(hits[j].Score)
		if si != sj {
			return si > sj
		}
		return hits[i].Sort[1] < hits[j].Sort[1]
	})
	from := (req.Page - 1) * req.Size
	for _, dm := range hits[min(from, len(hits)):min(from+req.Size, len(hits))] {
		h := newHit(dm)
		h.Partial = rank(dm) < 1<<20
		res.Hits = append(res.Hits, h)
	}
	facets := sr.Facets
	for _, f := range index.FacetFields() {
		if len(filters[f]) == 0 {
			continue
		}
		freq := bleve.NewSearchRequestOptions(filtered(top, filterQuery(filters, f)), 0, 0, false)
		freq.AddFacet(f, bleve.NewFacetRequest(f, facetLimit))
		fr, err := ix.idx.SearchInContext(ctx, freq)
		if err != nil {
			return nil, err
		}
		facets[f] = fr.Facets[f]
	}
	for _, f := range index.FacetFields() {
		cs := []FacetCount{}
		if fr := facets[f]; fr != nil {
			for _, t := range fr.Terms.Terms() {
				cs = append(cs, FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		for _, v := range filters[f] {
			if !slices.ContainsFunc(cs, func(c FacetCount) bool { return c.Value == v }) {
				cs = append(cs, FacetCount{Value: v})
			}
		}
		sortFacetCounts(cs)
		res.Facets[f] = cs
	}
	return res, nil
}

// b2top is the query of any of the words of p.
func b2top(ctx context.Context, ix *Index, p *plan, slots []query.Query) query.Query {
	b := &builder{ctx: ctx, r: ix.rules, im: ix.im}
	return b.top(p, slots, true)
}

// filterQuery keeps the entries with one of the values of each facet but
// skip; nil when nothing is filtered.
func filterQuery(filters map[string][]string, skip string) query.Query {
	var all []query.Query
	for _, f := range index.FacetFields() {
		if f == skip || len(filters[f]) == 0 {
			continue
		}
		var any []query.Query
		for _, v := range filters[f] {
			any = append(any, term(f, v, 1))
		}
		all = append(all, bleve.NewDisjunctionQuery(any...))
	}
	if len(all) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(all...)
}

func filtered(top, filter query.Query) query.Query {
	if filter == nil {
		return top
	}
	return &query.BooleanQuery{Must: top, Filter: filter}
}

// referenceRequests are the golden queries, on their first pages, with
// and without filters: for each, its most and least frequent values of
// each facet, alone and two facets together.
func referenceRequests(t *testing.T, ix *Index) []Request {
	t.Helper()
	var out []Request
	for _, q := range append(goldenQueries(t), "", "de la", "état", "plateforme ") {
		out = append(out, Request{Query: q}, Request{Query: q, Page: 2}, Request{Query: q, Page: 3, Size: 7})
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			continue
		}
		if q == "" {
			res, err = ix.Search(context.Background(), Request{Filters: map[string][]string{"lang": {"fr", "en"}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		var singles []map[string][]string
		for _, f := range index.FacetFields() {
			if cs := res.Facets[f]; len(cs) > 0 {
				singles = append(singles, map[string][]string{f: {cs[0].Value}})
				if len(cs) > 1 {
					singles = append(singles, map[string][]string{f: {cs[len(cs)-1].Value, cs[1].Value, "no-such-value"}})
				}
			}
		}
		for i, fs := range singles {
			out = append(out, Request{Query: q, Filters: fs}, Request{Query: q, Filters: fs, Page: 2, Size: 50})
			if j := (i + 3) % len(singles); j != i {
				both := map[string][]string{}
				for f, vs := range singles[j] {
					both[f] = vs
				}
				for f, vs := range fs {
					both[f] = vs
				}
				out = append(out, Request{Query: q, Filters: both})
			}
		}
	}
	return out
}

// sameAsReference checks that Search answers each request as reference
// does. Scores may differ in their last bits: Bleve sums a disjunction's
// scores in an order that varies from run to run.
func sameAsReference(t *testing.T, ix *Index, reqs []Request) {
	t.Helper()
	for _, req := range reqs {
		name := fmt.Sprintf("%q %v page %d size %d", req.Query, req.Filters, req.Page, req.Size)
		got, err := ix.Search(context.Background(), req)
		want, werr := reference(context.Background(), ix, req)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, reference %v", name, err, werr)
		}
		if err != nil {
			continue
		}
		got.Took = 0
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("%s (-reference +Search):\n%s", name, diff)
		}
	}
}

// TestSearchAsReference checks the hits, their order, the totals, the
// facet counts and the snippets of Search against Bleve's own collector,
// on the bundled catalogue.
func TestSearchAsReference(t *testing.T) {
	t.Parallel() // reads the shared bundled index only
	fx := bundled(t)
	reqs := referenceRequests(t, fx.ix)
	if len(reqs) < 500 {
		t.Fatalf("only %d requests", len(reqs))
	}
	sameAsReference(t, fx.ix, reqs)
}

// TestSearchAfterUpdate re-indexes entries in place, as serve does after
// an edit: their new versions land in a new segment, after every other
// document, yet ties still go to catalogue order, and the old versions
// count nowhere.
func TestSearchAfterUpdate(t *testing.T) {
	t.Parallel() // updates its own copy of the bundled index
	orig := bundled(t)
	dir := t.TempDir()
	fx, err := buildFixture(dir, orig.cat, orig.md)
	if err != nil {
		t.Fatal(err)
	}
	fx.ix.Close()
	// The first mutualisation, the first principle and a service.
	var ids []string
	for _, kind := range []string{"mutualisation", "principle", "service"} {
		for _, e := range fx.cat.Entries {
			if string(e.Kind) == kind {
				ids = append(ids, e.ID)
				break
			}
		}
	}
	if len(ids) != 3 {
		t.Fatalf("entries to update: %v", ids)
	}
	if _, err := index.Update(context.Background(), index.Documents(fx.cat), fx.index, ids); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(fx.index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.updatedLast(ids) {
		t.Fatalf("%v are not the last documents of the updated index: the test does not test ties after an update", ids)
	}

	// Every hit of a filter alone has the same score: catalogue order.
	for _, kind := range []string{"mutualisation", "principle", "service"} {
		var want []string
		for _, e := range fx.cat.Entries {
			if string(e.Kind) == kind {
				want = append(want, e.ID)
			}
		}
		var got []string
		for page := 1; ; page++ {
			res, err := ix.Search(context.Background(), Request{Filters: map[string][]string{"kind": {kind}}, Page: page, Size: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				break
			}
			got = append(got, hitIDs(res, len(res.Hits))...)
			if c := countOf(res.Facets["kind"], kind); c != len(want) {
				t.Errorf("kind %s counts %d, want %d", kind, c, len(want))
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("kind %s after an update (-catalogue order +hits):\n%s", kind, diff)
		}
	}
	sameAsReference(t, ix, referenceRequests(t, ix))
}

// updatedLast tells whether the documents of ids come after every other
// live document in the index's own order, which Bleve's collector falls
// back on for ties.
func (ix *Index) updatedLast(ids []string) bool {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return false
	}
	rd, err := adv.Reader()
	if err != nil {
		return false
	}
	defer rd.Close()
	live := 0
	for _, o := range ix.table.order {
		if o >= 0 {
			live++
		}
	}
	for _, id := range ids {
		in, err := rd.InternalID(id)
		if err != nil || len(in) == 0 || in.Value() < uint64(live-len(ids)) {
			return false
		}
	}
	return true
}

func countOf(cs []FacetCount, v string) int {
	for _, c := range cs {
		if c.Value == v {
			return c.Count
		}
	}
	return -1
}

// TestTableNeedsOrder checks that an index whose documents lack their
// catalogue order, which ties need, is refused.
func TestTableNeedsOrder(t *testing.T) {
	t.Parallel()
	fx := small(t)
	idx, err := bleve.New(filepath.Join(t.TempDir(), "index"), fx.ix.im)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	doc := map[string]any{index.FieldCode: "m010", index.FieldKind: "mutualisation", index.FieldLang: "fr", index.FieldTitleFR: "Signature"}
	if err := idx.Index("M010", doc); err != nil {
		t.Fatal(err)
	}
	if _, err := newTable(idx); err == nil || !strings.Contains(err.Error(), "no order") {
		t.Errorf("newTable of a document without order: %v, want a no order error", err)
	}
}

// hitIDs returns the ids of the first n hits.
func hitIDs(res *Result, n int) []string {
	var ids []string
	for _, h := range res.Hits[:min(n, len(res.Hits))] {
		ids = append(ids, h.ID)
	}
	return ids
}
