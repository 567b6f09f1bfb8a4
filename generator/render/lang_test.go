package render

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// twoLanguages returns the renderer of the repository's catalogue with
// French and English interfaces, French first.
func twoLanguages(t *testing.T) *Renderer {
	t.Helper()
	cat := *loadCatalogue(t)
	site := *cat.Site
	site.Language, site.Languages = "fr", []string{"fr", "en"}
	site.Translations.EN.Title = "Catalogue in English"
	cat.Site = &site
	r, err := New(os.DirFS("../../themes/default"), &cat, md)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSharedBodies checks that an entry's body taken from another language,
// its links to entries rewritten, is the body rendered in that language.
func TestSharedBodies(t *testing.T) {
	r := twoLanguages(t)
	en := r.langs[1]
	rewritten := 0
	for _, e := range r.cat.Entries {
		var links []bodyLink
		fr, err := r.body(e, &links)
		if err != nil {
			t.Fatal(err)
		}
		want, err := en.body(e, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := (&sharedBody{html: fr, links: links}).in(en)
		if !ok {
			t.Errorf("%s: body not shared", e.ID)
			continue
		}
		if got != want {
			t.Errorf("%s: shared body\n%s\nrendered in English:\n%s", e.ID, got, want)
		}
		if len(links) > 0 {
			rewritten++
		}
	}
	if rewritten == 0 {
		t.Error("no body links to an entry: the test shows nothing")
	}
}

// TestAlternates renders pages in both languages and checks their
// hreflang links, their language switcher and where their links lead.
func TestAlternates(t *testing.T) {
	r := twoLanguages(t)
	en := r.langs[1]
	e := r.cat.Entry("M001")
	for _, tt := range []struct {
		r           *Renderer
		p           Page
		lang, swtch string
		links       []string
	}{
		{r, Page{Path: e.URL(), Template: "entry", Title: e.Title, Entry: e}, "fr",
			`<li><a href="/en/mutualisations/m001/" hreflang="en" lang="en">English</a></li>`,
			[]string{`<a href="/mutualisations/">`, `href="/css/site.css"`}},
		{en, Page{Path: e.URL(), Template: "entry", Title: e.Title, Entry: e}, "en",
			`<li><a href="/mutualisations/m001/" hreflang="fr" lang="fr">Français</a></li>`,
			[]string{`<a href="/en/mutualisations/">`, `href="/css/site.css"`, `href="/api/v1/mutualisations/M001.json"`, `<title>Cloud interministériel — Catalogue in English</title>`}},
		{en, Page{Path: "/search/", Template: "search", Title: "Search", Facets: en.facets}, "en",
			`<li><a href="/search/" hreflang="fr" lang="fr">Français</a></li>`,
			[]string{`action="/en/search/"`, `data-base="/" data-pages="/en/"`}},
	} {
		var b bytes.Buffer
		if err := tt.r.execute(&b, tt.p, nil); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		want := []string{
			`<html lang="` + tt.lang + `">`,
			`<link rel="alternate" hreflang="fr" href="https://catalogue.numerique.gouv.example` + tt.p.Path + `">`,
			`<link rel="alternate" hreflang="en" href="https://catalogue.numerique.gouv.example/en` + tt.p.Path + `">`,
			`<link rel="alternate" hreflang="x-default" href="https://catalogue.numerique.gouv.example` + tt.p.Path + `">`,
			`<link rel="canonical" href="https://catalogue.numerique.gouv.example` + tt.r.prefix + tt.p.Path + `">`,
			tt.swtch,
		}
		for _, w := range append(want, tt.links...) {
			if !strings.Contains(html, w) {
				t.Errorf("%s page %s lacks %s", tt.lang, tt.p.Path, w)
			}
		}
		// Every link to a page of the site stays in the page's language,
		// but the switcher's and the alternates'.
		for _, m := range regexp.MustCompile(`<a href="(/[^"]*/)"( hreflang)?`).FindAllStringSubmatch(html, -1) {
			if m[2] == "" && strings.HasPrefix(m[1], "/en/") != (tt.lang == "en") {
				t.Errorf("%s page %s links to %s", tt.lang, tt.p.Path, m[1])
			}
		}
	}
}

// TestOneLanguage checks that a site in one language has no alternates nor
// switcher, as before it could have two.
func TestOneLanguage(t *testing.T) {
	cat := firstLanguage(loadCatalogue(t))
	r, err := New(os.DirFS("../../themes/default"), cat, md)
	if err != nil {
		t.Fatal(err)
	}
	e := cat.Entry("M001")
	var b bytes.Buffer
	if err := r.execute(&b, Page{Path: e.URL(), Template: "entry", Title: e.Title, Entry: e}, nil); err != nil {
		t.Fatal(err)
	}
	for _, no := range []string{"hreflang", "lang-switch", "/en/"} {
		if strings.Contains(b.String(), no) {
			t.Errorf("a one-language page holds %q", no)
		}
	}
}
