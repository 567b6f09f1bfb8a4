package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"catalogue/search"
	"catalogue/search/index"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The static search is the JavaScript client of the search page, built
// from the modules in themes/default/static/js/search.js.d (concatenated
// in name order into public/js/search.js), run under Node by
// testdata/client.js over the static files of a build. The analyzer
// parity test loads the analysis module alone.
const (
	clientJS   = "../../themes/default/static/js/search.js.d"
	analysisJS = clientJS + "/1-analysis.js"
)

// node returns the path of the node command. Without it the tests of the
// client are skipped, except in CI (CI=true), where they fail.
func node(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node is required to test the static search client: %v", err)
		}
		t.Skipf("node not found, the static search client is not tested: %v", err)
	}
	return p
}

// runClient runs testdata/client.js in mode with input as its standard
// input and decodes its output into out.
func runClient(t testing.TB, mode string, input, out any) {
	t.Helper()
	data, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	script := clientJS
	if mode == "analyze" {
		script = analysisJS
	}
	cmd := exec.Command(node(t), "testdata/client.js", script, mode)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client.js %s: %v\n%s", mode, err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("node client.js %s: %v", mode, err)
	}
}

// A staticAnswer is what the client answered to one request.
type staticAnswer struct {
	Result  *search.Result `json:"result"`
	Error   string         `json:"error"`   // a query the client refuses
	Failure string         `json:"failure"` // a search it could not run
	Fetched []fetched      `json:"fetched"`
	// Early is what the client could show before it fetched the facets:
	// its hits, the number of files it had fetched, and the facets (none).
	Early *struct {
		Hits    int                            `json:"hits"`
		Fetched int                            `json:"fetched"`
		Facets  map[string][]search.FacetCount `json:"facets"`
	} `json:"early"`
}

// fetched is a file the client fetched, under search/.
type fetched struct {
	Path  string `json:"path"`
	Bytes int    `json:"bytes"`
}

// jsRequest is a request as the client takes it.
type jsRequest struct {
	Q       string              `json:"q"`
	Filters map[string][]string `json:"filters,omitempty"`
	Page    int                 `json:"page,omitempty"`
	Size    int                 `json:"size,omitempty"`
}

func staticSearch(t testing.TB, fx *fixture, reqs []search.Request) []staticAnswer {
	t.Helper()
	out := staticSearchIn(t, fx.static(), reqs)
	for i, a := range out {
		if a.Failure != "" {
			t.Fatalf("client: %q: %s", reqs[i].Query, a.Failure)
		}
	}
	return out
}

// staticSearchIn runs the requests with the client over the static files
// in dir.
func staticSearchIn(t testing.TB, dir string, reqs []search.Request) []staticAnswer {
	t.Helper()
	in := struct {
		Dir      string      `json:"dir"`
		Requests []jsRequest `json:"requests"`
	}{Dir: dir}
	for _, r := range reqs {
		in.Requests = append(in.Requests, jsRequest{r.Query, r.Filters, r.Page, r.Size})
	}
	var out []staticAnswer
	runClient(t, "search", in, &out)
	if len(out) != len(reqs) {
		t.Fatalf("client answered %d requests of %d", len(out), len(reqs))
	}
	return out
}

// apiSearch asks the server's handler.
func apiSearch(t testing.TB, srv *httptest.Server, r search.Request) (*search.Result, int, map[string]string) {
	t.Helper()
	v := url.Values{"q": {r.Query}}
	for f, vs := range r.Filters {
		v[f] = vs
	}
	if r.Page > 0 {
		v.Set("page", fmt.Sprint(r.Page))
	}
	resp, err := http.Get(srv.URL + "/api/search?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e map[string]string
		json.NewDecoder(resp.Body).Decode(&e)
		return nil, resp.StatusCode, e
	}
	var res search.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return &res, resp.StatusCode, nil
}

// TestGolden runs the golden queries against the server API and the
// static client: both meet the expectations, and they agree on the total,
// the first five hits, the fallback to any word and the facet counts.
func TestGolden(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	cases := readGolden(t)
	if len(cases) < 30 {
		t.Fatalf("%d golden queries, want at least 30", len(cases))
	}
	srv := httptest.NewServer(search.NewHandler(fx.ix))
	defer srv.Close()
	var reqs []search.Request
	for _, c := range cases {
		reqs = append(reqs, c.request())
	}
	static := staticSearch(t, fx, reqs)
	apiByQuery, jsByQuery := map[string]*search.Result{}, map[string]*search.Result{}
	api := make([]*search.Result, len(cases))
	for i, c := range cases {
		res, status, e := apiSearch(t, srv, c.request())
		if status != http.StatusOK {
			t.Fatalf("golden.txt:%d: %q: status %d %v", c.Line, c.Query, status, e)
		}
		api[i] = res
		if static[i].Error != "" {
			t.Fatalf("golden.txt:%d: %q: client: %s", c.Line, c.Query, static[i].Error)
		}
		if c.Filters == nil && c.Page == 0 {
			apiByQuery[c.Query], jsByQuery[c.Query] = res, static[i].Result
		}
	}
	for i, c := range cases {
		js := static[i].Result
		for _, side := range []struct {
			name string
			res  *search.Result
			by   map[string]*search.Result
		}{{"api", api[i], apiByQuery}, {"static", js, jsByQuery}} {
			for _, bad := range c.check(side.res, side.by) {
				t.Errorf("golden.txt:%d: %q %v (%s): %s", c.Line, c.Query, c.Filters, side.name, bad)
			}
		}
		if a, b := first5(hitIDs(api[i], 5)), first5(hitIDs(js, 5)); !slices.Equal(a, b) {
			t.Errorf("golden.txt:%d: %q: first five differ: api %v, static %v", c.Line, c.Query, a, b)
		}
		if api[i].Total != js.Total || api[i].Any != js.Any || api[i].Full != js.Full {
			t.Errorf("golden.txt:%d: %q: api found %d (%d full, any %v), static %d (%d full, any %v)", c.Line, c.Query, api[i].Total, api[i].Full, api[i].Any, js.Total, js.Full, js.Any)
		}
		if diff := cmp.Diff(nonEmpty(api[i].Facets), nonEmpty(js.Facets)); diff != "" {
			t.Errorf("golden.txt:%d: %q: facets differ (-api +static):\n%s", c.Line, c.Query, diff)
		}
	}
}

func nonEmpty(m map[string][]search.FacetCount) map[string][]search.FacetCount {
	out := map[string][]search.FacetCount{}
	for k, v := range m {
		if len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

// TestAnalyzerParity analyses every text of the bundled catalogue (titles,
// summaries, bodies, owners…), so every word of the corpus in its
// context, and a table of odd strings with the Go analyzers and with the
// client's port: the tokens and the French and English terms must be the
// same.
func TestAnalyzerParity(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	idx, _, err := index.Open(fx.index)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	im := idx.Mapping()
	texts := []string{
		"l'État, l’État, aujourd'hui, qu'il, jusqu'à",
		"M075 2.1.1 2.4.3.a P1.1.1 LS1.2 GT4 m0075 16M€ 8,8M€ 40-50 ETP 1.500 3,14 10:30",
		"e.g. U.S.A. www.example.fr/path a_b __init__ x__",
		"«guillemets» “curly” ‘single’ (parenthèses) [crochets] {accolades}",
		"FranceConnect-Plateforme Data_Science DevOps e-invoicing co-construction",
		"Entreprise¹ x² H₂O ½ № ™ © ®",
		"ÉCOLE Œuvre ÆSOP İstanbul ΣΑΣ σας straße",
		"e\u0301cole cafe\u0301 n\u0303",
		"a\u200bb a\u200cb a\u200db a\u00adb a\u2060b \ufeffdébut",
		"\u00a0espace\u202finsécable\u2009fine",
		"emoji 🙂 drapeau 🇫🇷 👩‍💻 ok",
		"日本語 のテキスト カタカナ 한국어 中文",
		"עברית שלום \"ציטוט\" ערבית مرحبا ١٢٣",
		"Ελληνικά русский текст",
		"tab\tnew\nline\r\nend\u2028sep\u2029para",
		"'''  ...  ,,, 'quoted' 'tis rock'n'roll",
		"State's people's the Ministers’ invoices",
	}
	for _, d := range index.Documents(fx.cat) {
		texts = append(texts, d.Title, d.Summary, d.Body, d.Meta)
	}
	in := struct {
		Lists map[string][]string `json:"lists"`
		Texts []string            `json:"texts"`
	}{map[string][]string{"stop_fr": index.StopWordsFR(), "stop_en": index.StopWordsEN(), "articles_fr": index.ArticlesFR()}, texts}
	var out []struct {
		Tokens, FR, EN []string
	}
	runClient(t, "analyze", in, &out)
	if len(out) != len(texts) {
		t.Fatalf("client analysed %d texts of %d", len(out), len(texts))
	}
	words := 0
	for i, text := range texts {
		var tokens, fr, en []string
		for _, tk := range index.Tokenize(text) {
			tokens = append(tokens, tk.Term)
		}
		for _, tk := range index.Analyze(im, index.AnalyzerFR, text) {
			fr = append(fr, tk.Term)
		}
		for _, tk := range index.Analyze(im, index.AnalyzerEN, text) {
			en = append(en, tk.Term)
		}
		words += len(tokens)
		for _, c := range []struct {
			what    string
			go_, js []string
		}{{"tokens", tokens, out[i].Tokens}, {"French terms", fr, out[i].FR}, {"English terms", en, out[i].EN}} {
			if diff := cmp.Diff(c.go_, c.js, cmpNilEmpty); diff != "" {
				t.Errorf("text %d %.60q: %s differ (-go +js):\n%s", i, text, c.what, diff)
			}
		}
	}
	t.Logf("%d texts, %d words analysed alike", len(texts), words)
}

var cmpNilEmpty = cmp.Transformer("nilEmpty", func(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
})

// TestFirstQueryBytes measures what a browser downloads to answer a first
// query with the static files before it can show the hits: index.json, the
// term shards of its words, the chunks of postings of their terms and the
// display files of the first page of hits; the facets come after. The
// target is under 20 KB for the bundled catalogue; at 10,000 entries
// BenchmarkSearchBuild (cmd/corpus) measures it.
func TestFirstQueryBytes(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	queries := []search.Request{{Query: "messagerie"}, {Query: "M75"}, {Query: "signatrue"}, {Query: "données de référence"}, {Query: "cloud interministériel"}, {Query: "agents", Filters: map[string][]string{"kind": {"action"}}}}
	for i, a := range staticSearch(t, fx, queries) {
		q := queries[i]
		if a.Early == nil || a.Early.Hits == 0 || a.Early.Facets != nil {
			t.Fatalf("%q: the client showed no hits before the facets: %+v", q.Query, a.Early)
		}
		first, then := a.Fetched[:a.Early.Fetched], a.Fetched[a.Early.Fetched:]
		// Before the hits, only the columns of the filtered facets; after,
		// the other columns, for the counts.
		facets := 0
		for _, f := range first {
			if strings.Contains(f.Path, "/facets/") {
				facets++
				if _, ok := q.Filters[strings.TrimSuffix(path.Base(f.Path), ".json")]; !ok {
					t.Errorf("%q: %s fetched before the hits, and the query has no such filter", q.Query, f.Path)
				}
			}
		}
		for _, f := range then {
			if !strings.Contains(f.Path, "/facets/") {
				t.Errorf("%q: %s fetched after the hits", q.Query, f.Path)
			}
		}
		if facets != len(q.Filters) || facets+len(then) != len(search.QueryRules().Facets) {
			t.Errorf("%q: fetched %v before the hits, %v after: want the filtered facets' columns before, the others after", q.Query, first, then)
		}
		raw, gz := fetchedBytes(t, fx, first)
		_, gzThen := fetchedBytes(t, fx, then)
		t.Logf("%-25q %2d files, %6d bytes, %6d gzipped, then %2d files, %6d gzipped", q.Query, len(first), raw, gz, len(then), gzThen)
		if gz >= 20_000 {
			t.Errorf("%q: a first query downloads %d bytes gzipped before it shows the hits, want under 20 KB", q.Query, gz)
		}
	}
}

// fetchedBytes sums the files the client fetched, raw and gzipped.
func fetchedBytes(t testing.TB, fx *fixture, files []fetched) (raw, gz int) {
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(fx.static(), filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		raw += len(data)
		gz += gzipLen(data)
	}
	return raw, gz
}

func gzipLen(data []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Len()
}

// TestStaticDeterministic builds the same catalogue twice: the static
// files are the same bytes (the index's are not).
func TestStaticDeterministic(t *testing.T) {
	t.Parallel()
	cat, _ := loadSite(t, smallSite())
	var trees []map[string]string
	for range 2 {
		dir := t.TempDir()
		if err := Build(context.Background(), cat, filepath.Join(dir, "index"), filepath.Join(dir, "public"), nil); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, readTree(t, filepath.Join(dir, "public")))
	}
	if diff := cmp.Diff(trees[0], trees[1]); diff != "" {
		t.Errorf("two builds differ:\n%s", diff)
	}
	if len(trees[0]) < 4 {
		t.Errorf("static files: %v", slices.Collect(mapsKeys(trees[0])))
	}
}

// TestWrite writes the static files again from a built index: the
// same files as Build's; and refuses an index of other content.
func TestWrite(t *testing.T) {
	t.Parallel()
	site := smallSite()
	cat, _ := loadSite(t, site)
	dir := t.TempDir()
	indexDir, public := filepath.Join(dir, "index"), filepath.Join(dir, "public")
	if err := Build(context.Background(), cat, indexDir, public, nil); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, public)
	if err := os.RemoveAll(filepath.Join(public, Dir)); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), cat, indexDir, public); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, readTree(t, public)); diff != "" {
		t.Errorf("Write wrote other files than Build (-Build +Write):\n%s", diff)
	}

	site["content/sources/csic-2018.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"csic-2018\"\ntitle = \"Autre titre\"\n+++\n")}
	other, _ := loadSite(t, site)
	var stale *index.StaleError
	if err := Write(context.Background(), other, indexDir, public); !errors.As(err, &stale) {
		t.Errorf("Write with another catalogue: %v, want a StaleError", err)
	}
}

func readTree(t testing.TB, dir string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestRebuildInPlace builds a catalogue, changes it and builds it again
// into the same public folder, as serve's update does: the old version's
// files go, the page's index.html stays.
func TestRebuildInPlace(t *testing.T) {
	t.Parallel()
	site := smallSite()
	cat, _ := loadSite(t, site)
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	if err := os.MkdirAll(filepath.Join(public, Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(public, Dir, "index.html")
	if err := os.WriteFile(page, []byte("<!DOCTYPE html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(context.Background(), cat, filepath.Join(dir, "index1"), public, nil); err != nil {
		t.Fatal(err)
	}
	delete(site, "content/services/tchap.md")
	cat, _ = loadSite(t, site)
	if err := Build(context.Background(), cat, filepath.Join(dir, "index2"), public, nil); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh")
	if err := Build(context.Background(), cat, filepath.Join(dir, "index3"), fresh, nil); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, public)
	if _, ok := got["search/index.html"]; !ok {
		t.Error("the search page is gone")
	}
	delete(got, "search/index.html")
	if diff := cmp.Diff(readTree(t, fresh), got); diff != "" {
		t.Errorf("rebuilt in place differs from a fresh build (-fresh +in place):\n%s", diff)
	}
	for p := range got {
		if strings.Contains(p, "tchap") {
			t.Errorf("%s left behind", p)
		}
	}
}

// TestOddQueriesAgree runs queries no one means, and queries in odd
// scripts and punctuation, against both sides: the server and the client
// agree on the total and the first five hits, or refuse alike.
func TestOddQueriesAgree(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	srv := httptest.NewServer(search.NewHandler(fx.ix))
	defer srv.Close()
	queries := []string{
		"l'", "’’’", "qu'", "l’État's", "State’s digital", "d'un M075", "M075,M010", "(2.1.1)", "2..1", "2.1.", "M",
		"m0", "m00", "m007 m010 m075", "é\u0301tat", "ÉTAT", "İstanbul", "ΣΑΣ", "straße", "ﬁchier", "co-construction",
		"FranceConnect-Plateforme", "api.gouv.fr", "40-50 ETP", "16M€", "1,5", "3.6.1 cloud", "AND OR NOT", "+cloud -état",
		"cloud*", "clo?d", "🙂 cloud", "日本語 cloud", "a b c d e", "x" + strings.Repeat("y", 60), "\u200bcloud\u200d",
		"\u00a0cloud\u202f", "cloud\t", "identi", "identit", "sécu", "numérique ", "num", "donnees referentiel", "messagerie M7",
		"2024 2023", "P1", "GT", "LS4", "LS4.", "devops", "dev ops", "e-invoice", "invoic",
	}
	var reqs []search.Request
	for _, q := range queries {
		reqs = append(reqs, search.Request{Query: q})
	}
	static := staticSearch(t, fx, reqs)
	for i, q := range queries {
		api, status, e := apiSearch(t, srv, reqs[i])
		js := static[i]
		if status != http.StatusOK || js.Error != "" {
			if (status == http.StatusOK) != (js.Error == "") {
				t.Errorf("%q: api %d %v, static error %q", q, status, e, js.Error)
			}
			continue
		}
		if a, b := first5(hitIDs(api, 5)), first5(hitIDs(js.Result, 5)); api.Total != js.Result.Total || !slices.Equal(a, b) {
			t.Errorf("%q: api %d %v, static %d %v", q, api.Total, a, js.Result.Total, b)
		}
	}
}

// TestStaticFormatRefused gives the client an index.json of another
// format: it refuses to search rather than misread the files.
func TestStaticFormatRefused(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(fx.static(), "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var si map[string]any
	if err := json.Unmarshal(data, &si); err != nil {
		t.Fatal(err)
	}
	for _, format := range []any{index.Format - 1, index.Format + 1, nil} {
		si["format"] = format
		data, err := json.Marshal(si)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		a := staticSearchIn(t, dir, []search.Request{{Query: "messagerie"}})[0]
		if want := fmt.Sprintf("this script reads format %d", index.Format); !strings.Contains(a.Failure, want) || a.Result != nil {
			t.Errorf("format %v: client answered %+v, want a failure saying %q", format, a, want)
		}
		if len(a.Fetched) != 1 {
			t.Errorf("format %v: client fetched %v, want index.json only", format, a.Fetched)
		}
	}
}

// TestStaticFacetFiles reads the facet files and labels.json of the
// bundled catalogue: every entry has its facet values in the columns, and
// every owner and programme value has the label the site's pages give it.
func TestStaticFacetFiles(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	si := readStaticIndex(t, fx)
	var labels map[string]map[string]string
	readJSON(t, filepath.Join(fx.static(), si.Version, "labels.json"), &labels)
	docs := index.Documents(fx.cat)
	for _, f := range si.Rules.Facets {
		var sf struct {
			Values []string        `json:"values"`
			Docs   json.RawMessage `json:"docs"`
		}
		readJSON(t, filepath.Join(fx.static(), si.Version, "facets", f+".json"), &sf)
		got := decodeColumn(t, sf.Docs, len(docs))
		for i, d := range docs {
			var have []string
			for _, n := range got[i] {
				have = append(have, sf.Values[n])
			}
			if want := d.Facet(f); !slices.Equal(have, want) {
				t.Errorf("facets/%s.json: %s has %v, want %v", f, d.ID, have, want)
			}
		}
		if f != index.FieldOwner && f != index.FieldProgramme {
			continue
		}
		for _, v := range sf.Values {
			if labels[f][v] == "" {
				t.Errorf("labels.json: %s %q has no label", f, v)
			}
		}
	}
	for f, want := range map[string][2]string{index.FieldOwner: {"dinum", "DINUM"}, index.FieldProgramme: {"2.1", "2.1 "}} {
		if got := labels[f][want[0]]; !strings.HasPrefix(got, want[1]) {
			t.Errorf("labels.json: %s %s is %q, want %q…", f, want[0], got, want[1])
		}
	}
}

// readStaticIndex reads the bundled catalogue's index.json.
func readStaticIndex(t testing.TB, fx *fixture) staticIndex {
	t.Helper()
	var si staticIndex
	readJSON(t, filepath.Join(fx.static(), "index.json"), &si)
	return si
}

func readJSON(t testing.TB, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// decodeColumn reads a facet column in any of its forms (see newColumn)
// as each entry's value numbers.
func decodeColumn(t testing.TB, raw json.RawMessage, n int) [][]int {
	t.Helper()
	one := func(v any) []int {
		switch v := v.(type) {
		case float64:
			return []int{int(v)}
		case []any:
			var out []int
			for _, x := range v {
				out = append(out, int(x.(float64)))
			}
			return out
		}
		t.Fatalf("column value %v", v)
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	out := make([][]int, n)
	switch v := v.(type) {
	case []any:
		if len(v) != n {
			t.Fatalf("column of %d values for %d entries", len(v), n)
		}
		for i, x := range v {
			out[i] = one(x)
		}
	case map[string]any:
		d := 0
		for k, g := range v["gaps"].([]any) {
			d += int(g.(float64))
			out[d] = one(v["values"].([]any)[k])
		}
	default:
		for i := range out {
			out[i] = one(v)
		}
	}
	return out
}

// TestSplitShard splits the terms of a shard into a dictionary and chunks
// of postings: every term with postings is in the chunk its dictionary
// entry names, the words as written in none, and no chunk outgrows the
// size unless it holds one term.
func TestSplitShard(t *testing.T) {
	t.Parallel()
	post := func(field, docs int) staticPosting {
		gaps := make([]int, docs)
		for i := range gaps {
			gaps[i] = 1
		}
		return staticPosting{field, gaps, 7}
	}
	terms := map[string][]staticPosting{
		"ma":        {post(0, 2), {5}},
		"mai":       {{5}}, // a word as written only
		"maison":    {post(0, 3), post(2, 1), {5}},
		"majeur":    {post(1, 400)}, // larger than a chunk
		"mal":       {post(0, 1)},
		"manifeste": {post(2, 30), post(3, 2)},
	}
	const size = 200
	dict, chunks := splitShard(terms, size)
	want := map[string][]any{
		"ma":        {0, 0, 2, 5, 0},
		"mai":       {-1, 5, 0},
		"maison":    {0, 0, 3, 2, 1, 5, 0},
		"majeur":    {1, 1, 400},
		"mal":       {2, 0, 1},
		"manifeste": {2, 2, 30, 3, 2},
	}
	if diff := cmp.Diff(want, dict); diff != "" {
		t.Errorf("dictionary (-want +got):\n%s", diff)
	}
	for k, c := range chunks {
		if n := jsonLen(c); n > size && len(c) > 1 {
			t.Errorf("chunk %d: %d bytes, %d terms", k, n, len(c))
		}
		for term, ps := range c {
			if dict[term][0] != k {
				t.Errorf("chunk %d holds %s, the dictionary says chunk %v", k, term, dict[term][0])
			}
			for _, p := range ps {
				if len(p) < 3 {
					t.Errorf("chunk %d: %s: posting %v without entries", k, term, p)
				}
			}
		}
	}
}

// FuzzPostingsLen compares the length of postings worked out with their
// length encoded.
func FuzzPostingsLen(f *testing.F) {
	f.Add([]byte{0, 3, 1, 2, 200, 5, 1}, true, false)
	f.Add([]byte{}, false, true)
	f.Fuzz(func(t *testing.T, data []byte, same, freqs bool) {
		var ps []staticPosting
		for len(data) > 0 {
			n := min(int(data[0])%5, len(data)-1)
			nums := make([]int, n)
			for i, b := range data[1 : 1+n] {
				nums[i] = int(b)*int(b)*int(b) - 1000 // negative, and up to seven digits
			}
			data = data[1+n:]
			p := staticPosting{len(ps), nums}
			if same || n == 0 {
				p = append(p, n*1000)
			} else {
				p = append(p, nums)
			}
			if freqs {
				p = append(p, nums)
			}
			ps = append(ps, p)
		}
		if got, want := postingsLen(ps), jsonLen(ps); got != want {
			t.Errorf("%v: length %d, encoded %d", ps, got, want)
		}
	})
}

// TestCheck compares the static files with the index they come
// from.
func TestCheck(t *testing.T) {
	t.Parallel()
	fx := small(t)
	if err := Check(fx.public, fx.ix.Manifest()); err != nil {
		t.Fatalf("same build: %v", err)
	}
	other := fx.ix.Manifest()
	other.Inputs = "sha256:0123456789abcdef"
	if err := Check(fx.public, other); err == nil || !strings.Contains(err.Error(), "different builds") {
		t.Errorf("other build: %v", err)
	}
	if err := Check(t.TempDir(), other); err == nil || !strings.Contains(err.Error(), "run catalogue build") {
		t.Errorf("no static files: %v", err)
	}
}

// TestBuilderFallback builds the bundled catalogue's index with Bleve's
// own builder (index.Options.Builder) and with the segment writer: the
// same answers, hits, snippets and facets, and the same static files.
// Scores may differ in their last bit: Bleve sums a disjunction's scores
// in the order its searchers meet the document, which the numbering
// changes. search/index's TestSegmentMatchesBuilder compares the two
// indexes themselves, term by term.
func TestBuilderFallback(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	reqs := []search.Request{
		{Query: "messagerie"}, {Query: "données de référence", Page: 2, Size: 5},
		{Query: "identité", Filters: map[string][]string{"kind": {"action"}}},
		{Query: "M075"}, {Query: "hébergment"}, {Query: "cloud"}, {Query: "interministériel"},
		{Query: "the data"}, {Query: "d'agents"}, {Query: "interminis"},
	}
	type built struct {
		static  map[string]string
		answers []*search.Result
	}
	build := func(opts index.Options) built {
		dir := t.TempDir()
		indexDir, public := filepath.Join(dir, "index"), filepath.Join(dir, "public")
		if err := os.MkdirAll(indexDir, 0o755); err != nil {
			t.Fatal(err)
		}
		docs := index.Documents(fx.cat)
		m, err := index.Build(context.Background(), docs, indexDir, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(context.Background(), fx.cat, docs, m, indexDir, public); err != nil {
			t.Fatal(err)
		}
		b := built{static: readTree(t, public)}
		ix, err := search.Open(indexDir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for _, r := range reqs {
			res, err := ix.Search(context.Background(), r)
			if err != nil {
				t.Fatalf("%q: %v", r.Query, err)
			}
			res.Took = 0
			b.answers = append(b.answers, res)
		}
		return b
	}
	want := build(index.Options{Builder: true})
	got := build(index.Options{})
	if diff := cmp.Diff(want.answers, got.answers, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("answers of the builder (-) and of the segment writer (+) differ:\n%s", diff)
	}
	if diff := cmp.Diff(want.static, got.static); diff != "" {
		t.Errorf("static files of the builder (-) and of the segment writer (+) differ:\n%s", diff)
	}
	if want.answers[0].Total == 0 {
		t.Errorf("no hit for %q: the comparison proves nothing", reqs[0].Query)
	}
}
