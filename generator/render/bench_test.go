package render

import (
	"context"
	"os"
	"testing"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

// BenchmarkSite renders every page of the repository's catalogue with its
// theme, each time into a new folder. cmd/corpus benchmarks the same on
// 1,000 and 10,000 generated entries.
func BenchmarkSite(b *testing.B) {
	md := markdown.New()
	cat, diags := content.Load(context.Background(), os.DirFS("../.."), content.Options{Markdown: md})
	if err := diags.Err(); err != nil {
		b.Fatal(err)
	}
	theme := os.DirFS("../../themes/" + cat.Site.Theme)
	var pages int
	b.ReportAllocs()
	for b.Loop() {
		r, err := New(theme, cat, md)
		if err != nil {
			b.Fatal(err)
		}
		if pages, err = r.Site(context.Background(), b.TempDir(), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(cat.Entries)*b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(pages), "pages")
}

// BenchmarkLink links every entry of the repository's catalogue, on every
// core, once the links are executed: what a list of entries costs.
func BenchmarkLink(b *testing.B) {
	cat := loadCatalogue(b)
	r, err := New(os.DirFS("../../themes/"+cat.Site.Theme), cat, md)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range cat.Entries {
		if _, err := r.link(e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			if _, err := r.link(cat.Entries[i%len(cat.Entries)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
