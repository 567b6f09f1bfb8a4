package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"catalogue/generator"
)

// TestLoadSearchStale opens the index in production mode: fresh after a
// build, then stale after an edit, said once on stderr and kept for the
// health check, while the index is still served.
func TestLoadSearchStale(t *testing.T) {
	root := siteDir(t)
	opts := generator.Options{Root: root, Public: filepath.Join(root, "public"), Index: indexDir(root)}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	open := func() (*liveIndex, string) {
		t.Helper()
		var stderr syncBuffer
		s := &server{opts: opts, stderr: &stderr}
		srch, err := s.loadSearch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		l := srch.(*liveIndex)
		l.Stale() // the check is done
		t.Cleanup(func() { l.Close() })
		return l, stderr.String()
	}
	if l, said := open(); l.Stale() != "" || said != "" {
		t.Errorf("fresh index: Stale %q, said %q", l.Stale(), said)
	}
	m001 := filepath.Join(root, "content", "mutualisations", "M001.md")
	data, err := os.ReadFile(m001)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(m001, append(data, "\nEncore.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	l, said := open()
	want := "content/mutualisations/M001.md changed: run catalogue build"
	if !strings.HasSuffix(l.Stale(), want) {
		t.Errorf("Stale = %q, want it to end with %q", l.Stale(), want)
	}
	if strings.Count(said, "is stale") != 1 || !strings.Contains(said, want+"; serving it meanwhile") {
		t.Errorf("said %q", said)
	}
}
