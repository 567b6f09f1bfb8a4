package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/mail"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
)

// SiteFile is the configuration file at the root of a site.
const SiteFile = "site.toml"

// Site is the configuration of a catalogue, read from site.toml.
type Site struct {
	Title       string `toml:"title" required:"true" doc:"Name of the catalogue."`
	Description string `toml:"description" text:"multiline" doc:"What the catalogue is, one paragraph."`
	BaseURL     string `toml:"base_url" required:"true" doc:"Absolute URL the portal is published at."`
	Language    string `toml:"language" doc:"Language of the interface: fr (default) or en. A site in several languages sets languages instead."`
	// Languages are the interface's languages, the first at the site's
	// root and each other under /<lang>/ with the same paths. After
	// LoadSite it holds at least Language, which is its first.
	Languages       []string     `toml:"languages" doc:"Languages of the interface, e.g. [\"fr\", \"en\"]: the first at /, each other under /<lang>/. Replaces language."`
	Translations    Translations `toml:"translations" doc:"The site's title, description and publisher in each other language of the interface, [translations.en]."`
	ContentLanguage string       `toml:"content_language" doc:"Language of an entry that sets no lang."`
	Theme           string       `toml:"theme" doc:"Folder under themes/ (default: default)."`
	Licence         string       `toml:"licence" doc:"Licence of the data, e.g. etalab-2.0."`
	LicenceURL      string       `toml:"licence_url" doc:"Page of the licence."`
	EditURL         string       `toml:"edit_url" doc:"Link to propose a change; {path} is the entry's file."`
	RepositoryURL   string       `toml:"repository_url" doc:"The source repository."`
	CommitURL       string       `toml:"commit_url" doc:"Page of a commit on the forge; {hash} is its full hash. Default: from edit_url, its /edit/… part replaced by /commit/{hash}."`
	HistoryURL      string       `toml:"history_url" doc:"Page of a file's history on the forge; {path} is the entry's file. Default: edit_url with /edit/ replaced by /commits/."`
	FeedAuthority   string       `toml:"feed_authority" doc:"Tagging authority of the Atom ids (RFC 4151), a domain or e-mail address the publisher held on a date, chosen once and never changed: numerique.gouv.fr,2026. Without it the ids are page URLs, which change with base_url."`
	FeedEntries     int          `toml:"feed_entries" doc:"How many of the latest changed entries the Atom feeds carry (default 100)."`
	TableRows       int          `toml:"table_rows" doc:"Rows per page of a collection's table and of a facet value's list (default 500)."`
	Issued          string       `toml:"issued" doc:"Date the catalogue was first published (YYYY-MM-DD), for DCAT-AP's dct:issued."`
	Publisher       Publisher    `toml:"publisher" doc:"Who publishes the catalogue."`
	Themes          []Theme      `toml:"themes" doc:"The theme vocabulary."`
	// The owner vocabulary lives here beside the themes rather than in a
	// file of content/: it is read once before the entries, which are
	// checked against it in parallel, and a change to it rebuilds
	// everything, as a change of any vocabulary must.
	Owners []Owner `toml:"owners" doc:"The owner vocabulary."`
	// Synonyms apply at query time, in the server's search and the
	// static one alike: the index does not change with them.
	Synonyms []SynonymGroup `toml:"synonyms" doc:"Groups of words a search takes for one another."`

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

// Translations holds what site.toml says in each language of the
// interface other than its first, whose words are the top-level keys. A
// field per language the theme speaks, so that an unknown language is an
// unknown key.
type Translations struct {
	FR Translation `toml:"fr" doc:"In French."`
	EN Translation `toml:"en" doc:"In English."`
}

// A Translation is the site's words in one language; an empty field keeps
// the first language's.
type Translation struct {
	Title         string `toml:"title" doc:"Name of the catalogue."`
	Description   string `toml:"description" text:"multiline" doc:"What the catalogue is, one paragraph."`
	PublisherName string `toml:"publisher_name" doc:"Name of the publisher."`
}

// of returns the translation into lang, if the site has one.
func (t *Translations) of(lang string) *Translation {
	switch lang {
	case "fr":
		return &t.FR
	case "en":
		return &t.EN
	}
	return nil
}

// In returns the site as a reader of the interface in lang sees it: its
// title, description and publisher's name in lang where site.toml gives
// them. The site itself, for its first language or one without words.
func (s *Site) In(lang string) *Site {
	if lang == s.Language {
		return s
	}
	tr := s.Translations.of(lang)
	if tr == nil || *tr == (Translation{}) {
		return s
	}
	c := *s
	c.Title = cmp.Or(tr.Title, s.Title)
	c.Description = cmp.Or(tr.Description, s.Description)
	c.Publisher.Name = cmp.Or(tr.PublisherName, s.Publisher.Name)
	return &c
}

// supportedLanguages are the languages of the interface a site may have:
// those of the theme's strings and of the messages.
var supportedLanguages = []string{"fr", "en"}

// checkLanguages fills Languages from language, or Language from
// languages, and checks them and the translations.
func (s *Site) checkLanguages(d *decoder, raw map[string]any) {
	_, one := raw["language"]
	_, many := raw["languages"]
	switch {
	case one && many:
		d.diags.Errorf(d.loc.keyPos("languages"), "languages", "set language or languages, not both; languages = [%q, …] gives the first language", s.Language)
	case many && len(s.Languages) == 0 && !d.loc.bad["languages"]:
		d.diags.Errorf(d.loc.valPos("languages"), "languages", "must list at least one language, e.g. [\"fr\", \"en\"]")
	}
	if len(s.Languages) > 0 {
		s.Language = s.Languages[0]
		seen := map[string]bool{}
		for i, l := range s.Languages {
			key := fmt.Sprintf("languages[%d]", i)
			if !slices.Contains(supportedLanguages, l) {
				d.diags.Errorf(d.loc.valPos(key), key, "%q is not one of %s", l, quoteList(supportedLanguages))
			} else if seen[l] {
				d.diags.Errorf(d.loc.valPos(key), key, "%q is listed twice", l)
			}
			seen[l] = true
		}
	} else {
		if s.Language == "" {
			s.Language = "fr"
		}
		if !slices.Contains(supportedLanguages, s.Language) {
			d.diags.Errorf(d.loc.valPos("language"), "language", "%q is not one of %s", s.Language, quoteList(supportedLanguages))
		}
		s.Languages = []string{s.Language}
	}
	given, _ := raw["translations"].(map[string]any)
	for _, l := range supportedLanguages {
		key := "translations." + l
		if _, ok := given[l]; !ok {
			if l != s.Language && slices.Contains(s.Languages, l) {
				d.diags.Warnf(Pos{File: SiteFile}, key, "missing: the pages in %s show the title and description in %s; add [%s] with title and description", l, s.Language, key)
			}
			continue
		}
		switch {
		case l == s.Language:
			d.diags.Errorf(d.loc.keyPos(key), key, "%s is the site's first language, whose words are the top-level title, description and publisher.name", l)
		case !slices.Contains(s.Languages, l):
			d.diags.Warnf(d.loc.keyPos(key), key, "%s is not one of languages (%s): unused", l, quoteList(s.Languages))
		}
	}
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

// UILanguage is the site's first interface language, the one its messages
// to contributors (check, build, serve's overlay, new's skeleton) speak.
// Read it here rather than from Language, which may become a list.
func (s *Site) UILanguage() string {
	if s == nil || s.Language == "" {
		return "fr"
	}
	return s.Language
}

// tagAuthority is a tagging entity of RFC 4151: a domain name or an e-mail
// address, a comma, and a date in YYYY, YYYY-MM or YYYY-MM-DD.
var tagAuthority = regexp.MustCompile(`^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+),[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// TagURI returns the Atom id of the thing named specific (feed,
// entry/M001): a tag: URI under feed_authority, which survives a move of
// the site to another host, or without one the page URL at path.
func (s *Site) TagURI(specific, path string) string {
	if s.FeedAuthority == "" {
		return s.AbsURL(path)
	}
	return "tag:" + s.FeedAuthority + ":" + specific
}

// CommitLink returns the forge's page of the commit with the given hash,
// from commit_url or, without it, from edit_url: the part from its /edit/
// replaced by /commit/<hash> (GitLab's /-/edit/ becomes /-/commit/, as
// GitHub's /edit/ becomes /commit/). Empty when neither is set.
func (s *Site) CommitLink(hash string) string {
	if s.CommitURL != "" {
		return strings.ReplaceAll(s.CommitURL, "{hash}", hash)
	}
	if prefix, _, ok := strings.Cut(s.EditURL, "/edit/"); ok {
		return prefix + "/commit/" + hash
	}
	return ""
}

// HistoryLink returns the forge's page of the history of a file (a path
// from the site root), from history_url or, without it, from edit_url with
// /edit/ replaced by /commits/, which GitLab and GitHub both answer.
// Empty when neither is set.
func (s *Site) HistoryLink(file string) string {
	if s.HistoryURL != "" {
		return strings.ReplaceAll(s.HistoryURL, "{path}", file)
	}
	if strings.Contains(s.EditURL, "/edit/") {
		return strings.ReplaceAll(strings.Replace(s.EditURL, "/edit/", "/commits/", 1), "{path}", file)
	}
	return ""
}

// AbsURL joins the base URL and a site path such as /actions/2.1.1/.
func (s *Site) AbsURL(path string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + path
}

// BaseURLProblem says what keeps v from being the address a portal is
// published at, or returns "". site.toml's base_url and the -base-url flag
// that overrides it are checked alike.
func BaseURLProblem(v string) Message {
	msg := httpURLProblem(v)
	if len(msg.Args) == 1 && msg.Format == "is not an absolute http(s) URL; expected e.g. %q" {
		msg.Args = []any{"https://catalogue.example.fr/"}
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
			diags.Errorf(Pos{File: SiteFile}, "", "%s", ioProblem(err))
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
	site.checkLanguages(&d, raw)
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
	if site.FeedEntries == 0 {
		site.FeedEntries = 100
	} else if site.FeedEntries < 0 {
		diags.Errorf(d.loc.valPos("feed_entries"), "feed_entries", "%d is not a number of entries; expected a positive integer", site.FeedEntries)
	}
	if site.FeedAuthority != "" {
		a := strings.TrimSuffix(strings.TrimPrefix(site.FeedAuthority, "tag:"), ":")
		if !tagAuthority.MatchString(a) {
			diags.Errorf(d.loc.valPos("feed_authority"), "feed_authority", "%q is not a tagging authority (RFC 4151); expected a domain or e-mail address, a comma and a date it was held, e.g. \"numerique.gouv.fr,2026\"", site.FeedAuthority)
		}
		site.FeedAuthority = a
	}
	for _, f := range []struct {
		key, val, mark string
	}{{"commit_url", site.CommitURL, "{hash}"}, {"history_url", site.HistoryURL, "{path}"}} {
		if f.val != "" && !strings.Contains(f.val, f.mark) {
			diags.Errorf(d.loc.valPos(f.key), f.key, "%q has no %s to replace", f.val, f.mark)
		}
	}
	if c := site.ContentLanguage; c != "fr" && c != "en" {
		diags.Errorf(d.loc.valPos("content_language"), "content_language", "%q is not one of \"fr\", \"en\"", c)
	}
	if msg := BaseURLProblem(site.BaseURL); site.BaseURL != "" && !d.loc.bad["base_url"] && msg.Format != "" {
		diags.Errorf(d.loc.valPos("base_url"), "base_url", "%q %s", site.BaseURL, msg)
	}
	for _, f := range []struct{ key, val string }{
		{"licence_url", site.LicenceURL}, {"edit_url", site.EditURL},
		{"repository_url", site.RepositoryURL}, {"publisher.url", site.Publisher.URL},
		{"commit_url", site.CommitURL}, {"history_url", site.HistoryURL},
	} {
		// {path} in edit_url and history_url stands for the entry's file,
		// {hash} in commit_url for a commit's hash: fine in a URL.
		checked := strings.NewReplacer("{path}", "path", "{hash}", "hash").Replace(f.val)
		if msg := httpURLProblem(checked); f.val != "" && !d.loc.bad[f.key] && msg.Format != "" {
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
		if d.loc.hasValue(fr) && !d.loc.bad[fr] && strings.TrimSpace(t.FR) == "" {
			diags.Errorf(d.loc.valPos(fr), fr, "must not be empty")
		}
		path := fmt.Sprintf("themes[%d].id", i)
		if !d.loc.hasValue(path) || d.loc.bad[path] {
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
	site.checkSynonyms(&d)
	site.labels = enumLabels(fsys, site.Theme)
	return site, diags
}
