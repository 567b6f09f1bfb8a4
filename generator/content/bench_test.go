package content

import (
	"context"
	"os"
	"testing"

	"catalogue/generator/markdown"
)

// BenchmarkLoad loads the repository's catalogue: read, decode, check and
// link every entry. cmd/corpus benchmarks the same on 1,000 and 10,000
// generated entries.
func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS("../..")
	md := markdown.New()
	var n int
	b.ReportAllocs()
	for b.Loop() {
		cat, diags := Load(context.Background(), fsys, Options{Markdown: md})
		if err := diags.Err(); err != nil {
			b.Fatal(err)
		}
		n = len(cat.Entries)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entries/s")
}
