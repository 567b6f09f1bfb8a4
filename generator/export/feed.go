package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
	"time"
	"unicode"

	"catalogue/generator/content"
)

// FeedSize is how many entries the Atom feed holds: the most recently
// changed.
const FeedSize = 50

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Rights   string      `xml:"rights"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

type atomEntry struct {
	Lang     string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title    string       `xml:"title"`
	ID       string       `xml:"id"`
	Updated  string       `xml:"updated"`
	Links    []atomLink   `xml:"link"`
	Category atomCategory `xml:"category"`
	Summary  string       `xml:"summary"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// maxSummary bounds an entry's summary in the feed, when the entry has no
// summary of its own and its text stands in.
const maxSummary = 300

// feed writes feed.xml: the FeedSize entries changed last, newest first,
// dated by Entry.Modified; entries with no known date are left out. The
// feed's own date is the latest of them, so the same content gives the same
// feed.
func (x *exporter) feed() error {
	site := x.cat.Site
	var dated []*content.Entry
	for _, e := range x.cat.Entries {
		if !e.Modified.IsZero() {
			dated = append(dated, e)
		}
	}
	// Newest first; entries of the same date keep the catalogue's order.
	slices.SortStableFunc(dated, func(a, b *content.Entry) int { return b.Modified.Compare(a.Modified) })
	dated = dated[:min(len(dated), FeedSize)]

	updated := x.modified
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	f := atomFeed{
		Lang:     site.Language,
		Title:    site.Title,
		Subtitle: site.Description,
		ID:       x.abs("/"),
		Updated:  stamp(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: x.abs(feedPath)},
			{Rel: "alternate", Type: "text/html", Href: x.abs("/")},
		},
		Author: atomPerson{Name: cmp.Or(site.Publisher.Name, site.Title), URI: site.Publisher.URL, Email: site.Publisher.Email},
		Rights: x.lic.Title + " (" + x.lic.ID + "), " + x.lic.URL,
	}
	for _, e := range dated {
		summary := e.Summary
		if summary == "" {
			summary = cut(strings.Join(strings.Fields(x.records[e].get("body_text").(string)), " "), maxSummary)
		}
		f.Entries = append(f.Entries, atomEntry{
			Lang:    string(e.Lang),
			Title:   feedTitle(e),
			ID:      x.abs(e.URL()),
			Updated: stamp(e.Modified),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: x.abs(e.URL())},
				{Rel: "alternate", Type: "application/json", Href: x.abs(entryPath(e))},
			},
			Category: atomCategory{Term: string(e.Kind)},
			Summary:  summary,
		})
	}
	data, err := encodeXML(f)
	if err != nil {
		return err
	}
	x.add(File{Path: feedPath, Format: "Atom", MediaType: "application/atom+xml", Role: "feed", Modified: x.modified,
		Schema:  "https://www.rfc-editor.org/rfc/rfc4287",
		Records: len(f.Entries), Description: "Atom feed of the entries changed last."}, data)
	return nil
}

// feedTitle is the entry's title, after its code when its id is one (M001,
// 2.1.1, LS1.2), as the portal shows it; a slug (franceconnect) would only
// repeat the title.
func feedTitle(e *content.Entry) string {
	if strings.ContainsFunc(e.ID, unicode.IsLower) {
		return e.Title
	}
	return e.ID + " — " + e.Title
}

// stamp formats a date of the feed (RFC 3339).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap writes sitemap.xml: every page of the portal but those left at
// the address of renamed or removed entries, sorted by address, with the
// date of its latest content where it has one.
func (x *exporter) sitemap() error {
	mod := map[string]time.Time{"/": x.modified, "/open-data/": x.modified}
	for _, c := range content.Collections() {
		mod["/"+c.Dir+"/"] = modifiedOf(x.cat.Collection(c.Kind))
	}
	for _, e := range x.cat.Entries {
		mod[e.URL()] = e.Modified
	}
	pages := slices.Clone(x.pages)
	for p := range mod {
		pages = append(pages, p)
	}
	slices.Sort(pages)
	pages = slices.Compact(pages)
	// The page left at the address of a renamed or removed entry is not
	// one to index.
	pages = slices.DeleteFunc(pages, func(p string) bool {
		return slices.ContainsFunc(x.cat.Redirects, func(r content.Redirect) bool { return r.URL() == p })
	})
	var set urlset
	for _, p := range pages {
		u := sitemapURL{Loc: x.abs(p)}
		if t := mod[p]; !t.IsZero() {
			u.LastMod = date(t)
		}
		set.URLs = append(set.URLs, u)
	}
	data, err := encodeXML(set)
	if err != nil {
		return err
	}
	x.add(File{Path: sitemapPath, Format: "XML", MediaType: "application/xml", Role: "sitemap", Records: len(set.URLs),
		Schema: "https://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd", Modified: x.modified,
		Description: "Sitemap of the portal's pages, for search engines."}, data)
	return nil
}

// robots writes robots.txt: every page may be crawled; the sitemap lists
// them.
func (x *exporter) robots() error {
	data := []byte("User-agent: *\nDisallow:\n\nSitemap: " + x.abs(sitemapPath) + "\n")
	x.add(File{Path: robotsPath, Format: "text", MediaType: "text/plain", Role: "robots",
		Description: "Rules for crawlers, with the address of the sitemap."}, data)
	return nil
}
