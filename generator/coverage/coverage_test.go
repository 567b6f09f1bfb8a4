package coverage_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/content"
	"catalogue/generator/coverage"
)

// site has a mutualisation in each state, a service that is not running
// and a theme no mutualisation has.
var site = map[string]string{
	"site.toml": `title = "T"
base_url = "https://example.fr/"
[[themes]]
id = "a"
fr = "A"
[[themes]]
id = "b"
fr = "B"
[[themes]]
id = "unused"
fr = "U"
`,
	"content/sources/s.md":           "+++\nid = \"s\"\ntitle = \"S\"\n+++\n",
	"content/mutualisations/M001.md": "+++\nid = \"M001\"\ntitle = \"Both\"\nthemes = [\"a\"]\n+++\n",
	"content/mutualisations/M002.md": "+++\nid = \"M002\"\ntitle = \"Action\"\nthemes = [\"a\", \"b\"]\n+++\n",
	"content/mutualisations/M003.md": "+++\nid = \"M003\"\ntitle = \"Service\"\nthemes = [\"b\"]\n+++\n",
	"content/mutualisations/M004.md": "+++\nid = \"M004\"\ntitle = \"None, realised by a retired service\"\nthemes = [\"b\"]\n+++\n",
	"content/mutualisations/M005.md": "+++\nid = \"M005\"\ntitle = \"None, no theme\"\n+++\n",
	"content/actions/1.1.md":         "+++\nid = \"1.1\"\ntitle = \"A\"\nmutualisations = [\"M001\", \"M002\"]\n+++\n",
	"content/actions/1.2.md":         "+++\nid = \"1.2\"\ntitle = \"B\"\nmutualisations = [\"M002\"]\n+++\n",
	"content/services/up.md":         "+++\nid = \"up\"\ntitle = \"Up\"\nrealises = [\"M001\", \"M003\"]\n+++\n",
	"content/services/run.md":        "+++\nid = \"run\"\ntitle = \"Run\"\nstatus = \"operational\"\nrealises = [\"M003\"]\n+++\n",
	"content/services/old.md":        "+++\nid = \"old\"\ntitle = \"Old\"\nstatus = \"retired\"\nrealises = [\"M004\"]\n+++\n",
}

func load(t *testing.T, files map[string]string) *content.Catalogue {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cat, diags := content.Load(context.Background(), fsys, content.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return cat
}

func ids(es []*content.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestOf(t *testing.T) {
	t.Parallel()
	rep := coverage.Of(load(t, site))
	type row struct {
		ID       string
		Actions  []string
		Services []string
		State    coverage.State
		Flags    []string
	}
	var got []row
	for _, r := range rep.Rows {
		got = append(got, row{r.Mutualisation.ID, ids(r.Actions), ids(r.Services), r.State(), r.Flags()})
	}
	want := []row{
		{"M001", []string{"1.1"}, []string{"up"}, coverage.Both, []string{"action", "service"}},
		{"M002", []string{"1.1", "1.2"}, nil, coverage.Action, []string{"action"}},
		{"M003", nil, []string{"run", "up"}, coverage.Service, []string{"service"}},
		{"M004", nil, nil, coverage.None, []string{"none"}},
		{"M005", nil, nil, coverage.None, []string{"none"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(coverage.Counts{Total: 5, Covered: 2, Realised: 2, Both: 1, Neither: 2}, rep.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	var themes []string
	var counts []coverage.Counts
	for _, tc := range rep.Themes {
		themes = append(themes, tc.Theme.ID)
		counts = append(counts, tc.Counts)
	}
	if diff := cmp.Diff([]string{"a", "b"}, themes); diff != "" {
		t.Errorf("themes (-want +got):\n%s", diff)
	}
	wantCounts := []coverage.Counts{
		{Total: 2, Covered: 2, Realised: 1, Both: 1, Neither: 0},
		{Total: 3, Covered: 1, Realised: 1, Both: 0, Neither: 1},
	}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("theme counts (-want +got):\n%s", diff)
	}
	for _, s := range coverage.States() {
		n := 0
		for _, r := range rep.Rows {
			if r.State() == s {
				n++
			}
		}
		if rep.Counts.Of(s) != n {
			t.Errorf("Counts.Of(%s) = %d, want %d", s, rep.Counts.Of(s), n)
		}
	}
	if r, ok := rep.Row("M003"); !ok || r.Mutualisation.ID != "M003" {
		t.Errorf("Row(M003) = %v, %v", r, ok)
	}
	if _, ok := rep.Row("1.1"); ok {
		t.Error("Row(1.1) found an action")
	}
}
