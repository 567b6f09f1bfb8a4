package generator

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkBuild builds the repository's catalogue as `catalogue build`
// does, dates from git included, over the previous build. cmd/corpus
// benchmarks the same on 1,000 and 10,000 generated entries.
func BenchmarkBuild(b *testing.B) {
	out := b.TempDir()
	opts := Options{Root: "..", Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index")}
	var res *Result
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if res, err = Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Catalogue.Entries)*b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(res.Bytes), "public-B")
}
