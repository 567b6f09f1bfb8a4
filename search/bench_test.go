package search

import (
	"context"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkBuild builds the index and the static files of the bundled
// catalogue. It reports the build time (ns/op), the size of the index and
// of the static files, and the bytes a browser fetches for a first query
// of the static search (index.json, the shards of its words, the display
// files of the first page), raw and gzipped, the largest over a few
// queries; the search page's script is not counted.
func BenchmarkBuild(b *testing.B) {
	fx := bundled(b)
	b.ReportAllocs()
	var last string
	for b.Loop() {
		last = b.TempDir()
		if err := Build(context.Background(), fx.cat, filepath.Join(last, "index"), filepath.Join(last, "public"), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(fx.cat.Entries))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(treeSize(b, filepath.Join(last, "index"))), "index-B")
	b.ReportMetric(float64(treeSize(b, filepath.Join(last, "public", StaticDir))), "static-B")
	raw, gz := 0, 0
	for _, a := range staticSearch(b, fx, firstQueries()) {
		r, g := fetchedBytes(b, fx, a.Fetched[:a.Early.Fetched]) // before the hits show
		raw, gz = max(raw, r), max(gz, g)
	}
	b.ReportMetric(float64(raw), "first-query-B")
	b.ReportMetric(float64(gz), "first-query-gzB")
}

func firstQueries() []Request {
	return []Request{{Query: "messagerie"}, {Query: "M75"}, {Query: "signatrue"}, {Query: "données de référence"}, {Query: "cloud interministériel"}}
}

// benchQueries are what BenchmarkQuery asks in turn: words, codes, typos,
// words being typed, several words, with and without facets.
func benchQueries() []url.Values {
	return []url.Values{
		{"q": {"messagerie"}},
		{"q": {"M75"}},
		{"q": {"2.1.1"}},
		{"q": {"ministere"}},
		{"q": {"signatrue"}},
		{"q": {"hébergment"}},
		{"q": {"interminis"}},
		{"q": {"messagerie instantanée "}},
		{"q": {"données de référence"}},
		{"q": {"cloud"}, "kind": {"action"}},
		{"q": {"agents"}, "kind": {"action", "mutualisation"}, "status": {"planned"}},
		{"q": {"sécurité"}, "page": {"2"}},
		{"theme": {"securite"}},
		{"q": {"xyzzy plop"}},
	}
}

// BenchmarkQuery answers queries through the API's handler, as the server
// does (query, facet counts, snippets, JSON), and reports the latency
// percentiles over the iterations.
func BenchmarkQuery(b *testing.B) {
	fx := bundled(b)
	h := NewHandler(fx.ix)
	queries := benchQueries()
	var took []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", "/api/search?"+queries[i%len(queries)].Encode(), nil)
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, req)
		took = append(took, time.Since(start))
		if w.Code != 200 {
			b.Fatalf("%s: %d %s", req.URL, w.Code, w.Body)
		}
		i++
	}
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func treeSize(b testing.TB, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
