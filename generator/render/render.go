// Package render writes the portal's HTML pages from the theme's templates:
// home, a page per collection, per entry (with its latest changes) and per
// facet value, what's new, search, open data, accessibility statement and
// 404. Template functions are pure:
// they read the catalogue and the theme's strings, never files.
package render

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"catalogue/generator/content"
	"catalogue/generator/coverage"
	"catalogue/generator/export"
	"catalogue/generator/markdown"
	"catalogue/internal/atomicfile"
	"catalogue/internal/outfile"
	"catalogue/internal/parallel"
	"catalogue/internal/progress"
)

// A Renderer renders one catalogue with one theme.
type Renderer struct {
	theme fs.FS
	cat   *content.Catalogue
	md    *markdown.Markdown
	lang  string
	// prefix is where the pages in lang are: "" for the site's first
	// language, at its root, "/en" for another.
	prefix string
	// site is cat.Site as a reader of lang sees it (content.Site.In).
	site *content.Site
	// langs are the renderers of every language of the site, the first
	// language's first: the same slice in each. The first one's methods
	// render every language; the others are reached through it.
	langs   []*Renderer
	strings map[string]string
	tmpl    map[string]*template.Template
	// parsed holds the page templates compile rewrote as the theme wrote
	// them: a page that fails is executed again with them, so that its
	// message names what the theme wrote, not what compile made of it.
	parsed map[string]*template.Template
	// linkTmpl is a copy of tmpl["home"] in which link executes
	// entry-link and nothing else, so that compile can rewrite it.
	linkTmpl *template.Template
	base     string   // path of base_url, e.g. "/" or "/catalogue/"
	navDirs  []string // the collections' paths, for navKey
	facets   []Facet
	rows     int // rows per page of a collection table or facet value
	cov      *coverage.Report
	// byKind holds the entries of each kind, in id order.
	byKind map[content.Kind][]*content.Entry

	// cache is what the renderer keeps between pages and, under serve,
	// shares with the renderer of the next edit (see Reuse).
	cache editCache
	// words holds each kind's word index, for the explorer's text filter.
	words *wordsCache
}

// A bodyWriter is a buffer that goldmark, which renders the bodies, writes
// to as it is: it wraps any writer without Flush and Buffered in a new
// bufio.Writer of 4 KB, 40 MB for 10,000 bodies.
type bodyWriter struct{ bytes.Buffer }

func (*bodyWriter) Buffered() int { return 0 }
func (*bodyWriter) Flush() error  { return nil }

// The page templates of a theme, each executed with the layout of
// templates/base.html.
var pageTemplates = []string{"home", "collection", "entry", "facets", "facet", "search", "opendata", "accessibility", "404", "moved", "coverage", "changes"}

// New parses the theme's templates and strings for each of cat's UI
// languages, and returns the renderer of the first, which renders them all.
func New(theme fs.FS, cat *content.Catalogue, md *markdown.Markdown) (*Renderer, error) {
	return newRenderers(theme, cat, md, true)
}

// newRenderers returns the renderers of New, with their templates
// compiled or as parsed.
func newRenderers(theme fs.FS, cat *content.Catalogue, md *markdown.Markdown, compile bool) (*Renderer, error) {
	langs := cat.Site.Languages
	if len(langs) == 0 {
		langs = []string{cat.Site.Language}
	}
	var all []*Renderer
	for i, lang := range langs {
		r, err := newRenderer(theme, cat, md, lang)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			r.prefix = "/" + lang
			r.cov = all[0].cov // the same content in every language
		}
		if compile {
			r.compile()
		}
		all = append(all, r)
	}
	for _, r := range all {
		r.langs = all
	}
	return all[0], nil
}

// newRenderer returns a renderer of lang, alone, with its templates as
// parsed.
func newRenderer(theme fs.FS, cat *content.Catalogue, md *markdown.Markdown, lang string) (*Renderer, error) {
	r := &Renderer{theme: theme, cat: cat, md: md, lang: lang, site: cat.Site.In(lang), tmpl: map[string]*template.Template{},
		rows: max(cat.Site.TableRows, 1), byKind: map[content.Kind][]*content.Entry{}, navDirs: collectionPaths(),
		words: &wordsCache{byKind: map[content.Kind]*wordsIndex{}}}
	r.cache.init(cat)
	for _, e := range cat.Entries {
		r.byKind[e.Kind] = append(r.byKind[e.Kind], e)
	}
	u, err := url.Parse(cat.Site.BaseURL)
	if err != nil {
		return nil, err
	}
	r.base = "/" + strings.Trim(u.Path, "/") + "/"
	if r.base == "//" {
		r.base = "/"
	}
	data, err := readThemeFile(theme, "i18n/"+r.lang+".json")
	if err != nil {
		return nil, fmt.Errorf("theme strings: %w", err)
	}
	if err := json.Unmarshal(data, &r.strings); err != nil {
		return nil, fmt.Errorf("theme strings i18n/%s.json: %w", r.lang, err)
	}
	base, err := parseTheme(template.New("base.html").Funcs(r.funcs()), theme, "base")
	if err != nil {
		return nil, err
	}
	for _, name := range pageTemplates {
		t, err := parseTheme(template.Must(base.Clone()), theme, name)
		if err != nil {
			return nil, err
		}
		r.tmpl[name] = t
	}
	if r.linkTmpl, err = r.tmpl["home"].Clone(); err != nil {
		return nil, err
	}
	r.facets = r.buildFacets()
	if lang == cat.Site.Language || len(cat.Site.Languages) == 0 {
		r.cov = coverage.Of(cat)
	}
	return r, nil
}

// parseTheme parses the theme's templates/NAME.html into t, under the
// name NAME.html, as t.ParseFS would, but reading the file as
// readThemeFile does.
func parseTheme(t *template.Template, theme fs.FS, name string) (*template.Template, error) {
	data, err := readThemeFile(theme, "templates/"+name+".html")
	if err != nil {
		return nil, err
	}
	into := t
	if t.Name() != name+".html" {
		into = t.New(name + ".html")
	}
	if _, err := into.Parse(string(data)); err != nil {
		return nil, err
	}
	return t, nil
}

// Reuse makes r share what prev executed of the theme's templates that
// depends only on what it shows: the entry links. prev must render the same
// theme and site configuration, as after an edit of entries under serve.
func (r *Renderer) Reuse(prev *Renderer) {
	if len(prev.langs) != len(r.langs) {
		return
	}
	for i, x := range r.langs {
		if x.lang == prev.langs[i].lang {
			x.cache.links = prev.langs[i].cache.links
		}
	}
}

// Page is what every template receives.
type Page struct {
	Site  *content.Site
	Lang  string
	Path  string // the page's own URL path, from the site root
	Title string
	// Template is the page template's name, for a class on <body>.
	Template string

	Entry      *content.Entry
	Body       template.HTML
	Collection content.Collection
	Entries    []*content.Entry
	Facet      *Facet
	Value      *FacetValue
	// Groups are the entries of a page of a facet value, by kind.
	Groups []Group
	Facets []Facet
	Counts []Count
	Files  []export.File
	// Columns and Rows are the table of a collection page; Explore is set
	// on those pages, for the explorer's form.
	Columns []Column
	Rows    []TableRow
	Explore *Explore
	// Charts are drawn on home, the coverage page and the first page of
	// each collection.
	Charts   []*Chart
	Coverage *coverage.Report
	// Panel is an entry's relations, "In the catalogue".
	Panel *Panel
	// Pager is set on a collection or facet value page when its list
	// spans several pages.
	Pager *Pager
	// Redirect is set on the page left at the URL of a renamed or removed
	// entry; Entry is then the entry that replaces it, if any.
	Redirect *content.Redirect
	// Changes are the latest changes, on the what's-new page, and
	// AllChanges how many there are in all.
	Changes    []content.Change
	AllChanges int
	// Alternates are the page in each language of the interface, the
	// first language's first, when the site has more than one.
	Alternates []Alternate
}

// An Alternate is a page in one language of the interface.
type Alternate struct {
	Lang string
	Name string // the language's name, in itself: "English", "Français"
	URL  string // its link, from the site root
	Abs  string // its absolute URL
}

// MaxChanges is how many of the latest changes the what's-new page lists;
// changes.json and changes.csv hold them all.
const MaxChanges = 500

// A Count is how many entries a collection holds.
type Count struct {
	Collection content.Collection
	N          int
}

// pages lists the pages of the site but the open-data page, without
// rendering them: every one, or with want only those at the paths it
// accepts, whose data alone is then computed.
func (r *Renderer) pages(want func(path string) bool) []Page {
	if want == nil {
		want = func(string) bool { return true }
	}
	// A page for each entry and a few hundred others: sized once, the
	// slice is not copied as it grows, at 500 bytes a page.
	pages := make([]Page, 0, len(r.cat.Entries)+len(r.cat.Redirects)+100)
	if want("/") {
		counts := []Count{}
		for _, c := range content.Collections() {
			counts = append(counts, Count{Collection: c, N: len(r.byKind[c.Kind])})
		}
		pages = append(pages, Page{Path: "/", Template: "home", Counts: counts, Facets: r.facets, Charts: r.homeCharts()})
	}
	if want(coveragePath) {
		pages = append(pages, Page{Path: coveragePath, Template: "coverage", Title: r.t("coverage.title"),
			Coverage: r.cov, Charts: slices.DeleteFunc([]*Chart{r.coverageChart("chart-coverage")}, func(c *Chart) bool { return c == nil })})
	}
	for _, c := range content.Collections() {
		all := r.byKind[c.Kind]
		var facets []Facet
		var explore []ExploreFacet // read from every entry of the kind: once, not once a page
		for i, path := range r.CollectionPages(c.Kind) {
			if !want(path) {
				continue
			}
			if facets == nil {
				facets = r.facetsOf(c.Kind)
			}
			if explore == nil {
				explore = r.exploreFacetsOf(c.Kind)
			}
			rows := all[min(i*r.rows, len(all)):min((i+1)*r.rows, len(all))]
			cols := r.columns(c.Kind)
			p := Page{Path: path, Template: "collection", Title: r.t("kind." + string(c.Kind) + ".plural"),
				Collection: c, Entries: rows, Facets: facets, Columns: cols, Rows: r.tableRows(cols, rows),
				Explore: &Explore{Rows: r.prefix + rowsPath(c.Kind), Facets: explore, PageRows: r.rows}}
			if i == 0 {
				p.Charts = r.chartsOf(c.Kind)
			}
			if len(all) > r.rows {
				p.Pager = r.pager("pager.label", r.CollectionPages(c.Kind), i, len(all))
			}
			pages = append(pages, p)
		}
	}
	for _, c := range content.Collections() {
		for _, path := range r.rowsPaths(c.Kind) {
			if want(path) {
				pages = append(pages, Page{Path: path, Template: "rows", Collection: c})
			}
		}
	}
	for _, e := range r.cat.Entries {
		if path := e.URL(); want(path) {
			pages = append(pages, Page{Path: path, Template: "entry", Title: e.Title, Entry: e})
		}
	}
	for i := range r.facets {
		f := &r.facets[i]
		if want(f.URL) {
			pages = append(pages, Page{Path: f.URL, Template: "facets", Title: r.t(f.Key + ".plural"), Facet: f})
		}
		for j := range f.Values {
			v := &f.Values[j]
			for k, path := range v.Pages {
				if !want(path) {
					continue
				}
				rows := v.Entries[k*r.rows : min((k+1)*r.rows, len(v.Entries))]
				p := Page{Path: path, Template: "facet", Title: v.Label, Facet: f, Value: v, Entries: rows, Groups: groups(v, rows)}
				if len(v.Pages) > 1 {
					p.Pager = r.pager("facet.pager", v.Pages, k, len(v.Entries))
				}
				pages = append(pages, p)
			}
		}
	}
	for i := range r.cat.Redirects {
		rd := &r.cat.Redirects[i]
		if path := rd.URL(); want(path) {
			pages = append(pages, Page{Path: path, Template: "moved", Title: rd.From, Redirect: rd, Entry: r.cat.Entry(rd.To)})
		}
	}
	if want(export.ChangesPage) {
		pages = append(pages, Page{Path: export.ChangesPage, Template: "changes", Title: r.t("changes.title"),
			Changes: r.cat.Changes[:min(len(r.cat.Changes), MaxChanges)], AllChanges: len(r.cat.Changes)})
	}
	for _, p := range []Page{
		{Path: "/search/", Template: "search", Title: r.t("search.title"), Facets: r.facets},
		{Path: "/accessibility/", Template: "accessibility", Title: r.t("a11y.title")},
		{Path: "/404.html", Template: "404", Title: r.t("404.title")},
	} {
		if want(p.Path) {
			pages = append(pages, p)
		}
	}
	return pages
}

// A Pager links the pages of a long collection table or facet value.
type Pager struct {
	Label       string // i18n key of the name of its navigation landmark
	Page, Pages int    // 1-based
	First, Last int    // rows shown, 1-based
	Total       int
	Prev, Next  string
	Links       []string // every page, in order
}

// CollectionPages returns the paths of the pages of kind k's table: its
// collection page, then /<dir>/page/2/ … when it holds more rows than a
// page shows. A table of thousands of rows is slow to read on a phone
// and to rewrite under serve.
func (r *Renderer) CollectionPages(k content.Kind) []string {
	c, _ := content.CollectionOf(k)
	return r.pagePaths("/"+c.Dir+"/", len(r.byKind[k]))
}

// pagePaths returns the paths of the pages of a list of n rows whose first
// page is at first: first, then first/page/2/ …
func (r *Renderer) pagePaths(first string, n int) []string {
	paths := []string{first}
	for i := 1; i < (n+r.rows-1)/r.rows; i++ {
		paths = append(paths, pagePath(first, i))
	}
	return paths
}

// pagePath returns the path of page i, from 0, of a list whose first page
// is at first.
func pagePath(first string, i int) string {
	if i == 0 {
		return first
	}
	return fmt.Sprintf("%spage/%d/", first, i+1)
}

func (r *Renderer) pager(label string, links []string, i, total int) *Pager {
	p := &Pager{Label: label, Page: i + 1, Pages: len(links), First: i*r.rows + 1, Last: min((i+1)*r.rows, total), Total: total, Links: links}
	if i > 0 {
		p.Prev = links[i-1]
	}
	if i+1 < len(links) {
		p.Next = links[i+1]
	}
	return p
}

// Site writes every page but the open-data page under dir, with the
// theme's static files, and returns how many pages it wrote; w counts
// every file.
func (r *Renderer) Site(ctx context.Context, dir string, w *Written) (int, error) {
	if err := r.copyStatic(dir, w); err != nil {
		return 0, err
	}
	if err := r.writeCodes(dir, false, w); err != nil {
		return 0, err
	}
	lists := make([][]Page, len(r.langs))
	n := 0
	for i, x := range r.langs {
		lists[i] = x.pages(nil)
		n += len(lists[i])
	}
	return n, r.writeAll(ctx, dir, lists, false, w)
}

// Paths returns the site paths of the pages the renderer writes, those
// of Site and the open-data page, sorted: the pages a sitemap lists.
// Files that are not pages (404.html) are left out.
//
// With several languages, it lists those of each, the others under their
// prefix (/en/actions/).
func (r *Renderer) Paths() []string {
	var paths []string
	for _, x := range r.langs {
		paths = append(paths, x.prefix+openDataPath)
		// Asked for none, pages names every path and computes no page.
		x.pages(func(path string) bool {
			if strings.HasSuffix(path, "/") {
				paths = append(paths, x.prefix+path)
			}
			return false
		})
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// writeAll writes the pages of lists, those of each language of r.langs
// at its index. The pages of one entry in every language are written by
// one job, which renders its body once: the body is the same text in every
// language but for the links to other entries.
func (r *Renderer) writeAll(ctx context.Context, dir string, lists [][]Page, replace bool, w *Written) error {
	var jobs [][]task
	byPath := map[string]int{} // the job of an entry's page, by path
	for i, pages := range lists {
		x := r.langs[i]
		for k := range pages {
			p := &pages[k]
			entry := len(lists) > 1 && p.Entry != nil && p.Redirect == nil
			if j, ok := byPath[p.Path]; ok && entry {
				jobs[j] = append(jobs[j], task{x, p})
				continue
			}
			if entry && i == 0 {
				byPath[p.Path] = len(jobs)
			}
			jobs = append(jobs, []task{{x, p}})
		}
	}
	counted := progress.Of(ctx, progress.Render)
	total := 0
	for _, pages := range lists {
		total += len(pages)
	}
	counted.SetTotal(total)
	return parallel.Run(ctx, len(jobs), parallel.Options{}, func(i int) error {
		var body *sharedBody
		shared := &body
		if len(jobs[i]) == 1 {
			shared = nil // a page in one language: no body to share
		}
		for _, t := range jobs[i] {
			if err := t.r.write(dir, *t.p, replace, shared, w); err != nil {
				return err
			}
			counted.Add(1)
		}
		return nil
	})
}

// A task is a page to write in one language: the page in its list, not a
// copy of its 500 bytes for each of thousands of tasks.
type task struct {
	r *Renderer
	p *Page
}

// Changed returns the paths of the pages that may differ between the site
// prev rendered and the one r renders, when the entries with the given ids
// are the only ones that changed (were edited, added or removed) between
// their catalogues. Pages prev had and r has not are among them: Update
// removes those.
//
// It knows what each page shows of an entry: keep it in step with the
// templates. Its test is TestUpdateMatchesFullBuild in package generator.
//
// With several languages, it names the pages of each, the others under
// their prefix.
func (r *Renderer) Changed(prev *Renderer, ids []string) []string {
	if len(r.langs) == 1 || len(prev.langs) != len(r.langs) {
		return r.changed(prev, ids)
	}
	set := map[string]bool{}
	for i, x := range r.langs {
		for _, path := range x.changed(prev.langs[i], ids) {
			set[x.prefix+path] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// changed is Changed for r's language alone, with paths from its prefix.
func (r *Renderer) changed(prev *Renderer, ids []string) []string {
	set := map[string]bool{}
	prev.dependents(ids, set)
	r.dependents(ids, set)
	// Home lists the collections' counts, the programmes and the facet
	// values with their counts; search, the programmes and the values.
	everywhere := func() { set["/"], set["/search/"] = true, true }
	// What's new names the entries it lists by their titles.
	set[export.ChangesPage] = true
	if len(ids) > 0 {
		// Home, the coverage page, the first page of each collection
		// (their charts) and the explorers' rows count or show entries
		// of every kind.
		set["/"], set[coveragePath] = true, true
		for _, c := range content.Collections() {
			set[r.CollectionPages(c.Kind)[0]] = true
			for _, path := range append(prev.rowsPaths(c.Kind), r.rowsPaths(c.Kind)...) {
				set[path] = true
			}
		}
	}
	for _, id := range ids {
		before, after := prev.cat.Entry(id), r.cat.Entry(id)
		if (before == nil) != (after == nil) {
			// An entry added or removed moves every later row of its
			// table, and changes the count of every page.
			k := cmp.Or(before, after).Kind
			addAll(set, prev.CollectionPages(k), r.CollectionPages(k))
			everywhere()
		}
		for _, e := range []*content.Entry{before, after} {
			if e != nil && e.Kind == content.KindProgramme {
				everywhere()
			}
		}
	}
	for i := range r.facets {
		pf, rf := &prev.facets[i], &r.facets[i]
		for _, id := range facetIDs(prev, r, pf.Name, ids) {
			pv, rv := pf.value(id), rf.value(id)
			if sameValue(pv, rv) {
				continue
			}
			// A value gained or lost an entry, or its label changed:
			// the rows of its later pages moved, every page counts them,
			// and so do the facet page, home and the filters of the
			// collection tables of the kinds whose count or first page
			// changed.
			if pv != nil {
				addAll(set, pv.Pages)
			}
			if rv != nil {
				addAll(set, rv.Pages)
			}
			set[rf.URL] = true
			everywhere()
			for _, c := range content.Collections() {
				pu, pn := prev.kindPage(pv, c.Kind)
				ru, rn := r.kindPage(rv, c.Kind)
				relabelled := pv != nil && rv != nil && pv.Label != rv.Label
				if pu != ru || pn != rn || pn > 0 && relabelled {
					addAll(set, prev.CollectionPages(c.Kind), r.CollectionPages(c.Kind))
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// dependents adds to set the paths of the pages of r that show something
// of the entries with the given ids, when the entries those pages list stay
// the same: their own pages, the pages of the entries they link to or are
// linked from, the rows of their collection tables, the pages of the facet
// values that list them, the pages that redirect to them.
func (r *Renderer) dependents(ids []string, set map[string]bool) {
	addEntry := func(e *content.Entry) {
		set[e.URL()] = true
		set[r.tablePage(e)] = true
	}
	for _, id := range ids {
		e := r.cat.Entry(id)
		if e == nil {
			continue
		}
		addEntry(e)
		for _, l := range e.Links {
			addEntry(l.Entry)
		}
		for _, l := range e.Backlinks {
			addEntry(l.Entry)
		}
		// The panels that list it further along the chain.
		for _, next := range []func(*content.Entry) []*content.Entry{chainUp, chainDown} {
			seen := map[*content.Entry]bool{e: true}
			for level := next(e); len(level) > 0; {
				var more []*content.Entry
				for _, x := range level {
					if !seen[x] {
						seen[x] = true
						addEntry(x)
						more = append(more, next(x)...)
					}
				}
				level = more
			}
		}
		for _, rd := range r.cat.Redirects {
			if rd.To == e.ID {
				set[rd.URL()] = true // it shows the new entry's title
			}
		}
		for i := range r.facets {
			f := &r.facets[i]
			for _, vid := range r.facetValues(f.Name, e) {
				if page := r.pageOf(f.value(vid), e); page != "" {
					set[page] = true
				}
			}
		}
	}
}

// facetIDs returns the ids of the values of facet name that the entries
// with the given ids have in either renderer's catalogue.
func facetIDs(prev, r *Renderer, name string, ids []string) []string {
	var out []string
	for _, x := range []*Renderer{prev, r} {
		for _, id := range ids {
			if e := x.cat.Entry(id); e != nil {
				out = append(out, x.facetValues(name, e)...)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sameValue reports whether two values of a facet, from two catalogues,
// have the same label and list the same entries.
func sameValue(a, b *FacetValue) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Label == b.Label && slices.EqualFunc(a.Entries, b.Entries, func(x, y *content.Entry) bool { return x.ID == y.ID })
}

func addAll(set map[string]bool, lists ...[]string) {
	for _, l := range lists {
		for _, p := range l {
			set[p] = true
		}
	}
}

// tablePage returns the page of e's collection table that shows its row.
func (r *Renderer) tablePage(e *content.Entry) string {
	i, _ := slices.BinarySearchFunc(r.byKind[e.Kind], e, func(a, b *content.Entry) int { return content.CompareIDs(a.ID, b.ID) })
	return pagePath("/"+e.Collection().Dir+"/", i/r.rows)
}

// Update renders the pages at paths in place under dir, and removes those
// that no longer exist (a facet value no entry has any more). Each file is
// replaced atomically, so a browser never reads half a page.
func (r *Renderer) Update(ctx context.Context, dir string, paths []string) (int, error) {
	lists := make([][]Page, len(r.langs))
	n := 0
	for i, x := range r.langs {
		want := map[string]bool{}
		for _, path := range paths {
			if x.prefix == "" && langOf(r.langs, path) == 0 {
				want[path] = true
			} else if rest, ok := strings.CutPrefix(path, x.prefix+"/"); ok && x.prefix != "" {
				want["/"+rest] = true
			}
		}
		todo, err := x.remove(dir, want)
		if err != nil {
			return 0, err
		}
		lists[i] = todo
		n += len(todo)
	}
	if err := r.writeCodes(dir, true, nil); err != nil {
		return 0, err
	}
	return n, r.writeAll(ctx, dir, lists, true, nil)
}

// langOf returns the index in langs of the language of the page at path:
// that of its prefix, or the first.
func langOf(langs []*Renderer, path string) int {
	for i, x := range langs {
		if x.prefix != "" && strings.HasPrefix(path, x.prefix+"/") {
			return i
		}
	}
	return 0
}

// remove removes under dir the pages of r's language at the paths of want
// that no longer exist, and returns those that do.
func (r *Renderer) remove(dir string, want map[string]bool) ([]Page, error) {
	todo := r.pages(func(path string) bool { return want[path] })
	for _, p := range todo {
		delete(want, p.Path)
	}
	for _, path := range slices.Sorted(maps.Keys(want)) {
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.prefix+path, "/")))
		if strings.HasSuffix(path, "/") {
			if err := os.RemoveAll(file); err != nil {
				return nil, err
			}
		} else if isRowsPart(path) {
			// A part of an explorer's rows past the collection's end.
			if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
				return nil, err
			}
		}
	}
	return todo, nil
}

const (
	openDataPath = "/open-data/"
	coveragePath = "/coverage/"
)

// Explore is what a collection page's explorer needs: where to fetch every
// row, the facets of its form, and how many rows a page shows.
type Explore struct {
	Rows     string
	Facets   []ExploreFacet
	PageRows int
}

// OpenData writes the open-data page, which lists the files the export
// wrote with their sizes; w counts its files.
func (r *Renderer) OpenData(dir string, files []export.File, w *Written) (int, error) {
	for _, x := range r.langs {
		if err := x.write(dir, Page{Path: openDataPath, Template: "opendata", Title: x.t("opendata.title"), Files: files}, true, nil, w); err != nil {
			return 0, err
		}
	}
	return len(r.langs), nil
}

// write writes page p under dir, counted in w. body, when not nil, holds
// the body of p's entry as another language rendered it, or receives it.
func (r *Renderer) write(dir string, p Page, replace bool, body **sharedBody, w *Written) error {
	buf, _ := r.cache.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer r.cache.bufs.Put(buf)
	buf.Reset()
	if err := r.execute(buf, p, body); err != nil {
		return err
	}
	file := r.prefix + p.Path
	if strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	return writeFile(dir, file, buf.Bytes(), replace, w)
}

// execute writes page p to w. shared, when not nil, holds the body of p's
// entry as another language rendered it, or receives it.
func (r *Renderer) execute(w io.Writer, p Page, shared **sharedBody) error {
	if p.Template == "rows" {
		var data []byte
		var err error
		switch file, n, _ := rowsFile(p.Collection.Kind, p.Path); file {
		case rowsIndexFile:
			data, err = r.rowsJSON(p.Collection.Kind)
		case rowsPartFile:
			data, err = r.rowsPartJSON(p.Collection.Kind, n)
		case wordsFile:
			data, err = r.wordsJSON(p.Collection.Kind, n)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p.Path, err)
		}
		_, err = w.Write(data)
		return err
	}
	p.Site, p.Lang = r.site, r.lang
	if len(r.langs) > 1 {
		p.Alternates = r.alternates(p.Path)
	}
	if p.Entry != nil && p.Redirect == nil {
		if shared != nil && *shared != nil {
			if html, ok := (*shared).in(r); ok {
				p.Body = template.HTML(html)
			}
		}
		if p.Body == "" {
			var links *[]bodyLink
			if shared != nil {
				links = new([]bodyLink)
			}
			html, err := r.body(p.Entry, links)
			if err != nil {
				return err
			}
			p.Body = template.HTML(html)
			if shared != nil && *shared == nil {
				*shared = &sharedBody{html: html, links: *links}
			}
		}
		p.Panel = r.panel(p.Entry)
	}
	// The page by its address: the templates pass it to chrome and
	// feedURL, which would copy its 500 bytes at each call.
	if err := r.tmpl[p.Template].ExecuteTemplate(w, "base.html", &p); err != nil {
		if t := r.parsed[p.Template]; t != nil {
			if perr := t.ExecuteTemplate(io.Discard, "base.html", &p); perr != nil {
				err = perr
			}
		}
		return fmt.Errorf("page %s: %w", p.Path, err)
	}
	return nil
}

// writeFile writes data at the site path file under dir, refusing a path
// that would leave dir, and counts it in w. With replace, the file is
// swapped in atomically, for a tree that is being served.
func writeFile(dir, file string, data []byte, replace bool, w *Written) error {
	clean := path.Clean("/" + file)
	if clean != "/"+strings.TrimPrefix(file, "/") || strings.Contains(file, "\\") {
		return fmt.Errorf("refusing to write %q: not a clean path inside the site", file)
	}
	full := filepath.Join(dir, filepath.FromSlash(clean))
	// Most pages are alone in a new folder whose parent exists: one mkdir
	// in place of MkdirAll's stat, stat of the parent and mkdir.
	if err := os.Mkdir(filepath.Dir(full), 0o755); err != nil {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
	}
	w.add(len(data)) // on an error the build fails, its count unread
	if !replace {
		return outfile.Write(full, data)
	}
	return atomicfile.Write(full, data)
}

// copyStatic copies the theme's static/ folder to the site root, reading
// each file as readThemeFile does: a link is an error, never followed. A
// folder whose name ends in .d (js/search.js.d) becomes the one file its
// name says without the .d (js/search.js), its files concatenated in name
// order: a script kept in modules for its readers costs the browser one
// request, and works from any static host.
func (r *Renderer) copyStatic(dir string, w *Written) error {
	if err := themeFileOK(r.theme, "static", true); err != nil {
		return err
	}
	return fs.WalkDir(r.theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		var data []byte
		switch {
		case d.IsDir() && p != "static" && strings.HasSuffix(p, ".d"):
			if data, err = concatParts(r.theme, p); err != nil {
				return err
			}
			if err := writeFile(dir, strings.TrimSuffix(strings.TrimPrefix(p, "static/"), ".d"), data, false, w); err != nil {
				return err
			}
			return fs.SkipDir
		case d.IsDir():
			return nil
		}
		if data, err = readThemeFile(r.theme, p); err != nil {
			return err
		}
		return writeFile(dir, strings.TrimPrefix(p, "static/"), data, false, w)
	})
}

// concatParts returns the files of the folder p of fsys concatenated in
// name order. A part is a file: a folder in it is an error.
func concatParts(fsys fs.FS, p string) ([]byte, error) {
	parts, err := fs.ReadDir(fsys, p)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, part := range parts {
		if !part.Type().IsRegular() {
			return nil, fmt.Errorf("theme %s/%s: a part of %s must be a file", p, part.Name(), strings.TrimSuffix(path.Base(p), ".d"))
		}
		data, err := readThemeFile(fsys, path.Join(p, part.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, data...)
	}
	return out, nil
}

// body renders the body of entry e, recording in links, when not nil,
// the links to other entries it writes.
func (r *Renderer) body(e *content.Entry, links *[]bodyLink) (string, error) {
	body, _ := r.cache.bodies.Get().(*bodyWriter)
	if body == nil {
		body = new(bodyWriter)
	}
	defer r.cache.bodies.Put(body)
	body.Reset()
	if err := r.md.Render(body, []byte(e.Body), resolver{r, e.URL(), links}); err != nil {
		return "", fmt.Errorf("%s: %w", e.File, err)
	}
	return body.String(), nil
}

// alternates returns the page at path in every language.
func (r *Renderer) alternates(path string) []Alternate {
	out := make([]Alternate, len(r.langs))
	for i, x := range r.langs {
		out[i] = Alternate{Lang: x.lang, Name: x.t("lang.self"), URL: x.url(path), Abs: x.abs(path)}
	}
	return out
}

// resolver turns codes written in a body into links from the page at from,
// and records them in links when it is not nil.
type resolver struct {
	r     *Renderer
	from  string
	links *[]bodyLink
}

func (res resolver) Resolve(id string) (href, title string, ok bool) {
	e := res.r.cat.Entry(id)
	if e == nil {
		return "", "", false
	}
	href = res.r.url(e.URL())
	if res.links != nil {
		*res.links = append(*res.links, bodyLink{href: href, path: e.URL()})
	}
	return href, e.Title, true
}

// A bodyLink is a link to an entry that a body holds: the href written,
// and the entry's path.
type bodyLink struct{ href, path string }

// A sharedBody is an entry's body as one language rendered it, which the
// others take with its links to entries pointed at their own pages: the
// body is the entry's text, the same in every language of the interface.
type sharedBody struct {
	html  string
	links []bodyLink
}

// in returns the body with its links to entries as r writes them; false
// when a link is written in a way this does not know to rewrite (escaped),
// and r must render the body itself.
func (b *sharedBody) in(r *Renderer) (string, bool) {
	html := b.html
	done := map[string]bool{}
	for _, l := range b.links {
		if done[l.href] {
			continue
		}
		done[l.href] = true
		to := r.url(l.path)
		if !plainURL(l.href) || !plainURL(to) {
			return "", false
		}
		html = strings.ReplaceAll(html, `class="code-ref" href="`+l.href+`"`, `class="code-ref" href="`+to+`"`)
	}
	return html, true
}

// plainURL reports whether s holds only characters that the Markdown
// renderer writes in an href as they are.
func plainURL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
