package content

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestOwnersAndLabels: an entry names owners by id; an alias passes with a
// warning naming the id; a label, a full name or a word the site shows for
// an id is refused with the id it stands for.
func TestOwnersAndLabels(t *testing.T) {
	t.Parallel()
	entry := func(fields string) string {
		return "+++\nid = \"M002\"\ntitle = \"x\"\n" + fields + "\n[[sources]]\ndocument = \"csic-2018\"\n+++\n"
	}
	tests := []struct {
		name   string
		fields string
		want   []string
		owners []string // the entry's owners once loaded
	}{{
		name:   "ids",
		fields: `owners = ["mi", "dinsic"]`,
		owners: []string{"mi", "dinsic"},
	}, {
		name:   "alias",
		fields: `owners = ["Intérieur"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: warning: owners[0]: "Intérieur" is an alias of owner "mi"; write "mi"`},
		owners: []string{"mi"},
	}, {
		name:   "alias and its id",
		fields: `owners = ["mi", "Intérieur"]`,
		want: []string{
			`content/mutualisations/M002.md:4:17: warning: owners[1]: "Intérieur" is an alias of owner "mi"; write "mi"`,
			`content/mutualisations/M002.md:4:17: warning: owners[1]: "mi" is listed twice (also owners[0])`,
		},
		owners: []string{"mi", "mi"},
	}, {
		name:   "label",
		fields: `owners = ["DINSIC"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: owners[0]: "DINSIC" is the label of owner "dinsic", not its id; did you mean "dinsic"?`},
	}, {
		name:   "full name in another language",
		fields: `owners = ["Ministry of the interior"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: owners[0]: "Ministry of the interior" is the full name of owner "mi", not its id; did you mean "mi"?`},
	}, {
		name:   "full name without its accents",
		fields: `owners = ["Ministere de l’Interieur"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: owners[0]: "Ministere de l’Interieur" is the full name of owner "mi", not its id; did you mean "mi"?`},
	}, {
		name:   "unknown, close to an id",
		fields: `owners = ["dinsik"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: owners[0]: "dinsik" is not an owner of site.toml; did you mean "dinsic"?`},
	}, {
		name:   "unknown",
		fields: `owners = ["Préfecture du Nord"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: owners[0]: "Préfecture du Nord" is not an owner of site.toml; expected one of "dinsic", "ministeres", "mi"`},
	}, {
		name:   "status label",
		fields: `status = "prévue"`,
		want:   []string{`content/mutualisations/M002.md:4:10: error: status: "prévue" is the label of status "planned", not its value; did you mean "planned"?`},
	}, {
		name:   "status label in English",
		fields: `status = "In progress"`,
		want:   []string{`content/mutualisations/M002.md:4:10: error: status: "In progress" is the label of status "in-progress", not its value; did you mean "in-progress"?`},
	}, {
		name:   "theme label",
		fields: `themes = ["Démarches en ligne des usagers"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: themes[0]: "Démarches en ligne des usagers" is the label of theme "demarches-usagers", not its id; did you mean "demarches-usagers"?`},
	}, {
		name:   "theme label in English",
		fields: `themes = ["identity"]`,
		want:   []string{`content/mutualisations/M002.md:4:11: error: themes[0]: "identity" is the label of theme "identite", not its id; did you mean "identite"?`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := siteFS(t, "-- content/mutualisations/M002.md --\n"+entry(tt.fields))
			fsys[SiteFile].Data = append(fsys[SiteFile].Data, "\n[[themes]]\nid = \"demarches-usagers\"\nfr = \"Démarches en ligne des usagers\"\n"...)
			fsys["themes/default/i18n/fr.json"] = &fstest.MapFile{Data: []byte(`{"status.planned": "Prévue", "status.in-progress": "En cours", "facet.status": "Statut"}`)}
			fsys["themes/default/i18n/en.json"] = &fstest.MapFile{Data: []byte(`{"status.planned": "Planned", "status.in-progress": "In progress"}`)}
			cat, diags := Load(context.Background(), fsys, Options{})
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if tt.owners != nil {
				if diff := cmp.Diff(tt.owners, cat.Entry("M002").Owners); diff != "" {
					t.Errorf("owners (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestOwnerVocabulary checks site.toml's [[owners]].
func TestOwnerVocabulary(t *testing.T) {
	t.Parallel()
	site := `title = "T"
base_url = "https://example.org/"

[[owners]]
id = "dinum"
label = "DINUM"
country = "FR"
aliases = ["DINSIC"]

[[owners]]
id = "dinum"
label = "X"
country = "France"

[[owners]]
id = "Ctie"
label = "CTIE"
country = "LU"
aliases = ["DINSIC", "dinum"]

[[owners]]
id = "igf"
country = "LU"
`
	_, diags := LoadSite(fstest.MapFS{SiteFile: {Data: []byte(site)}})
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		`site.toml:11:6: error: owners[1].id: duplicate owner "dinum"`,
		`site.toml:13:11: error: owners[1].country: "France" is not a country code; expected two capital letters (ISO 3166-1), e.g. "FR"`,
		`site.toml:16:6: error: owners[2].id: "Ctie" is not a lowercase slug (a-z, 0-9, -)`,
		`site.toml:19:12: error: owners[2].aliases[0]: "DINSIC" is already an alias of owner "dinum"`,
		`site.toml:19:22: error: owners[2].aliases[1]: "dinum" is the id of another owner`,
		`site.toml:21:1: error: owners[3].label: missing required key`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
