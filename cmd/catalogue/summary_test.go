package main

import (
	"testing"
	"time"

	"catalogue/generator"
	"catalogue/generator/content"
)

// TestSummarySize: the build's summary writes its size as the pages do, a
// decimal comma and French units in French.
func TestSummarySize(t *testing.T) {
	res := &generator.Result{Catalogue: &content.Catalogue{}, Pages: 2, Files: 5, Bytes: 8_300_000, Took: 1500 * time.Millisecond}
	for _, tc := range []struct{ lang, want string }{
		{"fr", "0 fiche construite : 2 pages, 5 fichiers (8,3\u00a0Mo) en 1.5s"},
		{"en", "built 0 entries: 2 pages, 5 files (8.3\u00a0MB) in 1.5s"},
	} {
		if got := summary(res, tc.lang); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, got, tc.want)
		}
	}
	res.Bytes = 45_300
	if got, want := summary(res, "fr"), "0 fiche construite : 2 pages, 5 fichiers (45,3\u00a0Ko) en 1.5s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// One of each: the singular in both languages.
	res.Catalogue.Entries, res.Pages, res.Files = make([]*content.Entry, 1), 1, 1
	for _, tc := range []struct{ lang, want string }{
		{"fr", "1 fiche construite : 1 page, 1 fichier (45,3\u00a0Ko) en 1.5s"},
		{"en", "built 1 entry: 1 page, 1 file (45.3\u00a0kB) in 1.5s"},
	} {
		if got := summary(res, tc.lang); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, got, tc.want)
		}
	}
}
