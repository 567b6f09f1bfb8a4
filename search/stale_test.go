package search

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"catalogue/search/index"
)

// TestStale changes the content after a build: the index is stale, and
// says so with what to do.
func TestStale(t *testing.T) {
	fx := small(t)
	if err := fx.ix.CheckFresh(fx.cat); err != nil {
		t.Fatalf("fresh index: %v", err)
	}
	for name, change := range map[string]func(fstest.MapFS){
		"title": func(s fstest.MapFS) {
			f := s["content/mutualisations/M010.md"]
			f.Data = []byte(strings.Replace(string(f.Data), "Signature / vérif Sign.", "Signature électronique", 1))
		},
		"removed entry": func(s fstest.MapFS) { delete(s, "content/services/tchap.md") },
		"theme label": func(s fstest.MapFS) {
			f := s["site.toml"]
			f.Data = []byte(strings.Replace(string(f.Data), `fr = "Sécurité"`, `fr = "Sécurité des SI"`, 1))
		},
	} {
		site := smallSite()
		change(site)
		cat, _ := loadSite(t, site)
		err := fx.ix.CheckFresh(cat)
		var se *index.StaleError
		if !errors.As(err, &se) {
			t.Errorf("%s changed: CheckFresh = %v, want a StaleError", name, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "is stale") || !strings.Contains(msg, "run catalogue build") {
			t.Errorf("%s changed: message %q", name, msg)
		}
	}
	// What the index does not hold does not make it stale.
	site := smallSite()
	f := site["content/mutualisations/M010.md"]
	f.Data = []byte(strings.Replace(string(f.Data), "[[sources]]\ndocument = \"csic-2018\"", "[[sources]]\ndocument = \"csic-2018\"\nsection = \"6.3\"", 1))
	cat, _ := loadSite(t, site)
	if err := fx.ix.CheckFresh(cat); err != nil {
		t.Errorf("a source section changed: %v", err)
	}
}
