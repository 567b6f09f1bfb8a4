package content

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/mail"
	"reflect"
	"slices"
	"strings"
	"time"
)

// SiteFile is the configuration file at the root of a site.
const SiteFile = "site.toml"

// Site is the configuration of a catalogue, read from site.toml.
type Site struct {
	Title           string    `toml:"title" required:"true" doc:"Name of the catalogue."`
	Description     string    `toml:"description" text:"multiline" doc:"What the catalogue is, one paragraph."`
	BaseURL         string    `toml:"base_url" required:"true" doc:"Absolute URL the portal is published at."`
	Language        string    `toml:"language" doc:"Language of the interface: fr (default) or en."`
	ContentLanguage string    `toml:"content_language" doc:"Language of an entry that sets no lang."`
	Theme           string    `toml:"theme" doc:"Folder under themes/ (default: default)."`
	Licence         string    `toml:"licence" doc:"Licence of the data, e.g. etalab-2.0."`
	LicenceURL      string    `toml:"licence_url" doc:"Page of the licence."`
	EditURL         string    `toml:"edit_url" doc:"Link to propose a change; {path} is the entry's file."`
	RepositoryURL   string    `toml:"repository_url" doc:"The source repository."`
	TableRows       int       `toml:"table_rows" doc:"Rows per page of a collection's table and of a facet value's list (default 500)."`
	Issued          string    `toml:"issued" doc:"Date the catalogue was first published (YYYY-MM-DD), for DCAT-AP's dct:issued."`
	Publisher       Publisher `toml:"publisher" doc:"Who publishes the catalogue."`
	Themes          []Theme   `toml:"themes" doc:"The theme vocabulary."`
	// The owner vocabulary lives here beside the themes rather than in a
	// file of content/: it is read once before the entries, which are
	// checked against it in parallel, and a change to it rebuilds
	// everything, as a change of any vocabulary must.
	Owners []Owner `toml:"owners" doc:"The owner vocabulary."`

	ownerIndex map[string]int               // by id, into Owners
	ownerAlias map[string]string            // alias → id
	labels     map[string]map[string]string // enumeration → folded label → value
}

// Publisher is who publishes the catalogue.
type Publisher struct {
	Name  string `toml:"name" doc:"Name of the publisher."`
	URL   string `toml:"url" doc:"Home page of the publisher."`
	Email string `toml:"email" doc:"Contact address."`
	// Type is a code of the ADMS publisher types
	// (http://purl.org/adms/publishertype/), for DCAT-AP's dct:type.
	Type string `toml:"type" doc:"Kind of publisher, an ADMS publisher type such as NationalAuthority."`
}

// PublisherTypes maps the codes of the ADMS publisher types
// (http://purl.org/adms/publishertype/) to their English labels.
func PublisherTypes() map[string]string {
	return map[string]string{
		"Academia-ScientificOrganisation": "Academia/Scientific organisation",
		"Company":                         "Company",
		"IndustryConsortium":              "Industry consortium",
		"LocalAuthority":                  "Local authority",
		"NationalAuthority":               "National authority",
		"NonGovernmentalOrganisation":     "Non-governmental organisation",
		"NonProfitOrganisation":           "Non-profit organisation",
		"PrivateIndividual(s)":            "Private individual(s)",
		"RegionalAuthority":               "Regional authority",
		"StandardisationBody":             "Standardisation body",
		"SupraNationalAuthority":          "Supra-national authority",
	}
}

// A Theme is one value of the theme vocabulary, with a label per language.
type Theme struct {
	ID string `toml:"id" required:"true" doc:"Identifier used in entries and URLs."`
	FR string `toml:"fr" required:"true" doc:"Label in French."`
	EN string `toml:"en" doc:"Label in English."`
}

// Label returns the theme's label in lang, falling back to French.
func (t Theme) Label(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.FR
}

// ThemeByID returns the theme with the given id.
func (s *Site) ThemeByID(id string) (Theme, bool) {
	for _, t := range s.Themes {
		if t.ID == id {
			return t, true
		}
	}
	return Theme{}, false
}

func (s *Site) themeIDs() []string {
	ids := make([]string, len(s.Themes))
	for i, t := range s.Themes {
		ids[i] = t.ID
	}
	return ids
}

// AbsURL joins the base URL and a site path such as /actions/2.1.1/.
func (s *Site) AbsURL(path string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + path
}

// BaseURLProblem says what keeps v from being the address a portal is
// published at, or returns "". site.toml's base_url and the -base-url flag
// that overrides it are checked alike.
func BaseURLProblem(v string) string {
	msg := httpURLProblem(v)
	if strings.HasPrefix(msg, "is not an absolute") {
		msg = "is not an absolute http(s) URL; expected e.g. \"https://catalogue.example.fr/\""
	}
	return msg
}

// LoadSite reads and checks site.toml from fsys.
func LoadSite(fsys fs.FS) (*Site, Diagnostics) {
	var diags Diagnostics
	data, err := fs.ReadFile(fsys, SiteFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(Pos{File: SiteFile}, "", "missing: a site needs a site.toml at its root")
		} else {
			diags.Errorf(Pos{File: SiteFile}, "", "%v", err)
		}
		return nil, diags
	}
	src, ok := cleanText(SiteFile, data, &diags)
	if !ok {
		return nil, diags
	}
	site := &Site{}
	raw, ok := parseTOML(SiteFile, src, 1, &diags)
	if !ok {
		return nil, diags
	}
	d := decoder{loc: locate(SiteFile, src, 1), diags: &diags}
	d.table("", raw, reflect.ValueOf(site).Elem())
	// Required keys must be there (the decoder says so) and say something.
	for _, f := range []struct{ key, val string }{{"title", site.Title}, {"base_url", site.BaseURL}} {
		if _, ok := raw[f.key]; ok && !d.loc.bad[f.key] && strings.TrimSpace(f.val) == "" {
			diags.Errorf(d.loc.valPos(f.key), f.key, "must not be empty")
		}
	}
	if site.Language == "" {
		site.Language = "fr"
	}
	if site.ContentLanguage == "" {
		site.ContentLanguage = site.Language
	}
	if site.Theme == "" {
		site.Theme = "default"
	}
	if site.TableRows == 0 {
		site.TableRows = 500
	} else if site.TableRows < 0 {
		diags.Errorf(d.loc.valPos("table_rows"), "table_rows", "%d is not a number of rows; expected a positive integer", site.TableRows)
	}
	for _, f := range []struct{ key, val string }{{"language", site.Language}, {"content_language", site.ContentLanguage}} {
		if f.val != "fr" && f.val != "en" {
			diags.Errorf(d.loc.valPos(f.key), f.key, "%q is not one of \"fr\", \"en\"", f.val)
		}
	}
	if msg := BaseURLProblem(site.BaseURL); site.BaseURL != "" && !d.loc.bad["base_url"] && msg != "" {
		diags.Errorf(d.loc.valPos("base_url"), "base_url", "%q %s", site.BaseURL, msg)
	}
	for _, f := range []struct{ key, val string }{
		{"licence_url", site.LicenceURL}, {"edit_url", site.EditURL},
		{"repository_url", site.RepositoryURL}, {"publisher.url", site.Publisher.URL},
	} {
		// {path} in edit_url stands for the entry's file: a path, fine in a URL.
		checked := strings.ReplaceAll(f.val, "{path}", "path")
		if msg := httpURLProblem(checked); f.val != "" && !d.loc.bad[f.key] && msg != "" {
			diags.Errorf(d.loc.valPos(f.key), f.key, "%q %s", f.val, msg)
		}
	}
	if e := site.Publisher.Email; e != "" && !d.loc.bad["publisher.email"] {
		// The exports give it as mailto: and as a JSON "format": "email".
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || strings.ContainsAny(e, "\"\\ ") {
			diags.Errorf(d.loc.valPos("publisher.email"), "publisher.email", "%q is not an e-mail address; expected e.g. \"contact@example.gouv.fr\"", e)
		}
	}
	if _, err := time.Parse(time.DateOnly, site.Issued); site.Issued != "" && err != nil {
		diags.Errorf(d.loc.valPos("issued"), "issued", "%q is not a date; expected YYYY-MM-DD", site.Issued)
	}
	if t := site.Publisher.Type; t != "" && PublisherTypes()[t] == "" {
		codes := slices.Sorted(maps.Keys(PublisherTypes()))
		diags.Errorf(d.loc.valPos("publisher.type"), "publisher.type", "%q is not an ADMS publisher type; expected one of %s", t, strings.Join(codes, ", "))
	}
	if strings.ContainsAny(site.Theme, `/\`) || strings.HasPrefix(site.Theme, ".") {
		diags.Errorf(d.loc.valPos("theme"), "theme", "%q is not a folder name under themes/", site.Theme)
	}
	seen := map[string]bool{}
	for i, t := range site.Themes {
		fr := fmt.Sprintf("themes[%d].fr", i)
		if _, present := d.loc.vals[fr]; present && !d.loc.bad[fr] && strings.TrimSpace(t.FR) == "" {
			diags.Errorf(d.loc.valPos(fr), fr, "must not be empty")
		}
		path := fmt.Sprintf("themes[%d].id", i)
		if _, present := d.loc.vals[path]; !present || d.loc.bad[path] {
			continue // missing or mistyped: reported by the decoder
		}
		if seen[t.ID] {
			diags.Errorf(d.loc.valPos(path), path, "duplicate theme %q", t.ID)
		}
		seen[t.ID] = true
		if !slugPattern.MatchString(t.ID) {
			diags.Errorf(d.loc.valPos(path), path, "%q is not a lowercase slug (a-z, 0-9, -)", t.ID)
		}
	}
	site.checkOwners(&d)
	site.labels = enumLabels(fsys, site.Theme)
	return site, diags
}
