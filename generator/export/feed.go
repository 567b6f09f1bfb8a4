package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"catalogue/generator/content"
)

// FeedPath returns the path of the Atom feed of the entries of collection
// dir (actions), or of theme id when dir is "themes": beside the page that
// lists them, /actions/feed.xml, /themes/identite/feed.xml.
func FeedPath(dir, theme string) string {
	if dir == "themes" {
		return "/themes/" + theme + "/feed.xml"
	}
	return "/" + dir + "/feed.xml"
}

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

// A feedSpec is one Atom feed: where it is, the page it stands for, and
// which entries it may carry.
type feedSpec struct {
	path, page string
	// specific is the feed's part of its tag: URI (feed, feed/actions).
	specific string
	title    string
	kind     content.Kind
	theme    string // of a theme's feed
	entries  []*content.Entry
	desc     string
}

// feed writes feed.xml, and a feed per collection and per theme: each holds
// the feed_entries entries changed last (100 by default), newest first,
// dated by Entry.Modified; entries with no known date are left out. A
// feed's own date is the latest of its entries, so the same content gives
// the same feeds. The ids of the feeds and of their entries are tag: URIs
// (RFC 4151) under feed_authority: they stay the same when the site moves
// to another host, as RFC 4287 asks.
func (x *exporter) feed() error {
	site := x.cat.Site
	specs := []feedSpec{{path: feedPath, page: "/", specific: "feed", title: site.Title, entries: x.cat.Entries,
		desc: "Atom feed of the entries changed last."}}
	for _, c := range content.Collections() {
		title, _ := datasetText(c.Kind)
		specs = append(specs, feedSpec{path: FeedPath(c.Dir, ""), page: "/" + c.Dir + "/", specific: "feed/" + c.Dir,
			title: title.pick(site.Language) + " — " + site.Title, kind: c.Kind, entries: x.cat.Collection(c.Kind),
			desc: fmt.Sprintf("Atom feed of the %s entries changed last.", c.Kind)})
	}
	for _, t := range site.Themes {
		var in []*content.Entry
		for _, e := range x.cat.Entries {
			if slices.Contains(e.Themes, t.ID) {
				in = append(in, e)
			}
		}
		if len(in) == 0 {
			continue // the theme has no page
		}
		specs = append(specs, feedSpec{path: FeedPath("themes", t.ID), page: "/themes/" + t.ID + "/", specific: "feed/themes/" + t.ID,
			title: t.Label(site.Language) + " — " + site.Title, entries: in, theme: t.ID,
			desc: fmt.Sprintf("Atom feed of the entries of the theme %s changed last.", t.ID)})
	}
	for _, s := range specs {
		if err := x.writeFeed(s); err != nil {
			return err
		}
	}
	return nil
}

func (x *exporter) writeFeed(s feedSpec) error {
	site := x.cat.Site
	var dated []*content.Entry
	for _, e := range s.entries {
		if !e.Modified.IsZero() {
			dated = append(dated, e)
		}
	}
	// Newest first; entries of the same date keep the catalogue's order.
	slices.SortStableFunc(dated, func(a, b *content.Entry) int { return b.Modified.Compare(a.Modified) })
	dated = dated[:min(len(dated), max(site.FeedEntries, 1))]

	updated := modifiedOf(s.entries)
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	f := atomFeed{
		Lang:     site.Language,
		Title:    s.title,
		Subtitle: site.Description,
		ID:       site.TagURI(s.specific, s.page),
		Updated:  stamp(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: x.abs(s.path)},
			{Rel: "alternate", Type: "text/html", Href: x.abs(s.page)},
		},
		Author: atomPerson{Name: cmp.Or(site.Publisher.Name, site.Title), URI: site.Publisher.URL, Email: site.Publisher.Email},
		Rights: x.lic.Title + " (" + x.lic.ID + "), " + x.lic.URL,
	}
	for _, e := range dated {
		summary := e.Summary
		if summary == "" {
			summary = summaryText(e.BodyText(), maxSummary)
		}
		f.Entries = append(f.Entries, atomEntry{
			Lang:    string(e.Lang),
			Title:   feedTitle(e),
			ID:      EntryTag(site, e),
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
	x.add(File{Path: s.path, Format: "Atom", MediaType: "application/atom+xml", Role: "feed", Kind: s.kind, Theme: s.theme,
		Modified: modifiedOf(s.entries), Schema: "https://www.rfc-editor.org/rfc/rfc4287",
		Records: len(f.Entries), Description: s.desc}, data)
	return nil
}

// summaryText returns the opening of text as a feed's summary: its words
// joined by single spaces, cut to n runes, as cut(strings.Join(
// strings.Fields(text), " "), n) — which split and joined a whole body for
// its first n runes.
func summaryText(text string, n int) string {
	var b strings.Builder
	runes := 0 // written to b; n+1 tell cut to mark the cut
	for w := range strings.FieldsSeq(text) {
		if runes > n {
			break
		}
		if runes > 0 {
			b.WriteByte(' ')
			runes++
		}
		for i := 0; i < len(w) && runes <= n; runes++ {
			_, size := utf8.DecodeRuneInString(w[i:])
			b.WriteString(w[i : i+size])
			i += size
		}
	}
	return cut(b.String(), n)
}

// EntryTag returns the Atom id of entry e: tag:<feed_authority>:<kind>/<id>,
// or without feed_authority its page's URL.
func EntryTag(site *content.Site, e *content.Entry) string {
	return site.TagURI(string(e.Kind)+"/"+e.ID, e.URL())
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

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
	// Alternates are the page in each language of the interface, when
	// the site has several (xhtml:link, as search engines read them).
	Alternates []xhtmlLink
}

type xhtmlLink struct {
	XMLName  xml.Name `xml:"http://www.w3.org/1999/xhtml link"`
	Rel      string   `xml:"rel,attr"`
	Hreflang string   `xml:"hreflang,attr"`
	Href     string   `xml:"href,attr"`
}

// neutralPath returns the path of the page at p in the site's first
// language: p without the prefix of another language (/en/actions/ →
// /actions/), and the index of that language.
func neutralPath(site *content.Site, p string) (string, int) {
	for i, l := range site.Languages {
		if rest, ok := strings.CutPrefix(p, "/"+l+"/"); ok && i > 0 {
			return "/" + rest, i
		}
	}
	return p, 0
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
	site := x.cat.Site
	pages = slices.DeleteFunc(pages, func(p string) bool {
		n, _ := neutralPath(site, p)
		return slices.ContainsFunc(x.cat.Redirects, func(r content.Redirect) bool { return r.URL() == n })
	})
	listed := map[string]bool{}
	for _, p := range pages {
		listed[p] = true
	}
	// Written as it is made, a URL at a time: at 100,000 entries in two
	// languages the sitemap is about 100 MB of XML, and held whole, with
	// its URLs as values, it was the build's largest single buffer.
	s, err := x.create(sitemapPath)
	if err != nil {
		return err
	}
	defer s.abort()
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ") // as inside <urlset> written whole
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range pages {
		n, _ := neutralPath(site, p)
		u := sitemapURL{Loc: x.abs(p)}
		if t := mod[n]; !t.IsZero() {
			u.LastMod = date(t)
		}
		for i, l := range site.Languages {
			alt := n
			if i > 0 {
				alt = "/" + l + n
			}
			if len(site.Languages) > 1 && listed[alt] {
				u.Alternates = append(u.Alternates, xhtmlLink{Rel: "alternate", Hreflang: l, Href: x.abs(alt)})
			}
		}
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
		s.buf = append(s.buf, b.Bytes()...)
		b.Reset()
		s.spill()
	}
	s.buf = append(s.buf, "\n</urlset>\n"...)
	x.finish(s, File{Path: sitemapPath, Format: "XML", MediaType: "application/xml", Role: "sitemap", Records: len(pages),
		Schema: "https://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd", Modified: x.modified,
		Description: "Sitemap of the portal's pages, for search engines."})
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
