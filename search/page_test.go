package search

import (
	"strings"
	"testing"
)

// TestPageLanguage checks that the hits of a page in a second language
// link to that language's pages, and speak its words.
func TestPageLanguage(t *testing.T) {
	shell := `<html lang="en"><form id="search-form" class="search-page-form" role="search" action="/en/search/" method="get" data-base="/" data-pages="/en/">` +
		`<input id="search-q" type="search" name="q"></form><noscript><p>needs JavaScript</p></noscript>` +
		`<details class="search-filters"><fieldset id="search-facets" class="search-facets" form="search-form" hidden><legend>Refine</legend></fieldset></details>` +
		`<div id="search-status" data-msg-one="1 entry found for “{q}”."></div>` +
		`<ol id="search-results" class="search-results"></ol><p class="search-more-row"></p></html>`
	p, err := ParsePage([]byte(shell))
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{Total: 1, Full: 1, Page: 1, Pages: 1, Size: 10, Hits: []Hit{{ID: "M001", Kind: "mutualisation", Title: "Cloud", URL: "/mutualisations/m001/", Lang: "fr"}}}
	out := string(p.Render(Request{Query: "cloud"}, res, nil))
	for _, want := range []string{`<a href="/en/mutualisations/m001/" lang="fr">Cloud</a>`, `1 entry found for “cloud”.</div>`, `value="cloud"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<noscript>") {
		t.Errorf("the page still says the search needs JavaScript")
	}
}
