package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"
)

// builderIndex writes an index of docs into dir with Bleve's offline
// builder (the Builder option of Build): the reference writeSegment must
// match.
func builderIndex(t *testing.T, docs []Document, dir string) {
	t.Helper()
	if err := writeWithBuilder(context.Background(), docs, dir); err != nil {
		t.Fatal(err)
	}
}

// An indexDump is what an index holds, by document id: its documents in
// their numbering, each field's terms with their postings, each
// document's stored fields and doc values.
type indexDump struct {
	Order     []string
	Terms     map[string]map[string][]postingDump // field → term → postings by id
	Stored    map[string][]string                 // id → field[array positions] type value
	DocValues map[string][]string                 // id → field value
}

type postingDump struct {
	ID      string
	Freq    uint64
	Norm    float64
	Vectors []bleveindex.TermFieldVector
}

func dumpIndex(t *testing.T, dir string) indexDump {
	t.Helper()
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	r, err := Reader(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d := indexDump{Terms: map[string]map[string][]postingDump{}, Stored: map[string][]string{}, DocValues: map[string][]string{}}
	fields, err := r.Fields()
	must(err)
	slices.Sort(fields)
	ids, err := r.DocIDReaderAll()
	must(err)
	var internal []bleveindex.IndexInternalID
	for {
		n, err := ids.Next()
		must(err)
		if n == nil {
			break
		}
		id, err := r.ExternalID(n)
		must(err)
		d.Order = append(d.Order, id)
		internal = append(internal, slices.Clone(n))
	}
	ids.Close()
	for _, field := range fields {
		dict, err := r.FieldDict(field)
		must(err)
		terms := map[string][]postingDump{}
		for {
			e, err := dict.Next()
			must(err)
			if e == nil {
				break
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, true, true, true)
			must(err)
			var ps []postingDump
			for {
				p, err := tfr.Next(nil)
				must(err)
				if p == nil {
					break
				}
				id, err := r.ExternalID(p.ID)
				must(err)
				pd := postingDump{ID: id, Freq: p.Freq, Norm: p.Norm}
				for _, v := range p.Vectors {
					pd.Vectors = append(pd.Vectors, *v)
				}
				ps = append(ps, pd)
			}
			tfr.Close()
			slices.SortFunc(ps, func(a, b postingDump) int { return strings.Compare(a.ID, b.ID) })
			terms[e.Term] = ps
		}
		dict.Close()
		d.Terms[field] = terms
	}
	dvr, err := r.DocValueReader(fields)
	must(err)
	for i, n := range internal {
		id := d.Order[i]
		doc, err := r.Document(id)
		must(err)
		doc.VisitFields(func(f bleveindex.Field) {
			d.Stored[id] = append(d.Stored[id], fmt.Sprintf("%s%v %c %q", f.Name(), f.ArrayPositions(), f.EncodedFieldType(), f.Value()))
		})
		slices.Sort(d.Stored[id])
		must(dvr.VisitDocValues(n, func(field string, term []byte) {
			d.DocValues[id] = append(d.DocValues[id], field+" "+string(term))
		}))
		slices.Sort(d.DocValues[id])
	}
	return d
}

// TestSegmentMatchesBuilder writes the bundled catalogue's index in
// batches of 100 merged once, with each text tokenised once for its field
// and the words, and compares it with Bleve's builder mapping the
// documents: the same terms, postings (frequencies, norms, term vectors),
// stored fields and doc values, documents numbered in catalogue order.
// The same hits, snippets, facets and static files of the two follow;
// search/static's TestBuilderFallback compares them too.
func TestSegmentMatchesBuilder(t *testing.T) {
	t.Parallel()
	docs := bundledDocs(t)
	if len(docs) <= 200 {
		t.Fatalf("%d documents: too few for batches of 100", len(docs))
	}
	build := func(name string, write func(indexDir string)) (entries, words indexDump) {
		dir := t.TempDir()
		indexDir := filepath.Join(dir, "index")
		write(indexDir)
		if files, _ := filepath.Glob(filepath.Join(dir, ".*")); len(files) > 0 {
			t.Errorf("%s: left behind %v", name, files)
		}
		return dumpIndex(t, indexDir), dumpIndex(t, filepath.Join(indexDir, WordsDir))
	}
	want, wantWords := build("builder", func(dir string) { builderIndex(t, docs, dir) })
	// Batches of 300 cross the groups of the words.
	got, gotWords := build("writeSegment", func(dir string) {
		if err := writeSegment(context.Background(), docs, dir, 3, 300, nil); err != nil {
			t.Fatal(err)
		}
	})
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if !slices.Equal(got.Order, ids) {
		t.Errorf("documents not numbered in catalogue order: %v…", got.Order[:min(10, len(got.Order))])
	}
	compareDumps(t, want, got)
	compareDumps(t, wantWords, gotWords)
	// What the comparison rests on.
	if len(wantWords.Terms[FieldWords]) == 0 || len(want.Terms[FieldBodyEN]) == 0 || len(want.Stored) != len(docs) {
		t.Errorf("the dump holds %d words, %d English body terms, %d documents' stored fields",
			len(wantWords.Terms[FieldWords]), len(want.Terms[FieldBodyEN]), len(want.Stored))
	}
	if _, ok := want.Terms[FieldWords]; ok {
		t.Errorf("the entries' documents hold the words as written")
	}
}

// compareDumps compares the index of Bleve's builder (want) and of
// writeSegment (got) of the same documents, the latter numbered in their
// order.
func compareDumps(t *testing.T, want, got indexDump) {
	t.Helper()
	ids := slices.Clone(want.Order)
	slices.Sort(ids)
	if gotIDs := slices.Sorted(slices.Values(got.Order)); !slices.Equal(gotIDs, ids) {
		t.Fatalf("documents %v, want %v", got.Order, want.Order)
	}
	want.Order, got.Order = nil, nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index of the builder (-) and of writeSegment (+) differ:\n%s", diff)
	}
}

// TestSegmentOddTexts compares the index of writeSegment with the
// builder's for documents of odd texts: empty, not UTF-8, English with
// possessives, elisions, marks at the joins.
func TestSegmentOddTexts(t *testing.T) {
	t.Parallel()
	docs := oddDocs()
	dir := t.TempDir()
	want, got := filepath.Join(dir, "builder"), filepath.Join(dir, "segment")
	builderIndex(t, docs, want)
	if err := writeSegment(context.Background(), docs, got, 2, 2, nil); err != nil {
		t.Fatal(err)
	}
	w, g := dumpIndex(t, want), dumpIndex(t, got)
	if !slices.Equal(g.Order, []string{"empty", "bad-summary", "bad-meta", "english", "joins", "french"}) {
		t.Errorf("documents numbered %v, want the order written", g.Order)
	}
	compareDumps(t, w, g)
	w, g = dumpIndex(t, filepath.Join(want, WordsDir)), dumpIndex(t, filepath.Join(got, WordsDir))
	compareDumps(t, w, g)
	if len(w.Terms[FieldWords]) < 20 {
		t.Errorf("%d words: the comparison proves little", len(w.Terms[FieldWords]))
	}
}

// oddDocs are documents of odd texts: empty, not UTF-8, English with
// possessives, elisions, marks at the joins.
func oddDocs() []Document {
	return []Document{
		{ID: "empty", Kind: "principle", Lang: "fr"},
		{ID: "bad-summary", Kind: "action", Lang: "fr", Title: "Titre", Summary: "r\xe9sum\xe9 l'\xff", Body: "Le corps d'un texte", Meta: "DINUM"},
		{ID: "bad-meta", Kind: "service", Lang: "en", Title: "Title", Body: "The State's body", Meta: "Op\xe9rateur"},
		{ID: "english", Kind: "service", Lang: "en", Title: "The State’s messaging", Summary: "Civil servants' chats", Body: "Running, runs and ran.\nL'État", Meta: "Sécurité\nSecurity", Themes: []string{"securite"}, Owners: []string{"dinum", "anct"}},
		{ID: "joins", Kind: "mutualisation", Lang: "fr", Title: "fin\u200d", Summary: "\u0301début\r", Body: "l'", Meta: "'hui", Refs: []string{"english"}, Status: "planned"},
		{ID: "french", Kind: "action", Lang: "fr", Title: "Messagerie instantanée de l'État", Summary: "Les hébergements", Body: "Aujourd'hui, l'agent et les agents.", Meta: "DINUM\nSécurité", Programme: "p1", Priority: "high"},
	}
}

// TestWriteSegmentCancelled stops writing when the context is done, and
// leaves no batch behind.
func TestWriteSegmentCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	err := writeSegment(ctx, bundledDocs(t), filepath.Join(dir, "index"), 2, 100, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want %v", err, context.Canceled)
	}
	if files, _ := os.ReadDir(dir); len(files) > 0 {
		t.Errorf("left behind %v", files)
	}
}

// TestWriteSegmentSpare calls spare once: when the first goroutine runs
// out of batches, every batch then taken, or at once when the writing
// never uses every core.
func TestWriteSegmentSpare(t *testing.T) {
	docs := bundledDocs(t)
	cores := runtime.GOMAXPROCS(0)
	for _, tc := range []struct {
		name           string
		workers, batch int
	}{
		{"every core", cores, 50},
		{"one batch", cores, len(docs)},
		{"one worker", 1, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			var calls atomic.Int32
			written := -1
			spare := func() {
				calls.Add(1)
				files, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".index-batches-*", "*.zap"))
				written = len(files)
			}
			if err := writeSegment(context.Background(), docs, dir, tc.workers, tc.batch, spare); err != nil {
				t.Fatal(err)
			}
			if n := calls.Load(); n != 1 {
				t.Fatalf("spare called %d times, want once", n)
			}
			batches := (len(docs) + tc.batch - 1) / tc.batch
			workers := min(tc.workers, batches)
			switch {
			case workers < cores && written != 0:
				t.Errorf("spare called after %d batches, want at once: %d of %d cores used", written, workers, cores)
			case workers == cores && written < batches-workers+1:
				t.Errorf("spare called after %d of %d batches, want at least %d", written, batches, batches-workers+1)
			}
		})
	}
}

// wordsSplits are texts whose words, joined by a newline, must be the
// words of each: the index tokenises a document's texts one by one for
// the words field, which Update and the reference analyse joined.
var wordsSplits = [][2]string{
	{"Messagerie instantanée", "de l'État"},
	{"fin", "\u0301accent"},           // a combining mark first
	{"zéro\u200d", "largeur"},         // a joiner last
	{"retour\r", "chariot"},           // CR then the joining LF
	{"l'", "apostrophe"},              // an elision cut
	{"aujourd", "'hui"},               // an apostrophe first
	{"1,5", "2.0"},                    // numbers
	{"🇫🇷", "🇫🇷"},                      // regional indicators pair up
	{"👍🏽", "\U0001F3FD"},              // a modifier first
	{"カタカナ", "ひらがな"},                  // Japanese
	{"", "vide"},                      //
	{"  ", "\n"},                      //
	{"M075", "[[2.1]]"},               //
	{"a\u00ad", "b"},                  // a soft hyphen last
	{"\xff", "invalide"},              // invalid UTF-8
	{"مرحبا", "שלום"},                 // right to left
	{"e\u0301", "\u0301"},             //
	{"Über", "ÉTAT"},                  //
	{"quarante-deux", "c'est-à-dire"}, //
}

// TestWordsOfJoinedTexts checks the tokenizer at the joins.
func TestWordsOfJoinedTexts(t *testing.T) {
	t.Parallel()
	for _, tc := range wordsSplits {
		checkWordsSplit(t, tc[0], tc[1])
	}
}

func FuzzWordsOfJoinedTexts(f *testing.F) {
	for _, tc := range wordsSplits {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(checkWordsSplit)
}

func checkWordsSplit(t *testing.T, a, b string) {
	if !utf8.ValidString(a + "\n" + b) {
		return // the indexer analyses these joined (indexer.document)
	}
	terms := func(s string) []string {
		var out []string
		for _, tok := range Tokenize(s) {
			out = append(out, tok.Term)
		}
		return out
	}
	if got, want := append(terms(a), terms(b)...), terms(a+"\n"+b); !slices.Equal(got, want) {
		t.Errorf("%q, %q: words %q one by one, %q joined", a, b, got, want)
	}
}

// TestAnalyserFull compares the fields of an analyser that keeps no
// analysis (as one does once it keeps maxTerms) with those of one that
// keeps them all: the same terms, frequencies and term vectors.
func TestAnalyserFull(t *testing.T) {
	t.Parallel()
	x := testIndexer(t)
	keeps, full := x.analyser(), x.analyser()
	full.keep = 0
	type freq struct {
		Freq      int
		Locations []bleveindex.TokenLocation
	}
	type field struct {
		Name   string
		Length int
		Freqs  map[string]freq
	}
	fields := func(a *analyser, d Document, i int) []field {
		words := wordSet{}
		doc, err := a.document(d, i, words)
		if err != nil {
			t.Fatal(err)
		}
		out := []field{{Name: "words as written", Freqs: map[string]freq{}}}
		for w := range words {
			out[0].Freqs[w] = freq{}
		}
		for _, f := range doc.Fields {
			freqs := map[string]freq{}
			for term, tf := range f.AnalyzedTokenFrequencies() {
				fr := freq{Freq: tf.Frequency()}
				for _, l := range tf.Locations {
					fr.Locations = append(fr.Locations, *l)
				}
				freqs[term] = fr
			}
			out = append(out, field{f.Name(), f.AnalyzedLength(), freqs})
		}
		return out
	}
	for i, d := range bundledDocs(t) {
		if diff := cmp.Diff(fields(keeps, d, i), fields(full, d, i)); diff != "" {
			t.Fatalf("%s: fields of an analyser keeping its analyses (-) and of one keeping none (+):\n%s", d.ID, diff)
		}
	}
	if len(full.terms[0]) != 0 || len(keeps.terms[0]) == 0 {
		t.Errorf("%d and %d analyses kept", len(keeps.terms[0]), len(full.terms[0]))
	}
}
