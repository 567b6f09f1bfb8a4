package content

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSiteHistoryKeys(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{SiteFile: {Data: []byte(`title = "T"
base_url = "https://example.org/"
commit_url = "https://git.example.org/c/-/commit/"
history_url = "git.example.org/{path}"
feed_authority = "https://example.org/"
feed_entries = -1
`)}}
	_, diags := LoadSite(fsys)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		`site.toml:3:14: error: commit_url: "https://git.example.org/c/-/commit/" has no {hash} to replace`,
		`site.toml:4:15: error: history_url: "git.example.org/{path}" is not an absolute http(s) URL; expected e.g. "https://www.example.gouv.fr/"`,
		`site.toml:5:18: error: feed_authority: "https://example.org/" is not a tagging authority (RFC 4151); expected a domain or e-mail address, a comma and a date it was held, e.g. "numerique.gouv.fr,2026"`,
		`site.toml:6:16: error: feed_entries: -1 is not a number of entries; expected a positive integer`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestSiteLinks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		site                 Site
		commit, history, tag string
	}{
		{Site{BaseURL: "https://a.example/", EditURL: "https://gitlab.example/g/c/-/edit/main/{path}"},
			"https://gitlab.example/g/c/-/commit/abc", "https://gitlab.example/g/c/-/commits/main/content/actions/2.1.md", "https://a.example/actions/2.1/"},
		{Site{BaseURL: "https://a.example/", EditURL: "https://github.com/o/r/edit/main/{path}", FeedAuthority: "example.org,2026"},
			"https://github.com/o/r/commit/abc", "https://github.com/o/r/commits/main/content/actions/2.1.md", "tag:example.org,2026:action/2.1"},
		{Site{BaseURL: "https://a.example/", CommitURL: "https://f.example/c/{hash}", HistoryURL: "https://f.example/h?path={path}"},
			"https://f.example/c/abc", "https://f.example/h?path=content/actions/2.1.md", "https://a.example/actions/2.1/"},
		{Site{BaseURL: "https://a.example/"}, "", "", "https://a.example/actions/2.1/"},
	} {
		if got := tc.site.CommitLink("abc"); got != tc.commit {
			t.Errorf("%+v: commit link %q, want %q", tc.site, got, tc.commit)
		}
		if got := tc.site.HistoryLink("content/actions/2.1.md"); got != tc.history {
			t.Errorf("%+v: history link %q, want %q", tc.site, got, tc.history)
		}
		if got := tc.site.TagURI("action/2.1", "/actions/2.1/"); got != tc.tag {
			t.Errorf("%+v: tag %q, want %q", tc.site, got, tc.tag)
		}
	}
}

func TestChangedFields(t *testing.T) {
	t.Parallel()
	const base = "+++\nid = \"M001\"\ntitle = \"Cloud\"\nthemes = [\"a\", \"b\"]\n[[sources]]\ndocument = \"csic\"\n+++\nUn besoin.\n"
	for _, tc := range []struct {
		name, new string
		want      []string
	}{
		{"same", base, nil},
		{"reformatted", "+++\nid=\"M001\"\n\ntitle   = 'Cloud'\nthemes = [ \"a\",\n \"b\" ]\n[[sources]]\ndocument = \"csic\"\n+++\nUn besoin.\n", nil},
		{"title and body", "+++\nid = \"M001\"\ntitle = \"Cloud de l'État\"\nthemes = [\"a\", \"b\"]\n[[sources]]\ndocument = \"csic\"\n+++\nUn autre besoin.\n", []string{"title", "body"}},
		{"a list item", "+++\nid = \"M001\"\ntitle = \"Cloud\"\nthemes = [\"a\"]\n[[sources]]\ndocument = \"csic\"\nsection = \"6.3\"\n+++\nUn besoin.\n", []string{"themes", "sources"}},
		{"a key added and one removed", "+++\nid = \"M001\"\ntitle = \"Cloud\"\nsummary = \"S\"\n[[sources]]\ndocument = \"csic\"\n+++\nUn besoin.\n", []string{"summary", "themes"}},
		{"broken front matter", "+++\nid = \n+++\nUn besoin.\n", []string{"id", "title", "themes", "sources"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, ChangedFields([]byte(base), []byte(tc.new))); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

// TestChangesMergeRedirects gives a removal the history shows the reason of
// its redirect, and adds the redirects it does not show.
func TestChangesMergeRedirects(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 2, d, 0, 0, 0, 0, time.UTC) }
	m := KindMutualisation
	c := &Catalogue{
		History: NewHistory([]Change{
			{Date: day(5), Commit: "c2", Type: Removed, Kind: m, ID: "M003", File: "content/mutualisations/M003.md"},
			{Date: day(1), Commit: "c1", Type: Added, Kind: m, ID: "M003", File: "content/mutualisations/M003.md"},
		}),
		Redirects: []Redirect{
			{From: "M003", Kind: m, To: "M001", Date: day(4), Reason: "Doublon"},
			{From: "M009", Kind: m, Date: day(3), Reason: "Hors périmètre"},
		},
	}
	want := []Change{
		{Date: day(5), Commit: "c2", Type: Renamed, Kind: m, ID: "M001", OldID: "M003", File: "content/mutualisations/M003.md", Reason: "Doublon"},
		{Date: day(3), Type: Removed, Kind: m, ID: "M009", Reason: "Hors périmètre"},
		{Date: day(1), Commit: "c1", Type: Added, Kind: m, ID: "M003", File: "content/mutualisations/M003.md"},
	}
	if diff := cmp.Diff(want, c.changes()); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}
