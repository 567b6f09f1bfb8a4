package main

// The benchmarks of package search: they need its public API (Build, Open,
// Index.Search, StaticDir).

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"catalogue/generator/markdown"
	"catalogue/search"
)

// BenchmarkSearchBuild builds the Bleve index and the static search files
// from it. It reports the size of both, and the bytes a browser downloads
// for a first query with the static files (index.json, the term shards of
// the query's words, the display data of the first page of hits), raw and
// gzipped. BenchmarkBuild adds the search page with its styles and
// scripts.
func BenchmarkSearchBuild(b *testing.B) {
	perSize(b, func(b *testing.B, dir string, cpu *cpuMeter) {
		md := markdown.New()
		cat := load(b, dir, md)
		var index, public string
		cpu.start()
		for b.Loop() {
			cpu.pause()
			if index != "" {
				os.RemoveAll(filepath.Dir(index))
			}
			parent, _ := scratch(b, cpu)
			index, public = filepath.Join(parent, "index"), filepath.Join(parent, "public")
			cpu.resume()
			if err := search.Build(context.Background(), cat, md, index, public); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(treeSize(b, index)), "index-B")
		b.ReportMetric(float64(treeSize(b, filepath.Join(public, search.StaticDir))), "static-B")
		data := firstQuery(b, index, public, "messagerie")
		b.ReportMetric(float64(data[0]), "first-query-B")
		b.ReportMetric(float64(data[1]), "first-query-gzB")
	})
}

// queries are what BenchmarkSearchQuery asks, in turn: words of the
// catalogue, a code, a typo, a prefix being typed, with and without facet
// filters.
var queries = []search.Request{
	{Query: "messagerie"},
	{Query: "données de référence"},
	{Query: "identité numérique", Filters: map[string][]string{"kind": {"action"}}},
	{Query: "M075"},
	{Query: "hébergment"}, // typo
	{Query: "interminis"}, // being typed
	{Query: "cloud", Filters: map[string][]string{"theme": {"cloud-hebergement"}}},
	{Query: "agents", Filters: map[string][]string{"status": {"planned"}, "kind": {"action", "mutualisation"}}},
	{Query: "services publics numériques", Page: 2},
	{Query: "", Filters: map[string][]string{"theme": {"securite"}}},
}

// BenchmarkSearchQuery answers queries with facet counts from the index,
// as the server does, and reports the latency percentiles over the
// iterations.
func BenchmarkSearchQuery(b *testing.B) {
	perSize(b, func(b *testing.B, dir string, cpu *cpuMeter) {
		md := markdown.New()
		cat := load(b, dir, md)
		parent, done := scratch(b, cpu)
		defer done()
		indexDir := filepath.Join(parent, "index")
		if err := search.Build(context.Background(), cat, md, indexDir, filepath.Join(parent, "public")); err != nil {
			b.Fatal(err)
		}
		ix, err := search.Open(indexDir)
		if err != nil {
			b.Fatal(err)
		}
		defer ix.Close()
		var took []time.Duration
		each := make([][]time.Duration, len(queries))
		i := 0
		cpu.start()
		for b.Loop() {
			q := i % len(queries)
			start := time.Now()
			if _, err := ix.Search(context.Background(), queries[q]); err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			took = append(took, d)
			each[q] = append(each[q], d)
			i++
		}
		slices.Sort(took)
		b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
		b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
		b.ReportMetric(ms(took[len(took)-1]), "max-ms")
		for q, ds := range each {
			if len(ds) > 0 {
				slices.Sort(ds)
				b.Logf("%-40s p50 %6.2f ms  max %6.2f ms", fmt.Sprintf("%q %v", queries[q].Query, queries[q].Filters), ms(ds[len(ds)/2]), ms(ds[len(ds)-1]))
			}
		}
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func treeSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		n += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// firstQuery measures the static files a browser fetches to answer q on
// the search page without a server (see search/export.go and the theme's
// js/search.js): data is index.json, the shard of each word of q
// (<version>/terms/<hex of its first bytes>.json) and the display data of
// the first page of hits (<version>/docs/<id>.json), which the server's
// ranking gives. Sizes are raw and gzipped (as a host would serve them).
func firstQuery(b *testing.B, indexDir, public, q string) (data [2]int64) {
	static := filepath.Join(public, search.StaticDir)
	index := filepath.Join(static, "index.json")
	var si struct {
		Version string `json:"version"`
		Rules   struct {
			PageSize    int `json:"page_size"`
			FuzzyPrefix int `json:"fuzzy_prefix"`
		} `json:"rules"`
	}
	raw, err := os.ReadFile(index)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(raw, &si); err != nil {
		b.Fatal(err)
	}
	files := []string{index}
	for _, w := range strings.Fields(strings.ToLower(q)) {
		key := w[:min(len(w), si.Rules.FuzzyPrefix)]
		files = append(files, filepath.Join(static, si.Version, "terms", fmt.Sprintf("%x.json", key)))
	}
	ix, err := search.Open(indexDir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Request{Query: q, Size: si.Rules.PageSize})
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range res.Hits {
		files = append(files, filepath.Join(static, si.Version, "docs", strings.ToLower(h.ID)+".json"))
	}
	return sizeOf(b, files)
}

// searchPage is the search page and what it loads before a query.
func searchPage(b *testing.B, public string) [2]int64 {
	return sizeOf(b, []string{filepath.Join(public, "search", "index.html"), filepath.Join(public, "css", "site.css"),
		filepath.Join(public, "js", "site.js"), filepath.Join(public, "js", "search.js")})
}

// sizeOf returns the total size of files, raw and gzipped one by one.
func sizeOf(b *testing.B, files []string) (n [2]int64) {
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(data)
		zw.Close()
		n[0] += int64(len(data))
		n[1] += int64(buf.Len())
	}
	return n
}
