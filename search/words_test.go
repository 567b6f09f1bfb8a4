package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/search/index"
)

// TestUpdateForgetsWords edits an entry's words and updates the index in
// place: the word the edit removed is neither written nor a typo's
// candidate any more, and the word it added is both, as after a full
// build.
func TestUpdateForgetsWords(t *testing.T) {
	t.Parallel()
	fsys := smallSite()
	cat, md := loadSite(t, fsys)
	fx, err := buildFixture(t.TempDir(), cat, md)
	if err != nil {
		t.Fatal(err)
	}
	// électronique is M010's alone.
	check := func(when string, ix *Index, has map[string]bool) {
		t.Helper()
		ctx := context.Background()
		wd, err := index.Reader(ix.words)
		if err != nil {
			t.Fatal(err)
		}
		defer wd.Close()
		b := &builder{ctx: ctx, r: ix.rules, words: wd, im: ix.im}
		for w, want := range has {
			word := newWord(ix.im, w)
			// A letter dropped from the middle: one edit away.
			typo := newWord(ix.im, w[:len(w)/2]+w[len(w)/2+1:]).surface
			_, candidate := b.typos(typo, 1)["fr"][word.fr]
			if b.err != nil {
				t.Fatal(b.err)
			}
			if got := b.written(word); got != want || candidate != want {
				t.Errorf("%s: %q written %v, candidate for %q %v; want %v", when, w, got, typo, candidate, want)
			}
		}
	}
	check("built", fx.ix, map[string]bool{"électronique": true, "quadrilatère": false})
	fx.ix.Close()

	m010 := fsys["content/mutualisations/M010.md"]
	m010.Data = []byte(strings.Replace(string(m010.Data), "électronique", "quadrilatère", 1))
	edited, _ := loadSite(t, fsys)
	if _, err := index.Update(context.Background(), index.Documents(edited), fx.index, []string{"M010"}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(fx.index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check("updated", ix, map[string]bool{"électronique": false, "quadrilatère": true})

	full, err := buildFixture(t.TempDir(), edited, md)
	if err != nil {
		t.Fatal(err)
	}
	defer full.ix.Close()
	check("full build", full.ix, map[string]bool{"électronique": false, "quadrilatère": true})
	for _, q := range []string{"electroniqe", "quadrilatre", "signature electroniqe", "quadrilatre signature"} {
		want, err := full.ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		want.Took, got.Took = 0, 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: full build (-) and update (+) answer differently:\n%s", q, diff)
		}
	}
}

// TestListingOnlyEntries lists the whole catalogue by its filters alone:
// every entry, once, in catalogue order, and nothing else; the index
// counts its entries alone.
func TestListingOnlyEntries(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	var kinds, want []string
	for _, e := range fx.cat.Entries {
		want = append(want, e.ID)
		if !slices.Contains(kinds, string(e.Kind)) {
			kinds = append(kinds, string(e.Kind))
		}
	}
	var got []string
	for page := 1; ; page++ {
		res, err := fx.ix.Search(context.Background(), Request{Filters: map[string][]string{"kind": kinds}, Page: page, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		if res.Full != len(want) {
			t.Fatalf("page %d: %d hits, want %d", page, res.Full, len(want))
		}
		if len(res.Hits) == 0 {
			break
		}
		got = append(got, hitIDs(res, len(res.Hits))...)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the listing of every kind (-catalogue +hits):\n%s", diff)
	}
	if n, err := fx.ix.idx.DocCount(); err != nil || int(n) != len(want) || fx.ix.Manifest().Entries != len(want) {
		t.Errorf("the index counts %d documents (%v), its manifest %d entries; want %d", n, err, fx.ix.Manifest().Entries, len(want))
	}
}
