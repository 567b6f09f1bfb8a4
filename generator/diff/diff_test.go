package diff

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"catalogue/generator/content"
)

const site = "title = \"Test\"\nbase_url = \"https://example.org/\"\n"

func entry(id, front string) string {
	return fmt.Sprintf("+++\nid = %q\n%s\n[[sources]]\ndocument = \"s\"\n+++\nText.\n", id, front)
}

// load checks a site made of site.toml, a source and the given entries,
// by file name under content/mutualisations/.
func load(t *testing.T, label string, files map[string]string) Side {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":              {Data: []byte(site)},
		"content/sources/s.md":   {Data: []byte("+++\nid = \"s\"\ntitle = \"Source\"\n+++\n")},
		"content/redirects.toml": {Data: []byte(files["redirects"])},
	}
	for name, data := range files {
		if name != "redirects" {
			fsys["content/mutualisations/"+name+".md"] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	cat, diags := content.Load(context.Background(), fsys, content.Options{})
	return Side{Label: label, Catalogue: cat, Diagnostics: diags}
}

func TestCompare(t *testing.T) {
	base := map[string]string{
		"M001": entry("M001", `title = "Un"`),
		"M002": entry("M002", "title = \"Deux\"\nrelated = [\"M001\"]"),
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			if v == "" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name  string
		after map[string]string
		want  string // the text report, without its first line
	}{
		{"nothing", base, "No change for readers.\n"},
		{"added", with(map[string]string{"M003": entry("M003", "title = \"Trois\"\nrelated = [\"M002\"]")}), `
Added (1):
  + mutualisation M003 "Trois" (/mutualisations/m003/)

Changed (2):
  mutualisation M002 "Deux" (/mutualisations/m002/)
    + related from M003 (shown on this page)
  source s "Source" (/sources/s/)
    + sources from M003 (shown on this page)
`},
		{"edited", with(map[string]string{"M001": entry("M001", "title = \"Un bis\"\nstatus = \"planned\"")}), `
Changed (1):
  mutualisation M001 "Un bis" (/mutualisations/m001/)
    title: "Un" → "Un bis"
    status: (none) → "planned"
`},
		{"renamed", with(map[string]string{"M002": "", "M004": entry("M004", "title = \"Deux\"\nrelated = [\"M001\"]"),
			"redirects": "[[redirects]]\nfrom = \"M002\"\nkind = \"mutualisation\"\nto = \"M004\"\ndate = 2026-12-01\nreason = \"Renuméroté.\"\n"}), `
Renamed (1):
  mutualisation M002 → M004 "Deux": Renuméroté.
`},
		{"removed", with(map[string]string{"M002": ""}), `
Removed (1):
  - mutualisation M002 "Deux" (/mutualisations/m002/)

Changed (2):
  mutualisation M001 "Un" (/mutualisations/m001/)
    - related from M002 (shown on this page)
  source s "Source" (/sources/s/)
    - sources from M002 (shown on this page)
`},
		{"broken, lines moved", with(map[string]string{"M002": entry("M002", "title = \"Deux\"\n\n\nrelated = [\"M009\"]")}), `
Changed (2):
  mutualisation M001 "Un" (/mutualisations/m001/)
    - related from M002 (shown on this page)
  mutualisation M002 "Deux" (/mutualisations/m002/)
    related: "M001" → "M009"
    - related M001

Problems introduced (1):
  content/mutualisations/M002.md: error: related[0]: no entry "M009"; did you mean "M001"?
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(load(t, "a", base), load(t, "b", tt.after))
			var b strings.Builder
			if err := d.WriteText(&b, "en"); err != nil {
				t.Fatal(err)
			}
			got := strings.SplitN(b.String(), "\n", 2)[1]
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// A problem that only moved to another line is neither introduced nor
// fixed; a second identical one is introduced.
func TestProblemsIgnoreLines(t *testing.T) {
	diag := func(line int) content.Diagnostic {
		return content.Diagnostic{Pos: content.Pos{File: "content/a.md", Line: line}, Field: "title", Msg: "empty"}
	}
	d := Compare(Side{Diagnostics: content.Diagnostics{diag(3)}}, Side{Diagnostics: content.Diagnostics{diag(7), diag(9)}})
	if len(d.Fixed) != 0 || len(d.Introduced) != 1 {
		t.Errorf("fixed %v, introduced %v; want none fixed, one introduced", d.Fixed, d.Introduced)
	}
}

// Long sections are folded in <details>; content text cannot open a tag.
func TestMarkdown(t *testing.T) {
	d := &Diff{From: "main", To: "HEAD"}
	for i := range longSection + 1 {
		d.Added = append(d.Added, Entry{Kind: content.KindMutualisation, ID: fmt.Sprintf("M%03d", i), Title: "<script>x</script> *a*", URL: "/m/"})
	}
	var b strings.Builder
	if err := d.WriteMarkdown(&b, "en"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"<details><summary>Added (11)</summary>", "</details>", "&lt;script&gt;x&lt;/script&gt; \\*a\\*"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<script>") {
		t.Errorf("markdown holds a raw tag:\n%s", out)
	}
	d.Added = d.Added[:1]
	b.Reset()
	d.WriteMarkdown(&b, "en")
	if strings.Contains(b.String(), "<details>") || !strings.Contains(b.String(), "#### Added (1)") {
		t.Errorf("a short section is folded:\n%s", b.String())
	}
}
