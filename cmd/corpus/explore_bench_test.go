package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
	"catalogue/generator/render"
)

// BenchmarkExplorerRows writes the explorer files of every collection and
// reports, gzipped, what a collection page fetches:
//
//   - <dir>-filterB: its index, rows.json, all that a facet filter or a
//     sort needs to filter every row, against the budget of 150 KB at
//     10,000 entries; max-filterB is the largest;
//   - <dir>-firstB: what its first facet filter fetches, the index and
//     the first part of the cells, those of the rows shown when the
//     matches are among the first rows;
//   - <dir>-textB: what a text filter of one word fetches to filter, the
//     index and the largest shard of the word index (a word more, a shard
//     more); max-textB is the largest;
//   - <dir>-wordsB: the whole word index, every shard, for comparison.
//
// It asserts nothing: sizes depend on the generated corpus.
//
//	go test ./cmd/corpus -run '^$' -bench ExplorerRows -corpus-sizes 10000 -benchtime 1x
func BenchmarkExplorerRows(b *testing.B) {
	perSize(b, func(b *testing.B, dir string, cpu *cpuMeter) {
		md := markdown.New()
		cat := load(b, dir, md)
		theme := os.DirFS(filepath.Join(dir, "themes", cat.Site.Theme))
		r, err := render.New(theme, cat, md)
		if err != nil {
			b.Fatal(err)
		}
		var paths []string
		for _, c := range content.Collections() {
			paths = append(paths, r.ExplorerPaths(c.Kind)...)
		}
		filter, first, text, words := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		cpu.start()
		for b.Loop() {
			out, done := scratch(b, cpu)
			if _, err := r.Update(context.Background(), out, paths); err != nil {
				b.Fatal(err)
			}
			for _, c := range content.Collections() {
				for i, path := range r.ExplorerPaths(c.Kind) {
					n := gzipped(b, filepath.Join(out, filepath.FromSlash(path)))
					if i == 0 { // the index
						filter[c.Dir], first[c.Dir], text[c.Dir], words[c.Dir] = n, n, 0, 0
					} else if i == 1 { // the first part of the cells
						first[c.Dir] += n
					}
					if isWords(path) {
						text[c.Dir] = max(text[c.Dir], n)
						words[c.Dir] += n
					}
				}
			}
			done()
		}
		largest, largestText := 0, 0
		for dir, n := range filter {
			largestText = max(largestText, n+text[dir])
			b.ReportMetric(float64(n), dir+"-filterB")
			b.ReportMetric(float64(first[dir]), dir+"-firstB")
			b.ReportMetric(float64(n+text[dir]), dir+"-textB")
			b.ReportMetric(float64(words[dir]), dir+"-wordsB")
			largest = max(largest, n)
		}
		b.ReportMetric(float64(largest), "max-filterB")
		b.ReportMetric(float64(largestText), "max-textB")
	})
}

// isWords tells whether an explorer's file is a shard of its word index.
func isWords(path string) bool { return strings.Contains(path, "/words-") }

// gzipped returns the size of file once gzipped, as a server would send it.
func gzipped(b *testing.B, file string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return z.Len()
}
