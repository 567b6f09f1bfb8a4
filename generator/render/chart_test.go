package render

import (
	"context"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is deliberate, run go test -update:\n%s", file, diff)
	}
}

// TestChartSVG pins the bytes of a stacked chart: its geometry, its
// patterns and its text alternative.
func TestChartSVG(t *testing.T) {
	c := &Chart{ID: "chart-x", Caption: "Mutualisations <par> thème", Summary: "Barres empilées & valeurs",
		Series: []string{"Couverte et réalisée", "Couverte", "Réalisée", "Ni l'une ni l'autre"},
		Bars: []Bar{
			{Label: "Identité et authentification", Values: []float64{2, 3, 0, 10}},
			{Label: "Un thème au libellé beaucoup trop long pour la marge", Values: []float64{0, 0, 1, 4}},
			{Label: "Vide", Values: []float64{0, 0, 0, 0}},
		}}
	c.draw()
	again := *c
	again.draw()
	if again.SVG != c.SVG {
		t.Error("the same chart drawn twice differs")
	}
	golden(t, "chart.svg", string(c.SVG)+"\n")
	for _, want := range []string{`role="img"`, `aria-labelledby="chart-x-t chart-x-d"`, "&lt;par&gt;", "Barres empilées &amp; valeurs", "…"} {
		if !strings.Contains(string(c.SVG), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(string(c.SVG), "style=") {
		t.Error("SVG has a style attribute, which the portal's CSP forbids")
	}
}

// TestSeriesLooks checks that the series a chart may stack (five: four
// priorities and unknown) differ by pattern or outline, not by colour
// alone.
func TestSeriesLooks(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range seriesLook[:5] {
		key := l.pattern
		if key == "" {
			key = "solid"
			if l.fill == "#ffffff" {
				key = "outline"
			}
		}
		if seen[key] {
			t.Errorf("two series look %s", key)
		}
		seen[key] = true
	}
}

// TestNoChartWithoutData: a chart with nothing to show is left out.
func TestNoChartWithoutData(t *testing.T) {
	if c := (&Chart{ID: "x", Bars: []Bar{{Label: "a", Values: []float64{0}}}}).done(); c != nil {
		t.Error("an empty chart was drawn")
	}
}

// panelSite has a service linked to a programme three ways: related from
// each end and mentioned in the programme's body, as FranceConnect and
// ProConnect were.
var panelSite = map[string]string{
	"site.toml":                      "title = \"T\"\nbase_url = \"https://example.fr/\"\n[[themes]]\nid = \"a\"\nfr = \"A\"\n",
	"content/programmes/2.1.md":      "+++\nid = \"2.1\"\ntitle = \"P\"\ncategory = \"programme\"\nrelated = [\"svc\"]\n+++\nVoir [[svc]].\n",
	"content/actions/2.1.1.md":       "+++\nid = \"2.1.1\"\ntitle = \"A\"\nprogramme = \"2.1\"\nmutualisations = [\"M001\"]\n+++\n",
	"content/mutualisations/M001.md": "+++\nid = \"M001\"\ntitle = \"M\"\n+++\n",
	"content/mutualisations/M002.md": "+++\nid = \"M002\"\ntitle = \"Alone\"\n+++\n",
	"content/services/svc.md":        "+++\nid = \"svc\"\ntitle = \"S\"\nrealises = [\"M001\"]\nrelated = [\"2.1\"]\n+++\n",
}

func panelRenderer(t *testing.T) *Renderer {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range panelSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cat, diags := content.Load(context.Background(), fsys, content.Options{Markdown: md})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	r, err := New(os.DirFS("../../themes/default"), cat, md)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type panelLine struct {
	ID, Via string
	Rels    []string
}

func lines(items []PanelItem) []panelLine {
	var out []panelLine
	for _, it := range items {
		l := panelLine{ID: it.Entry.ID, Rels: it.Rels}
		if it.Via != nil {
			l.Via = it.Via.ID
		}
		out = append(out, l)
	}
	return out
}

func TestPanel(t *testing.T) {
	r := panelRenderer(t)
	type want struct{ up, down, other []panelLine }
	for _, tc := range []struct {
		id                  string
		want                want
		noAction, noService bool
		graph               bool
	}{
		// The service reaches the programme both through the chain and
		// directly: it is listed once, where it is linked.
		{id: "svc", want: want{
			up:    []panelLine{{ID: "M001", Rels: []string{"rel.realises.out"}}, {ID: "2.1.1", Via: "M001"}},
			other: []panelLine{{ID: "2.1", Rels: []string{"rel.related.out", "rel.mentions.in"}}},
		}, graph: true},
		{id: "2.1", want: want{
			down:  []panelLine{{ID: "2.1.1", Rels: []string{"rel.programme.in"}}, {ID: "M001", Via: "2.1.1"}},
			other: []panelLine{{ID: "svc", Rels: []string{"rel.related.out", "rel.mentions.out"}}},
		}, graph: true},
		{id: "M002", noAction: true, noService: true},
	} {
		t.Run(tc.id, func(t *testing.T) {
			p := r.panel(r.cat.Entry(tc.id))
			got := want{lines(p.Up), lines(p.Down), lines(p.Other)}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("panel (-want +got):\n%s", diff)
			}
			if p.NoAction != tc.noAction || p.NoService != tc.noService {
				t.Errorf("empty states %v %v, want %v %v", p.NoAction, p.NoService, tc.noAction, tc.noService)
			}
			if (p.Graph != "") != tc.graph {
				t.Errorf("graph %q, want one: %v", p.Graph, tc.graph)
			}
			var ids []string
			for _, it := range slices.Concat(p.Up, p.Down, p.Other) {
				ids = append(ids, it.Entry.ID)
			}
			if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
				t.Errorf("an entry is listed twice: %v", ids)
			}
		})
	}
}

// TestPanelGolden pins the relation panel of a service as the entry page
// shows it.
func TestPanelGolden(t *testing.T) {
	r := panelRenderer(t)
	e := r.cat.Entry("svc")
	var b strings.Builder
	if err := r.execute(&b, Page{Path: e.URL(), Template: "entry", Title: e.Title, Entry: e}, nil); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	start, end := strings.Index(page, `<section class="panel"`), strings.Index(page, "</section>")
	if start < 0 || end < start {
		t.Fatalf("no panel in\n%s", page)
	}
	golden(t, "panel.html", page[start:end+len("</section>")]+"\n")
}

// TestShorten checks shorten against cutting the string's runes.
func TestShorten(t *testing.T) {
	for _, s := range []string{"", "abc", "ééééé", "abcdef", "a€b€c€d"} {
		for n := 1; n < 8; n++ {
			want := s
			if rs := []rune(s); len(rs) > n {
				want = string(rs[:n-1]) + "…"
			}
			if got := shorten(s, n); got != want {
				t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

// FuzzGraphTitle checks what graph relies on to write a node's title in
// parts: that escaping texts one by one escapes them as their
// concatenation.
func FuzzGraphTitle(f *testing.F) {
	f.Add("M001", `L'État & "co" <b>`, "action")
	f.Add("\x00", "\xff<", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		esc := template.HTMLEscapeString
		if whole, parts := esc(a+" "+b+" — "+c), esc(a)+" "+esc(b)+" — "+esc(c); whole != parts {
			t.Errorf("escaped whole %q, in parts %q", whole, parts)
		}
	})
}
