package render

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"catalogue/generator/content"
)

func BenchmarkZZEntryPages(b *testing.B) {
	dir := os.Getenv("ZZCORPUS")
	cat, diags := content.Load(context.Background(), os.DirFS(dir), content.Options{Markdown: md})
	if err := diags.Err(); err != nil {
		b.Fatal(err)
	}
	r, err := New(os.DirFS(filepath.Join(dir, "themes/default")), cat, md)
	if err != nil {
		b.Fatal(err)
	}
	var pages []Page
	for _, p := range r.pages(nil) {
		if p.Template == "entry" {
			pages = append(pages, p)
		}
	}
	pages = pages[:4000]
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			buf.Reset()
			if err := r.execute(&buf, p, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}
