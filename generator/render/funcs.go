package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"catalogue/generator/content"
	"catalogue/generator/export"
)

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"t":           r.tErr,
		"url":         r.url,
		"abs":         r.abs,
		"root":        func() string { return r.base },
		"kind":        r.kind,
		"kinds":       r.kinds,
		"theme":       r.themeLabel,
		"themeURL":    func(id string) string { return r.url("/themes/" + id + "/") },
		"ownerURL":    func(id string) string { return r.url("/owners/" + id + "/") },
		"ownerName":   r.ownerName,
		"ownerLabel":  r.ownerLabel,
		"country":     r.country,
		"date":        r.date,
		"isodate":     func(t time.Time) string { return t.Format(time.DateOnly) },
		"editURL":     r.editURL,
		"jsonURL":     func(e *content.Entry) string { return r.url(JSONPath(e)) },
		"entry":       r.cat.Entry,
		"collection":  r.cat.Collection,
		"otherLang":   func(e *content.Entry) bool { return string(e.Lang) != r.lang },
		"hasPrefix":   strings.HasPrefix,
		"hasSuffix":   strings.HasSuffix,
		"add":         func(a, b int) int { return a + b },
		"chrome":      r.chrome,
		"link":        r.link,
		"join":        strings.Join,
		"fmtNum":      fmtNum,
		"count":       func(es []*content.Entry, k content.Kind) int { return countKind(es, k) },
		"collections": content.Collections,
		"files":       func(all []export.File, roles ...string) []export.File { return filesByRole(all, roles, true) },
		"filesExcept": func(all []export.File, roles ...string) []export.File { return filesByRole(all, roles, false) },
		"num":         r.num,
		"numIn":       func(lang content.Lang, v any) (string, error) { return numIn(string(lang), v) },
		"plural":      r.plural,
		"size":        func(n int64) string { return formatSize(r.lang, n) },
		"pdate":       func(s string) string { return formatPartialDate(r.lang, s) },
		"breakable":   breakable,
		"history":     r.history,
		"commitURL":   r.cat.Site.CommitLink,
		"historyURL":  func(e *content.Entry) string { return r.cat.Site.HistoryLink(e.File) },
		"shortHash":   func(h string) string { return h[:min(len(h), 8)] },
		"feedURL":     r.feedURL,
		"historyNote": func() bool { return r.cat.History == nil || r.cat.History.Note != "" },
		"collectionDir": func(k content.Kind) string {
			c, _ := content.CollectionOf(k)
			return c.Dir
		},
	}
}

// EntryHistory is how many of an entry's latest changes its page lists;
// the forge's history of its file has them all.
const EntryHistory = 10

// history returns the latest changes of entry e, newest first.
func (r *Renderer) history(e *content.Entry) []content.Change {
	h := r.cat.History.Of(e.File)
	return h[:min(len(h), EntryHistory)]
}

// feedURL returns the Atom feed of page p's list, for a collection or a
// theme, or "".
func (r *Renderer) feedURL(p *Page) string {
	switch {
	case p.Template == "collection":
		return r.url(export.FeedPath(p.Collection.Dir, ""))
	case p.Template == "facet" && p.Facet != nil && p.Facet.Name == "theme" && p.Value != nil:
		return r.url(export.FeedPath("themes", p.Value.ID))
	}
	return ""
}

// ownerName returns the full name of the owner id in the interface's
// language, or its label when the sources give none.
func (r *Renderer) ownerName(id string) string {
	o, _ := r.cat.Site.OwnerByID(id)
	return cmp.Or(o.Name(r.lang), id)
}

// ownerLabel returns the short label of the owner id, usually its acronym.
func (r *Renderer) ownerLabel(id string) string {
	o, _ := r.cat.Site.OwnerByID(id)
	return cmp.Or(o.Label, id)
}

// country names a country by its ISO code in the interface's language;
// a code the theme has no name for shows as itself.
func (r *Renderer) country(code string) string {
	if s, err := r.tErr("country." + code); err == nil {
		return s
	}
	return code
}

// filesByRole returns the files of all whose role is one of roles (in), or
// none of them (!in), in order. The open-data page lists the files by role,
// a dozen times: going through all of them, one per entry, for each list
// took as long as rendering a few thousand entry pages.
func filesByRole(all []export.File, roles []string, in bool) []export.File {
	var out []export.File
	for _, f := range all {
		if slices.Contains(roles, f.Role) == in {
			out = append(out, f)
		}
	}
	return out
}

// JSONPath is where the open-data export writes an entry's JSON.
func JSONPath(e *content.Entry) string {
	return "/api/v1/" + e.Collection().Dir + "/" + e.ID + ".json"
}

func countKind(es []*content.Entry, k content.Kind) int {
	n := 0
	for _, e := range es {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// t returns the theme's string for key; a key the theme lacks shows as
// itself, and tErr, used by templates, fails the build instead.
func (r *Renderer) t(key string) string {
	if s, ok := r.strings[key]; ok {
		return s
	}
	return key
}

func (r *Renderer) tErr(key string) (string, error) {
	s, ok := r.strings[key]
	if !ok {
		return "", fmt.Errorf("theme string %q missing from i18n/%s.json", key, r.lang)
	}
	return s, nil
}

// kind returns the name of kind k, kinds its plural. An entry page names
// kinds five times: the key is made for the lookup alone, on the stack,
// not on the heap for an error message seldom written.
func (r *Renderer) kind(k content.Kind) (string, error) {
	if s, ok := r.strings["kind."+string(k)]; ok {
		return s, nil
	}
	return r.tErr("kind." + string(k))
}

func (r *Renderer) kinds(k content.Kind) (string, error) {
	if s, ok := r.strings["kind."+string(k)+".plural"]; ok {
		return s, nil
	}
	return r.tErr("kind." + string(k) + ".plural")
}

// num writes a number with the UI language's separators: 1 500 or 1,500.
func (r *Renderer) num(v any) (string, error) { return numIn(r.lang, v) }

func numIn(lang string, v any) (string, error) {
	x, err := toFloat(v)
	if err != nil {
		return "", err
	}
	return formatNumber(lang, x), nil
}

// plural returns the theme's string key.one or key.other, by the CLDR
// plural rule of the UI language for n, with {n} replaced by n written
// for the language: "1 entrée", "0 entrée", "2 entrées"; "1 entry".
func (r *Renderer) plural(key string, v any) (string, error) {
	x, err := toFloat(v)
	if err != nil {
		return "", fmt.Errorf("plural %q: %w", key, err)
	}
	form := "other"
	if x == float64(int(x)) {
		form = pluralForm(r.lang, int(x))
	}
	s, err := r.tErr(key + "." + form)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(s, "{n}", formatNumber(r.lang, x)), nil
}

// breakable escapes a path or an address and lets it wrap after a slash
// or before a dot (<wbr>), as addresses are divided in print, so that a
// table of long paths fits a page without cutting a word in the middle.
func breakable(s string) template.HTML {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(template.HTMLEscapeString(p), ".", "<wbr>.")
	}
	return template.HTML(strings.Join(parts, "/<wbr>"))
}

// url prefixes a site path with the base URL's path, so the portal works
// when published below a folder, and a page's path (/actions/, not
// /api/v1/actions.json) with the prefix of the renderer's language.
func (r *Renderer) url(p string) string {
	if r.prefix != "" && isPage(p) {
		return r.base + r.prefix[1:] + "/" + strings.TrimPrefix(p, "/")
	}
	if r.base == "/" && strings.HasPrefix(p, "/") {
		// At the root of its domain, a site's URLs are its paths: as
		// they are, not a copy for each link of each page.
		return p
	}
	return r.base + strings.TrimPrefix(p, "/")
}

// abs returns the absolute URL of a site path, in the renderer's language
// for a page.
func (r *Renderer) abs(p string) string {
	if r.prefix != "" && isPage(p) {
		p = r.prefix + p
	}
	return r.cat.Site.AbsURL(p)
}

// isPage reports whether the site path p is a page, which exists in each
// language of the interface, rather than a file of the site's one set of
// styles, scripts and data: a page's path ends with a slash (404.html is
// the one exception).
func isPage(p string) bool {
	return strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html")
}

func (r *Renderer) themeLabel(id string) string {
	if t, ok := r.cat.Site.ThemeByID(id); ok {
		return t.Label(r.lang)
	}
	return id
}

var monthsFR = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func (r *Renderer) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if r.lang == "fr" {
		d := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			d = "1er"
		}
		return d + " " + monthsFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2 January 2006")
}

func (r *Renderer) editURL(e *content.Entry) string {
	if r.cat.Site.EditURL == "" {
		return ""
	}
	return strings.ReplaceAll(r.cat.Site.EditURL, "{path}", e.File)
}

// chrome returns the page's header or footer, executed once per variant:
// they are the same on every page but for the navigation link marked
// aria-current, and executing them for each of thousands of pages was a
// third of rendering.
func (r *Renderer) chrome(name string, p *Page) (template.HTML, error) {
	key := chromeKey{name: name}
	if strings.HasPrefix(name, "header") {
		key.nav = navKey(r.navDirs, p.Path)
	}
	r.cache.chromeMu.Lock()
	html, ok := r.cache.chrome[key]
	r.cache.chromeMu.Unlock()
	if ok {
		return html, nil
	}
	var buf strings.Builder
	if err := r.tmpl["home"].ExecuteTemplate(&buf, name, p); err != nil {
		return "", err
	}
	html = template.HTML(buf.String())
	r.cache.chromeMu.Lock()
	r.cache.chrome[key] = html
	r.cache.chromeMu.Unlock()
	return html, nil
}

// A chromeKey names a variant of the header or footer: the template's
// name and, for the header, its navKey. A struct, not the two joined:
// a string made for each call of each page.
type chromeKey struct{ name, nav string }

// A linkKey is what the theme's entry-link template shows of an entry.
type linkKey struct {
	URL, ID, Title string
	Lang           content.Lang // when it is not the UI's
}

// A linkCache holds the entry links executed, by key. A renderer of the
// same theme after an edit shares its predecessor's (see Reuse).
type linkCache struct {
	sync.Mutex
	m map[linkKey]template.HTML
}

// link returns the theme's entry-link template executed for e. Lists of
// entries repeat the same links on many pages, thousands on the page of a
// source most entries cite: executing the template once per link made
// them three times faster to render.
func (r *Renderer) link(e *content.Entry) (template.HTML, error) {
	i, ok := r.cache.index[e]
	if !ok {
		return r.linkByKey(e)
	}
	if html := r.cache.linked[i].Load(); html != nil {
		return *html, nil
	}
	html, err := r.linkByKey(e)
	if err == nil {
		r.cache.linked[i].Store(&html)
	}
	return html, err
}

// linkByKey returns the link of e from the cache shared with Reuse.
func (r *Renderer) linkByKey(e *content.Entry) (template.HTML, error) {
	k := linkKey{URL: e.URL(), ID: e.ID, Title: e.Title}
	if string(e.Lang) != r.lang {
		k.Lang = e.Lang
	}
	r.cache.links.Lock()
	html, ok := r.cache.links.m[k]
	r.cache.links.Unlock()
	if ok {
		return html, nil
	}
	var buf strings.Builder
	if err := r.linkTmpl.ExecuteTemplate(&buf, "entry-link", k); err != nil {
		return "", err
	}
	html = template.HTML(buf.String())
	r.cache.links.Lock()
	r.cache.links.m[k] = html
	r.cache.links.Unlock()
	return html, nil
}

// navKey tells which navigation link the page at path marks current, the
// same way base.html's header does: the whole of what varies in it. dirs
// are the collections' paths, /actions/ …, worked out once: this runs
// for every page.
func navKey(dirs []string, path string) string {
	if path == "/" || path == "/open-data/" || path == coveragePath {
		return path
	}
	for _, u := range dirs {
		if path == u {
			return u + " page"
		}
		if strings.HasPrefix(path, u) {
			return u
		}
	}
	if strings.HasPrefix(path, "/themes/") {
		return "/themes/"
	}
	return ""
}

// collectionPaths returns the path of each collection's first page, in
// the order of content.Collections.
func collectionPaths() []string {
	var out []string
	for _, c := range content.Collections() {
		out = append(out, "/"+c.Dir+"/")
	}
	return out
}
