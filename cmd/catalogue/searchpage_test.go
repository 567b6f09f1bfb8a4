package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchPageWithoutJS asks serve for the search page as a browser
// without JavaScript does, submitting the form: the page comes filled
// with the results, the facets as links and links to the other pages, in
// the page's language, the query escaped; the built page, as a static
// host serves it, says the search needs JavaScript.
func TestSearchPageWithoutJS(t *testing.T) {
	dir := builtSite(t)
	built, err := os.ReadFile(filepath.Join(dir, "public", "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(built), "<noscript>") || !strings.Contains(string(built), `href="/mutualisations/"`) {
		t.Errorf("the built search page does not say, without JavaScript, that the search needs it and where the lists are")
	}
	srv := startServe(t, "-no-build", "-root", dir)
	page := func(query string) (*http.Response, string) {
		t.Helper()
		resp, body := do(t, "GET", srv.base+"/search/"+query, nil)
		for k, v := range securityHeaders {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("GET /search/%s: %s: %q, want %q", query, k, got, v)
			}
		}
		if strings.Contains(body, "<noscript>") {
			t.Errorf("GET /search/%s: the page says the search needs JavaScript, which serve does not", query)
		}
		return resp, body
	}
	has := func(query, body string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET /search/%s lacks %s", query, w)
			}
		}
	}
	lacks := func(query, body string, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(body, b) {
				t.Errorf("GET /search/%s has %s", query, b)
			}
		}
	}

	q := "?q=" + url.QueryEscape("franceconnect")
	resp, body := page(q)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /search/%s: %d", q, resp.StatusCode)
	}
	has(q, body,
		`<input id="search-q" value="franceconnect" `,
		`<ol id="search-results" class="search-results"><li><a href="/services/franceconnect/" lang="en">FranceConnect</a> <span class="search-meta">`,
		`<p class="search-snippet"`,
		`trouvées pour « franceconnect ».</div>`,
		// A facet value adds its filter; the kind facet has its labels.
		`<fieldset id="search-facets" class="search-facets" form="search-form">`,
		`<fieldset class="search-facet"><legend>Type d’entrée</legend><ul><li><a href="?q=franceconnect&amp;kind=`,
	)
	lacks(q, body, `form="search-form" hidden>`, `id="search-pages"`)

	// A filter followed: the hits keep to it, its link removes it, the
	// form keeps it for the next query.
	q = "?q=franceconnect&kind=mutualisation"
	_, body = page(q)
	has(q, body,
		`<a href="/mutualisations/m002/">FranceConnect Identité Agent</a>`,
		`<input type="hidden" name="kind" value="mutualisation"></form>`,
		`<a href="?q=franceconnect" aria-current="true">✓ `,
		`<details class="search-filters" open>`,
	)
	lacks(q, body, `href="/services/franceconnect/"`)
	if form, hidden := strings.Index(body, `<form id="search-form"`), strings.Index(body, `<input type="hidden" name="kind"`); hidden < form || strings.Contains(body[form:hidden], "</form>") {
		t.Errorf("GET /search/%s: the filter is not kept by the search form", q)
	}

	// Pages: links to the next and previous ones, keeping the size.
	q = "?q=franceconnect&size=1&page=2"
	_, body = page(q)
	has(q, body, `<nav id="search-pages" class="search-pages" aria-label="Pages de résultats"><p><a href="?q=franceconnect&amp;size=1" rel="prev">Page précédente</a> Page 2 sur `,
		`<a href="?q=franceconnect&amp;page=3&amp;size=1" rel="next">Page suivante</a>`)

	// The query is text, wherever it shows.
	q = "?q=" + url.QueryEscape(`"><script>alert(1)</script>`)
	_, body = page(q)
	has(q, body, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" `, `« &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; »`)
	lacks(q, body, `<script>alert(1)`)

	// No hit; no query; a refused query.
	q = "?q=xyzzy"
	_, body = page(q)
	has(q, body, `Aucune entrée ne correspond à « xyzzy ».</div>`, `<ol id="search-results" class="search-results"></ol>`)
	_, body = page("")
	has("", body, `<input id="search-q" value="" `, `aria-atomic="true"`, `<ol id="search-results" class="search-results"></ol>`)
	lacks("", body, `<fieldset class="search-facet">`)
	resp, body = page("?q=cloud&page=0")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET /search/?q=cloud&page=0: %d, want 400", resp.StatusCode)
	}
	has("?q=cloud&page=0", body, "Cette recherche ne peut pas aboutir")
	resp, body = page("?q=" + strings.Repeat("x", 201))
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "limitée à 200 caractères") {
		t.Errorf("GET /search/ with a long query: %d", resp.StatusCode)
	}
}
