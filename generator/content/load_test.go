package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// siteFS builds a site from a txtar archive, adding a minimal site.toml and
// the source entry most tests cite when the archive has none.
func siteFS(t testing.TB, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	if _, ok := fsys[SiteFile]; !ok {
		fsys[SiteFile] = &fstest.MapFile{Data: []byte(testSite)}
	}
	if _, ok := fsys["content/sources/csic-2018.md"]; !ok {
		fsys["content/sources/csic-2018.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"csic-2018\"\ntitle = \"Lignes stratégiques\"\n+++\n")}
	}
	return fsys
}

const testSite = `title = "Test"
base_url = "https://example.org/"

[[themes]]
id = "identite"
fr = "Identité"
en = "Identity"

[[themes]]
id = "securite"
fr = "Sécurité"

[[owners]]
id = "dinsic"
label = "DINSIC"
country = "FR"

[[owners]]
id = "ministeres"
label = "Ministères"
country = "FR"

[[owners]]
id = "mi"
label = "MI"
fr = "Ministère de l'Intérieur"
en = "Ministry of the Interior"
country = "FR"
aliases = ["Intérieur"]
`

func load(t testing.TB, archive string) (*Catalogue, []string) {
	t.Helper()
	cat, diags := Load(context.Background(), siteFS(t, archive), Options{})
	var lines []string
	for _, d := range diags {
		lines = append(lines, d.Error())
	}
	return cat, lines
}

func TestLoadValid(t *testing.T) {
	t.Parallel()
	cat, diags := load(t, `
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "Cloud interministériel"
status = "identified"
themes = ["identite"]

[[sources]]
document = "csic-2018"
section = "6.3"
+++
Offre IaaS/PaaS. A fusionner avec M002 ?
-- content/mutualisations/M002.md --
+++
id = "M002"
title = "FranceConnect Identité Agent"
[[sources]]
document = "csic-2018"
+++
Etendre FranceConnect.
-- content/programmes/2.1.md --
+++
id = "2.1"
title = "FranceConnect-Plateforme"
category = "programme"
[[sources]]
document = "csic-2018"
+++
-- content/actions/2.1.10.md --
+++
id = "2.1.10"
title = "Dixième"
programme = "2.1"
[[sources]]
document = "csic-2018"
+++
-- content/actions/2.1.2.md --
+++
id = "2.1.2"
title = "Construire les services"
programme = "2.1"
portage = "Ministères avec pilotage DINSIC"
owners = ["ministeres", "dinsic"]
priority = "must"
mutualisations = ["M002", "M001"]
[[sources]]
document = "csic-2018"
section = "2.1"
+++
Voir [[2.1]].
`)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	var ids []string
	for _, e := range cat.Entries {
		ids = append(ids, e.ID)
	}
	if diff := cmp.Diff([]string{"M001", "M002", "2.1.2", "2.1.10", "2.1", "csic-2018"}, ids); diff != "" {
		t.Errorf("entry order (-want +got):\n%s", diff)
	}
	a := cat.Entry("2.1.2")
	if a.Action.Priority != "must" || a.Lang != "fr" || a.BodyLine != 13 {
		t.Errorf("2.1.2 decoded as %+v, lang %q, body line %d", a.Action, a.Lang, a.BodyLine)
	}
	got := map[Rel][]string{}
	for _, l := range a.Links {
		got[l.Rel] = append(got[l.Rel], l.Entry.ID)
	}
	want := map[Rel][]string{
		RelProgramme:      {"2.1"},
		RelMutualisations: {"M001", "M002"},
		RelMentions:       {"2.1"},
		RelSources:        {"csic-2018"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links of 2.1.2 (-want +got):\n%s", diff)
	}
	back := func(id string, rel Rel) []string {
		var out []string
		for _, e := range cat.Entry(id).BacklinksOf(rel) {
			out = append(out, e.ID)
		}
		return out
	}
	if diff := cmp.Diff([]string{"2.1.2"}, back("M001", RelMutualisations)); diff != "" {
		t.Errorf("backlinks of M001: %s", diff)
	}
	if diff := cmp.Diff([]string{"M001"}, back("M002", RelMentions)); diff != "" {
		t.Errorf("M002 mentioned by: %s", diff)
	}
	if diff := cmp.Diff([]string{"2.1.2", "2.1.10"}, back("2.1", RelProgramme)); diff != "" {
		t.Errorf("actions of 2.1: %s", diff)
	}
}

// TestLoadErrors pins the exact message and position of each kind of bad
// input, one file per case.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src string
		want            []string
	}{{
		name: "unknown key with suggestion",
		file: "content/mutualisations/M001.md",
		src:  "+++\nid = \"M001\"\ntitel = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{
			`content/mutualisations/M001.md:1:1: error: title: missing required key`,
			`content/mutualisations/M001.md:3:1: error: unknown key "titel"; did you mean "title"?`,
		},
	}, {
		name: "wrong type",
		file: "content/mutualisations/M001.md",
		src:  "+++\nid = \"M001\"\ntitle = 12\nthemes = \"identite\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{
			`content/mutualisations/M001.md:3:9: error: title: expected a string, found the integer 12`,
			`content/mutualisations/M001.md:4:10: error: themes: expected an array of strings, found the string "identite"`,
		},
	}, {
		name: "id differs from file name",
		file: "content/mutualisations/M001.md",
		src:  "+++\nid = \"M01\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/mutualisations/M001.md:2:6: error: id: "M01" does not match the file name "M001.md"; an entry's file is named after its id`},
	}, {
		name: "enum",
		file: "content/mutualisations/M001.md",
		src:  "+++\nid = \"M001\"\ntitle = \"x\"\nstatus = \"in progress\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/mutualisations/M001.md:4:10: error: status: "in progress" is not one of "identified", "qualified", "planned", "in-progress", "operational", "abandoned", "retired"; did you mean "in-progress"?`},
	}, {
		name: "dangling reference with suggestion",
		file: "content/actions/2.1.1.md",
		src:  "+++\nid = \"2.1.1\"\ntitle = \"x\"\nmutualisations = [\"M001\",\n  \"M003\"]\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/actions/2.1.1.md:5:3: error: mutualisations[1]: no entry "M003"; did you mean "M001"?`},
	}, {
		name: "reference of the wrong kind",
		file: "content/actions/2.1.1.md",
		src:  "+++\nid = \"2.1.1\"\ntitle = \"x\"\nprogramme = \"M001\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/actions/2.1.1.md:4:13: error: programme: "M001" is a mutualisation; expected a programme`},
	}, {
		name: "unknown M-code in body",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\nPremière ligne.\n\nA fusionner avec M999 ?\n",
		want: []string{`content/mutualisations/M002.md:9:18: error: body: no entry "M999"`},
	}, {
		name: "unknown source document in nested table",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n[[sources]]\ndocument = \"csic-2019\"\n+++\n",
		want: []string{`content/mutualisations/M002.md:7:12: error: sources[1].document: no entry "csic-2019"; did you mean "csic-2018"?`},
	}, {
		name: "duplicate id, case-insensitive",
		file: "content/services/FC.md",
		src:  "+++\nid = \"FC\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{
			`content/services/FC.md:1:1: error: id: "FC" is not a valid service id; expected an id like "franceconnect"`,
			`content/services/FC.md:2:6: error: id: duplicate id "FC": already used by content/iop/fc.md:2:6 (as "fc"; ids are compared without case)`,
		},
	}, {
		name: "TOML syntax",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\n+++\n",
		want: []string{`content/mutualisations/M002.md:3:9: error: invalid TOML: this string is not closed: end it with the same quote on the same line, or use """ … """ for text over several lines`},
	}, {
		name: "no front matter",
		file: "content/mutualisations/M002.md",
		src:  "# M002\n",
		want: []string{`content/mutualisations/M002.md:1:1: error: missing front matter: the file must start with a line "+++"`},
	}, {
		name: "file outside a collection",
		file: "content/notes.md",
		src:  "hello",
		want: []string{`content/notes.md: error: file outside a known collection; entries live in content/<collection>/<id>.md`},
	}, {
		name: "theme not in vocabulary",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\nthemes = [\"securité\"]\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/mutualisations/M002.md:4:11: error: themes[0]: "securité" is the label of theme "securite", not its id; did you mean "securite"?`},
	}, {
		name: "principle under the wrong parent",
		file: "content/principes/LS2.1.md",
		src:  "+++\nid = \"LS2.1\"\ntitle = \"x\"\nparent = \"GT1\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/principes/LS2.1.md:4:10: error: parent: "GT1" cannot be the parent of LS2.1; expected "GT2"`},
	}, {
		name: "broken internal link and anchor",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n## Besoin\n\nVoir [ici](/mutualisations/m001/#besion) et [là](/actions/9.9.9/) et [x](../../../../etc/passwd).\n",
		want: []string{
			`content/mutualisations/M002.md:9:6: error: body: link "/mutualisations/m001/#besion": no heading with id "besion" in M001; did you mean "besoin"?`,
			`content/mutualisations/M002.md:9:45: error: body: link "/actions/9.9.9/" points to no entry`,
			`content/mutualisations/M002.md:9:71: error: body: link "../../../../etc/passwd" leaves the site`,
		},
	}, {
		name: "programme that is not the id's",
		file: "content/actions/2.1.5.md",
		src:  "+++\nid = \"2.1.5\"\ntitle = \"x\"\nprogramme = \"3.1\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/actions/2.1.5.md:4:13: error: programme: "3.1" is not the programme the id "2.1.5" starts with; did you mean "2.1"? if the action does belong to "3.1", say why in programme_reason`},
	}, {
		name: "programme that is not the id's, with a reason",
		file: "content/actions/2.1.5.md",
		src:  "+++\nid = \"2.1.5\"\ntitle = \"x\"\nprogramme = \"3.1\"\nprogramme_reason = \"Moved to 3.1 by the 2019 review.\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
	}, {
		name: "programme reason not needed",
		file: "content/actions/2.4.3.a.md",
		src:  "+++\nid = \"2.4.3.a\"\ntitle = \"x\"\nprogramme = \"2.4\"\nprogramme_reason = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/actions/2.4.3.a.md:5:20: warning: programme_reason: not needed: the id "2.4.3.a" starts with the programme "2.4"`},
	}, {
		name: "sources as a single table",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n[sources]\ndocument = \"csic-2018\"\n+++\n",
		want: []string{`content/mutualisations/M002.md:4:1: error: sources: [sources] is a single table; write [[sources]] (two brackets), once for each item of the list`},
	}, {
		name: "raw HTML",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\nTexte <span class=\"x\">y</span>.\n\n<div>\nbloc\n</div>\n\n<!-- note -->\n",
		want: []string{
			`content/mutualisations/M002.md:7:7: warning: body: raw HTML <span> is not shown on the page; write it in Markdown`,
			`content/mutualisations/M002.md:9:1: warning: body: raw HTML <div> is not shown on the page; write it in Markdown`,
			`content/mutualisations/M002.md:13:1: warning: body: an HTML comment is not shown on the page, nor kept in the exports' text; remove it or write the note in [[sources]].note`,
		},
	}, {
		name: "links to portal pages",
		file: "content/mutualisations/M002.md",
		src: "+++\nid = \"M002\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n" +
			"[a](/themes/identite/) [b](/thems/identite/) [c](/owners/dinsik/) [d](/statuses/planned/) [e](/mutualisations/page/2/)\n" +
			"[f](/open-data/) [g](/opendata/) [h](/api/v1/owners.csv) [i](/mutualisations/m01/) [j](/en/search/) [k](/priorites/)\n",
		want: []string{
			`content/mutualisations/M002.md:7:24: error: body: link "/thems/identite/" points to no page of the portal; did you mean "/themes/identite/"?`,
			`content/mutualisations/M002.md:7:46: error: body: link "/owners/dinsik/" points to no page of the portal; did you mean "/owners/dinsic/"?`,
			`content/mutualisations/M002.md:8:18: error: body: link "/opendata/" points to no page of the portal; did you mean "/open-data/"?`,
			`content/mutualisations/M002.md:8:58: error: body: link "/mutualisations/m01/" points to no entry; did you mean "/mutualisations/m001/"?`,
			`content/mutualisations/M002.md:8:101: error: body: link "/priorites/" points to no page of the portal; did you mean "/priorities/"?`,
		},
	}, {
		name: "no source is a warning",
		file: "content/mutualisations/M002.md",
		src:  "+++\nid = \"M002\"\ntitle = \"x\"\n+++\n",
		want: []string{`content/mutualisations/M002.md:1:1: warning: sources: no source cited; add a [[sources]] table with document = "<source id>"`},
	}}
	base := "-- content/mutualisations/M001.md --\n+++\nid = \"M001\"\ntitle = \"Cloud\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n## Besoin\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			archive := base
			if tt.file == "content/mutualisations/M001.md" {
				archive = ""
			}
			if tt.file == "content/services/FC.md" {
				archive += "-- content/iop/fc.md --\n+++\nid = \"fc\"\ntitle = \"x\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n"
			}
			if strings.HasPrefix(tt.name, "programme") {
				for _, p := range []string{"2.1", "2.4", "3.1"} {
					archive += "-- content/programmes/" + p + ".md --\n+++\nid = \"" + p + "\"\ntitle = \"p\"\ncategory = \"programme\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n"
				}
			}
			if tt.name == "principle under the wrong parent" {
				archive += "-- content/principes/GT1.md --\n+++\nid = \"GT1\"\ntitle = \"g\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n"
				archive += "-- content/principes/GT2.md --\n+++\nid = \"GT2\"\ntitle = \"g\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n"
			}
			archive += "-- " + tt.file + " --\n" + tt.src
			_, got := load(t, archive)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompareIDs(t *testing.T) {
	t.Parallel()
	ids := []string{"2.1.10", "M010", "2.1.2", "LS1.10", "LS1.2", "2.4.3.a", "2.4.3", "5.10", "5.9"}
	want := []string{"2.1.2", "2.1.10", "2.4.3", "2.4.3.a", "5.9", "5.10", "LS1.2", "LS1.10", "M010"}
	sorted := append([]string(nil), ids...)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if CompareIDs(sorted[j], sorted[i]) < 0 {
				sorted[i], sorted[j] = sorted[j], sorted[i]
			}
		}
	}
	if diff := cmp.Diff(want, sorted); diff != "" {
		t.Error(diff)
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	cat, diags := load(t, `
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "Cloud"
[[sources]]
document = "csic-2018"
+++
-- content/redirects.toml --
[[redirects]]
from = "M133"
kind = "mutualisation"
to = "M001"
date = 2026-11-20
reason = "Doublon de M001."

[[redirects]]
from = "M001"
kind = "mutualisation"
date = 2026-11-20
reason = "x"

[[redirects]]
from = "M134"
kind = "mutualisation"
to = "M999"
date = 2026-11-20
reason = " "
`)
	want := []string{
		`content/redirects.toml:9:8: error: redirects[1].from: "M001" is an entry again: remove its redirect`,
		`content/redirects.toml:17:6: error: redirects[2].to: no entry "M999"`,
		`content/redirects.toml:19:10: error: redirects[2].reason: must say why the entry was renamed or removed`,
	}
	if diff := cmp.Diff(want, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if len(cat.Redirects) != 3 || cat.Redirects[0].URL() != "/mutualisations/m133/" {
		t.Errorf("redirects: %+v", cat.Redirects)
	}
}
