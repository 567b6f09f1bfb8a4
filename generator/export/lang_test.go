package export_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/export"
)

// TestTwoLanguages exports a site whose interface is in French and English:
// one set of files, with the sitemap listing both languages' pages as
// alternates of each other and the vocabularies' labels in both languages.
func TestTwoLanguages(t *testing.T) {
	fsys := siteFS(t, "site")
	site := fsys["site.toml"]
	site.Data = append([]byte("languages = [\"fr\", \"en\"]\n"), site.Data...)
	site.Data = append(site.Data, "\n[translations.en]\ntitle = \"Test catalogue\"\n"...)
	cat := load(t, fsys, testDates)
	// The pages render lists: the entries' pages, in each language.
	pages := []string{"/themes/identite/", "/en/themes/identite/", "/en/"}
	for _, e := range cat.Entries {
		pages = append(pages, "/en"+e.URL())
	}
	dir := t.TempDir()
	files, err := export.Write(context.Background(), cat, dir, pages)
	if err != nil {
		t.Fatal(err)
	}
	x := exported{dir: dir, files: files, cat: cat}

	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
			Links   []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(x.read(t, "/sitemap.xml"), &sm); err != nil {
		t.Fatal(err)
	}
	e := cat.Entries[0]
	fr, en := cat.Site.AbsURL(e.URL()), cat.Site.AbsURL("/en"+e.URL())
	found := 0
	for _, u := range sm.URLs {
		if u.Loc != fr && u.Loc != en {
			continue
		}
		found++
		if u.LastMod == "" {
			t.Errorf("%s has no lastmod", u.Loc)
		}
		var got []string
		for _, l := range u.Links {
			got = append(got, l.Rel+" "+l.Hreflang+" "+l.Href)
		}
		if diff := cmp.Diff([]string{"alternate fr " + fr, "alternate en " + en}, got); diff != "" {
			t.Errorf("%s: alternates (-want +got):\n%s", u.Loc, diff)
		}
	}
	if found != 2 {
		t.Errorf("sitemap lists %d of %s and %s", found, fr, en)
	}

	var cov struct {
		Themes []map[string]any `json:"themes"`
	}
	if err := json.Unmarshal(x.read(t, "/api/v1/coverage.json"), &cov); err != nil {
		t.Fatal(err)
	}
	if len(cov.Themes) == 0 || cov.Themes[0]["label"] != "Identité" || cov.Themes[0]["label_en"] != "Identity" {
		t.Errorf("coverage.json themes: %v", cov.Themes)
	}
	s := compileSchemas(t, x)
	if err := s.validate(cat.Site.AbsURL("/api/v1/schemas/coverage.schema.json"), x.read(t, "/api/v1/coverage.json")); err != nil {
		t.Errorf("coverage.json: %v", err)
	}
	var dcat struct {
		Title []map[string]string `json:"dct:title"`
	}
	if err := json.Unmarshal(x.read(t, "/api/v1/catalog.jsonld"), &dcat); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{{"@value": "Catalogue de test", "@language": "fr"}, {"@value": "Test catalogue", "@language": "en"}}
	if diff := cmp.Diff(want, dcat.Title); diff != "" {
		t.Errorf("catalog.jsonld dct:title (-want +got):\n%s", diff)
	}
	if slices.ContainsFunc(files, func(f export.File) bool { return strings.HasPrefix(f.Path, "/en/") }) {
		t.Error("the open data has files under /en/")
	}
}
