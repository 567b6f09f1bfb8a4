package export_test

import (
	"context"
	"os"
	"testing"

	"catalogue/generator/export"
)

// BenchmarkWrite exports the repository's real content.
func BenchmarkWrite(b *testing.B) {
	cat := load(b, os.DirFS("../.."), nil)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.Write(context.Background(), cat, dir, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(cat.Entries)*b.N)/b.Elapsed().Seconds(), "entries/s")
}
