package static

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"catalogue/search"
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
	b.ReportMetric(float64(treeSize(b, filepath.Join(last, "public", Dir))), "static-B")
	raw, gz := 0, 0
	for _, a := range staticSearch(b, fx, firstQueries()) {
		r, g := fetchedBytes(b, fx, a.Fetched[:a.Early.Fetched]) // before the hits show
		raw, gz = max(raw, r), max(gz, g)
	}
	b.ReportMetric(float64(raw), "first-query-B")
	b.ReportMetric(float64(gz), "first-query-gzB")
}

func firstQueries() []search.Request {
	return []search.Request{{Query: "messagerie"}, {Query: "M75"}, {Query: "signatrue"}, {Query: "données de référence"}, {Query: "cloud interministériel"}}
}

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
