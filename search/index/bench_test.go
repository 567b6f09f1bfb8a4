package index

import "testing"

// BenchmarkAnalyse analyses the bundled catalogue's documents as a batch
// is: one analyser, its memory reused from one pass to the next.
func BenchmarkAnalyse(b *testing.B) {
	docs := bundledDocs(b)
	a := testIndexer(b).analyser()
	b.ReportAllocs()
	for b.Loop() {
		words := wordSet{}
		for i, d := range docs {
			if _, err := a.document(d, i, words); err != nil {
				b.Fatal(err)
			}
		}
		a.memory.reuse()
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// testIndexer returns an indexer of the index's mapping.
func testIndexer(tb testing.TB) *indexer {
	tb.Helper()
	im, err := newMapping()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := newIndexer(im)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}
