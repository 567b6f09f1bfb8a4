package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"catalogue/generator"
)

// TestLoadSearchStale opens the index in production mode: fresh after a
// build, then stale after an edit, said once on stderr and in /healthz,
// while the index is still served.
func TestLoadSearchStale(t *testing.T) {
	t.Parallel()
	root := siteDir(t)
	opts := generator.Options{Root: root, Public: filepath.Join(root, "public"), Index: indexDir(root)}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	// open opens the index as serve -no-build does, and returns what it
	// said and what /healthz says once the check is done.
	open := func() (*liveIndex, string, string) {
		t.Helper()
		var stderr syncBuffer
		s := &server{opts: opts, stderr: &stderr}
		l, err := s.loadSearch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		l.Stale() // the check is done
		s.search = l
		t.Cleanup(func() { l.Close() })
		rec := httptest.NewRecorder()
		s.healthz(rec, httptest.NewRequest("GET", "/healthz", nil))
		return l, stderr.String(), rec.Body.String()
	}
	if l, said, health := open(); l.Stale() != "" || said != "" || !strings.Contains(health, `"stale":false`) || strings.Contains(health, "stale_reason") {
		t.Errorf("fresh index: Stale %q, said %q, /healthz %s", l.Stale(), said, health)
	}
	m001 := filepath.Join(root, "content", "mutualisations", "M001.md")
	data, err := os.ReadFile(m001)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(m001, append(data, "\nEncore.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	l, said, health := open()
	want := "content/mutualisations/M001.md changed: run catalogue build"
	if !strings.Contains(health, `"stale":true`) || !strings.Contains(health, `"stale_reason":"search index `) {
		t.Errorf("/healthz of a stale index: %s", health)
	}
	if !strings.HasSuffix(l.Stale(), want) {
		t.Errorf("Stale = %q, want it to end with %q", l.Stale(), want)
	}
	if strings.Count(said, "is stale") != 1 || !strings.Contains(said, want+"; serving it meanwhile") {
		t.Errorf("said %q", said)
	}
}
