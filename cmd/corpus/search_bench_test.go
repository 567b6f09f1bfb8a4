package main

// The benchmarks of the search packages: they need their public API
// (static.Build, static.Write, search.Open, Index.Search, static.Dir).

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"catalogue/generator/markdown"
	"catalogue/search"
	"catalogue/search/static"
)

// BenchmarkSearchBuild builds the Bleve index and the static search files
// from it. It reports the size of both, and the bytes a browser downloads
// for a first query with the static files (index.json, the term shards of
// the query's words, the display data of the first page of hits), raw and
// gzipped, then the gzipped bytes of the facet files it fetches after
// showing those hits. BenchmarkBuild adds the search page with its styles
// and scripts.
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
			if err := static.Build(context.Background(), cat, index, public, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(treeSize(b, index)), "index-B")
		b.ReportMetric(float64(treeSize(b, filepath.Join(public, static.Dir))), "static-B")
		if data, then, ok := firstQuery(b, public, "messagerie"); ok {
			b.ReportMetric(float64(data[0]), "first-query-B")
			b.ReportMetric(float64(data[1]), "first-query-gzB")
			b.ReportMetric(float64(then[1]), "facets-gzB")
		}
		b.ReportMetric(float64(fileCount(b, filepath.Join(public, static.Dir))), "static-files")
	})
}

// BenchmarkStaticSearch writes the static search files alone, from an
// index built once: BenchmarkSearchBuild's last step, which the build
// runs on one core after the index's batches.
func BenchmarkStaticSearch(b *testing.B) {
	perSize(b, func(b *testing.B, dir string, cpu *cpuMeter) {
		md := markdown.New()
		cat := load(b, dir, md)
		parent, done := scratch(b, cpu)
		defer done()
		index, public := filepath.Join(parent, "index"), filepath.Join(parent, "public")
		if err := static.Build(context.Background(), cat, index, public, nil); err != nil {
			b.Fatal(err)
		}
		files := filepath.Join(public, static.Dir)
		cpu.start()
		for b.Loop() {
			cpu.pause()
			os.RemoveAll(files)
			cpu.resume()
			if err := static.Write(context.Background(), cat, index, public); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(treeSize(b, files)), "static-B")
		b.ReportMetric(float64(fileCount(b, files)), "static-files")
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
	{Query: "messagerie sécurisée xyzzy"}, // no entry has every word: partial hits
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
		if err := static.Build(context.Background(), cat, indexDir, filepath.Join(parent, "public"), nil); err != nil {
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

func fileCount(b *testing.B, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

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
// the search page without a server: it runs the page's client, as the
// build wrote it (public/js/search.js), under Node, through the driver of
// package search/static's tests, over the static files of the build. data is what
// the client fetches before it can show the first page of hits: index.json,
// the term shards of q's words, the chunks of postings of their terms and
// the display data of the hits. then is what it fetches after, for the
// facet counts: the facets' columns and labels.json. Sizes are raw and
// gzipped (as a host would serve them). Without node, it reports nothing,
// or fails under CI.
func firstQuery(b *testing.B, public, q string) (data, then [2]int64, ok bool) {
	nodeCmd, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("node is required to measure the first query: %v", err)
		}
		b.Logf("node not found, first-query bytes not measured: %v", err)
		return data, then, false
	}
	dir := filepath.Join(public, static.Dir)
	in, err := json.Marshal(map[string]any{"dir": dir, "requests": []map[string]any{{"q": q}}})
	if err != nil {
		b.Fatal(err)
	}
	client := filepath.Join(public, "js", "search.js") // as the build wrote it
	if _, err := os.Stat(client); err != nil {
		// The search files alone (BenchmarkSearchBuild): the modules the
		// build concatenates into it.
		client = "../../themes/default/static/js/search.js.d"
	}
	cmd := exec.Command(nodeCmd, "../../search/static/testdata/client.js", client, "search")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		b.Fatalf("node client.js: %v\n%s", err, stderr.String())
	}
	var out []struct {
		Error   string `json:"error"`
		Fetched []struct {
			Path string `json:"path"`
		} `json:"fetched"`
		Early *struct {
			Fetched int `json:"fetched"`
		} `json:"early"`
	}
	if err := json.Unmarshal(stdout, &out); err != nil || len(out) != 1 || out[0].Error != "" || out[0].Early == nil {
		b.Fatalf("node client.js: %v: %s", err, stdout)
	}
	var files []string
	for _, f := range out[0].Fetched {
		files = append(files, filepath.Join(dir, filepath.FromSlash(f.Path)))
	}
	var si struct {
		Version string `json:"version"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err == nil {
		err = json.Unmarshal(raw, &si)
	}
	if err != nil {
		b.Fatal(err)
	}
	// The page fetches the labels of the facet values with the facets.
	labels := filepath.Join(dir, si.Version, "labels.json")
	early := out[0].Early.Fetched
	return sizeOf(b, files[:early]), sizeOf(b, append(files[early:], labels)), true
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
