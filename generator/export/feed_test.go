package export_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/content"
	"catalogue/generator/export"
)

// feedIDs returns the id of the feed at p and of its entries.
func feedIDs(t *testing.T, x exported, p string) []string {
	t.Helper()
	var feed struct {
		ID      string `xml:"id"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(x.read(t, p), &feed); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	ids := []string{feed.ID}
	for _, e := range feed.Entries {
		ids = append(ids, e.ID)
	}
	return ids
}

// siteWith returns the test site with its site.toml edited.
func siteWith(t *testing.T, old, new string) *content.Catalogue {
	t.Helper()
	fsys := siteFS(t, "site")
	toml := string(fsys["site.toml"].Data)
	if !strings.Contains(toml, old) {
		t.Fatalf("site.toml lacks %q", old)
	}
	fsys["site.toml"].Data = []byte(strings.Replace(toml, old, new, 1))
	return load(t, fsys, testDates)
}

// TestFeedIDsSurviveAMove builds the site at two addresses: the ids of the
// feeds and of their entries stay the same (RFC 4287 §4.2.6), tag: URIs
// under feed_authority.
func TestFeedIDsSurviveAMove(t *testing.T) {
	t.Parallel()
	here := exportSite(t, siteWith(t, `base_url = "https://example.org/catalogue/"`, `base_url = "https://example.org/catalogue/"`))
	there := exportSite(t, siteWith(t, `base_url = "https://example.org/catalogue/"`, `base_url = "https://data.example.net/"`))
	for _, p := range []string{"/feed.xml", export.FeedPath("mutualisations", ""), export.FeedPath("themes", "securite")} {
		a, b := feedIDs(t, here, p), feedIDs(t, there, p)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: ids change with the host (-here +there):\n%s", p, diff)
		}
		if len(a) < 2 {
			t.Errorf("%s has no entry", p)
		}
		for _, id := range a {
			if !strings.HasPrefix(id, "tag:example.org,2025:") {
				t.Errorf("%s: id %q is not a tag: URI under the feed authority", p, id)
			}
		}
	}
	// An entry has the same id in every feed that carries it.
	if got := feedIDs(t, here, export.FeedPath("mutualisations", ""))[1]; got != "tag:example.org,2025:mutualisation/M001" {
		t.Errorf("M001's id: %q", got)
	}
	// Without feed_authority, the ids are the pages' URLs.
	x := exportSite(t, siteWith(t, `feed_authority = "example.org,2025"`, ``))
	if got := feedIDs(t, x, "/feed.xml")[0]; got != "https://example.org/catalogue/" {
		t.Errorf("feed id without feed_authority: %q", got)
	}
}

// TestFeedEntries bounds the feeds by feed_entries.
func TestFeedEntries(t *testing.T) {
	t.Parallel()
	x := exportSite(t, siteWith(t, `feed_authority`, "feed_entries = 2\nfeed_authority"))
	for _, p := range []string{"/feed.xml", export.FeedPath("mutualisations", "")} {
		if got := len(feedIDs(t, x, p)) - 1; got != 2 {
			t.Errorf("%s has %d entries, want feed_entries = 2", p, got)
		}
	}
	if got := len(feedIDs(t, exportSite(t, load(t, siteFS(t, "site"), testDates)), "/feed.xml")) - 1; got != 5 {
		t.Errorf("feed.xml has %d entries, want the 5 dated (default 100)", got)
	}
}
