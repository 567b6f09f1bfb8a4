package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/search/index"
)

// TestUpdateMatchesFullBuild edits, adds and removes entries, updates in
// place, and requires the very tree a full build of the new content makes,
// while rewriting only part of the pages.
func TestUpdateMatchesFullBuild(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	b := NewBuilder(Options{Root: root})
	full, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(file))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s lacks %q", file, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		name    string
		changed []string
		do      func()
	}{
		{"retitle a mutualisation", []string{"content/mutualisations/M001.md"}, func() {
			edit("content/mutualisations/M001.md", `title = "Cloud interministériel"`, `title = "Cloud de l'État"`)
		}},
		{"retitle a programme", []string{"content/programmes/2.1.md"}, func() {
			// Home and search list the programmes.
			edit("content/programmes/2.1.md", `title = "FranceConnect-Plateforme"`, `title = "FranceConnect"`)
		}},
		{"move to another theme and owner", []string{"content/actions/2.1.1.md"}, func() {
			edit("content/actions/2.1.1.md", `themes = ["identite"]`, `themes = ["securite"]`)
			edit("content/actions/2.1.1.md", `owners = ["ministeres", "dinsic"]`, `owners = ["dinum"]`)
		}},
		{"add", []string{"content/mutualisations/M003.md"}, func() {
			data := "+++\nid = \"M003\"\ntitle = \"Échanges\"\nthemes = [\"identite\"]\n[[sources]]\ndocument = \"csic-2018\"\n+++\nVoir [[2.1]].\n"
			if err := os.WriteFile(filepath.Join(root, "content", "mutualisations", "M003.md"), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"retheme an entry of the second table page", []string{"content/mutualisations/M003.md"}, func() {
			// M003 is alone on page 2 of its table, and links to no entry
			// of page 1; page 1 counts the entries of each theme in its
			// filters.
			edit("content/mutualisations/M003.md", `themes = ["identite"]`, `themes = ["securite"]`)
		}},
		{"fix after a failed update", []string{"content/mutualisations/M002.md"}, func() {
			// 2.1.1 now cites M004, which does not exist: the update fails
			// and writes nothing. Then M002's edit comes, and 2.1.1's
			// own edit, made before, must not be forgotten.
			edit("content/actions/2.1.1.md", `mutualisations = ["M001", "M002"]`, `mutualisations = ["M001", "M004"]`)
			if _, err := b.Update(context.Background(), []string{"content/actions/2.1.1.md"}, nil); err == nil {
				t.Fatal("update with a dangling reference succeeded")
			}
			edit("content/actions/2.1.1.md", `mutualisations = ["M001", "M004"]`, `mutualisations = ["M002"]`)
			edit("content/mutualisations/M002.md", `title = "FranceConnect Identité Agent"`, `title = "FranceConnect Agent"`)
		}},
		{"remove", []string{"content/mutualisations/M003.md"}, func() {
			if err := os.Remove(filepath.Join(root, "content", "mutualisations", "M003.md")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.do()
			indexDir := filepath.Join(root, ".catalogue", "index")
			indexBefore, err := os.Stat(indexDir)
			if err != nil {
				t.Fatal(err)
			}
			if stale, _, err := index.CheckTree(indexDir, root); !stale || err != nil {
				t.Errorf("after the edit, before the update: stale %v, %v; want stale", stale, err)
			}
			var early *Result
			_, err = b.Update(context.Background(), step.changed, func(r *Result) { early = r })
			if err != nil {
				t.Fatal(err)
			}
			// The index records the content it now holds.
			if stale, why, err := index.CheckTree(indexDir, root); stale || err != nil {
				t.Errorf("after the update: stale %v (%s), %v; want fresh", stale, why, err)
			}
			if early == nil || early.Pages == 0 || early.Pages >= full.Pages {
				t.Errorf("pages rewritten before the reload: %+v (a full build writes %d)", early, full.Pages)
			}
			other := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), Options{Root: root, Public: other, Index: filepath.Join(t.TempDir(), "index")}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(hashTree(t, other), hashTree(t, filepath.Join(root, "public"))); diff != "" {
				t.Errorf("updated tree differs from a full build (-full +updated):\n%s", diff)
			}
			// The index is never written where it is: an edit updates a
			// copy, an entry added or removed rebuilds it, and either is
			// swapped over it, so that a reader holding the old one open
			// (serve's search API) keeps answering until it opens the new.
			indexAfter, err := os.Stat(indexDir)
			if err != nil {
				t.Fatal(err)
			}
			if os.SameFile(indexBefore, indexAfter) {
				t.Errorf("after %s the index folder is the same: written in place", step.name)
			}
			// Three mutualisations make two pages of their table (the
			// test site shows two rows a page).
			_, err = os.Stat(filepath.Join(root, "public", "mutualisations", "page", "2", "index.html"))
			if paged := !strings.HasPrefix(step.name, "retitle a") && step.name != "move to another theme and owner" && step.name != "remove"; paged != (err == nil) {
				t.Errorf("after %s, /mutualisations/page/2/ exists: %v, want %v", step.name, err == nil, paged)
			}
			// So do the facet values: the theme securite lists M001 and
			// e-invoicing, then 2.1.1 between them, which moves e-invoicing
			// to page 2, then M003 before 2.1.1, which moves it too.
			_, err = os.Stat(filepath.Join(root, "public", "themes", "securite", "page", "2", "index.html"))
			if paged := !strings.HasPrefix(step.name, "retitle a"); paged != (err == nil) {
				t.Errorf("after %s, /themes/securite/page/2/ exists: %v, want %v", step.name, err == nil, paged)
			}
		})
	}
}

// TestBuildRecordsTree builds a site and checks the record of its content
// beside the index: fresh after the build and after a rebuild of the same
// files, stale after an edit of site.toml until the next build.
func TestBuildRecordsTree(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	indexDir := filepath.Join(root, ".catalogue", "index")
	fresh := func(when string, want bool) {
		t.Helper()
		stale, why, err := index.CheckTree(indexDir, root)
		if err != nil || stale == want {
			t.Errorf("%s: stale %v (%s), %v; want fresh %v", when, stale, why, err, want)
		}
	}
	build(t, root)
	fresh("after the build", true)
	build(t, root)
	fresh("after a rebuild", true)
	site := filepath.Join(root, "site.toml")
	data, err := os.ReadFile(site)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(site, append(data, "\n# a comment\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh("after an edit of site.toml", false)
	build(t, root)
	fresh("after the next build", true)
}
