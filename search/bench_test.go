package search

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"
)

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
