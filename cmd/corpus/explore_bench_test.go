package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
	"catalogue/generator/render"
)

// BenchmarkExplorerRows writes the rows.json of every collection, what a
// collection page's explorer fetches to filter and sort the whole table,
// and reports the gzipped size of each (<dir>-gzB) and of the largest
// (max-gzB), against the budget of 150 KB at 10,000 entries.
//
//	go test ./cmd/corpus -run '^$' -bench ExplorerRows -corpus-sizes 10000 -benchtime 1x
func BenchmarkExplorerRows(b *testing.B) {
	perSize(b, func(b *testing.B, dir string, cpu *cpuMeter) {
		md := markdown.New()
		cat := load(b, dir, md)
		theme := os.DirFS(filepath.Join(dir, "themes", cat.Site.Theme))
		var paths []string
		for _, c := range content.Collections() {
			paths = append(paths, "/"+c.Dir+"/rows.json")
		}
		sizes := map[string]int{}
		cpu.start()
		for b.Loop() {
			out, done := scratch(b, cpu)
			r, err := render.New(theme, cat, md)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.Update(context.Background(), out, paths); err != nil {
				b.Fatal(err)
			}
			for _, c := range content.Collections() {
				data, err := os.ReadFile(filepath.Join(out, c.Dir, "rows.json"))
				if err != nil {
					b.Fatal(err)
				}
				var z bytes.Buffer
				w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
				w.Write(data)
				w.Close()
				sizes[c.Dir] = z.Len()
			}
			done()
		}
		largest := 0
		for dir, n := range sizes {
			b.ReportMetric(float64(n), dir+"-gzB")
			largest = max(largest, n)
		}
		b.ReportMetric(float64(largest), "max-gzB")
	})
}
