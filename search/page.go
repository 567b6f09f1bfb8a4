package search

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"catalogue/search/index"
)

// The search page without JavaScript. A built site's search page is an
// empty form that search.js fills; a server that can search (catalogue
// serve) fills it instead when asked for it with a query, so that the
// form works without JavaScript: [Page.Render] puts the results into the
// page as built, with the markup the script makes, the facets as links
// that add or remove a filter in the query string, and links to the other
// pages of results. The page itself holds what the results need to speak
// its language: the messages (the data-msg-* attributes of the status),
// the names and labels of the facets (#search-labels) and its base path,
// so that one renderer serves /search/ and /en/search/ alike.

// A Page is a built search page, ready to show results in.
type Page struct {
	html   string
	lang   string
	base   string
	msgs   map[string]string
	names  map[string]string            // facet → its name
	labels map[string]map[string]string // facet → value → label
}

// The parts of the page that Render fills, as search.html writes them.
const (
	markInput      = `<input id="search-q" `
	markForm       = `</form>`
	markSearchForm = `<form id="search-form"`
	markFacets     = `<fieldset id="search-facets" class="search-facets" form="search-form" hidden>`
	markLegend     = `</legend>`
	markStatus     = `id="search-status"`
	markResults    = `<ol id="search-results" class="search-results"></ol>`
	markMore       = `<p class="search-more-row">`
	markFilters    = `<details class="search-filters">`
)

var (
	reMsg       = regexp.MustCompile(`data-msg-([a-z-]+)="([^"]*)"`)
	reFacetName = regexp.MustCompile(`<span data-facet-name="([^"]+)">([^<]*)</span>`)
	reFacetVal  = regexp.MustCompile(`<span data-facet="([^"]+)" data-value="([^"]+)">([^<]*)</span>`)
	reLang      = regexp.MustCompile(`<html lang="([^"]+)"`)
	reBase      = regexp.MustCompile(`id="search-form"[^>]*data-base="([^"]*)"`)
	rePages     = regexp.MustCompile(`id="search-form"[^>]*data-pages="([^"]*)"`)
	reNoscript  = regexp.MustCompile(`(?s)<noscript>.*?</noscript>`)
)

// ParsePage reads a built search page. A page that lacks a part Render
// fills (another theme's) is an error: serve it as it is.
func ParsePage(page []byte) (*Page, error) {
	p := &Page{html: string(page), msgs: map[string]string{}, names: map[string]string{}, labels: map[string]map[string]string{}}
	for _, m := range []string{markInput, markSearchForm, markForm, markFacets, markStatus, markResults, markMore} {
		if !strings.Contains(p.html, m) {
			return nil, fmt.Errorf("search page: no %s", m)
		}
	}
	for _, m := range reMsg.FindAllStringSubmatch(p.html, -1) {
		p.msgs[m[1]] = html.UnescapeString(m[2])
	}
	for _, m := range reFacetName.FindAllStringSubmatch(p.html, -1) {
		p.names[html.UnescapeString(m[1])] = html.UnescapeString(m[2])
	}
	for _, m := range reFacetVal.FindAllStringSubmatch(p.html, -1) {
		p.AddLabels(map[string]map[string]string{html.UnescapeString(m[1]): {html.UnescapeString(m[2]): html.UnescapeString(m[3])}})
	}
	if m := reLang.FindStringSubmatch(p.html); m != nil {
		p.lang = m[1]
	}
	p.base = "/"
	// Hits link to the pages of the page's language: data-pages, when
	// they are not at the site's root.
	if m := rePages.FindStringSubmatch(p.html); m != nil {
		p.base = strings.TrimSuffix(html.UnescapeString(m[1]), "/") + "/"
	} else if m := reBase.FindStringSubmatch(p.html); m != nil {
		p.base = strings.TrimSuffix(html.UnescapeString(m[1]), "/") + "/"
	}
	return p, nil
}

// AddLabels adds labels of facet values, {facet: {value: label}}: those
// that come from the content, which the page does not hold.
func (p *Page) AddLabels(labels map[string]map[string]string) {
	for f, vs := range labels {
		if p.labels[f] == nil {
			p.labels[f] = map[string]string{}
		}
		for v, l := range vs {
			p.labels[f][v] = l
		}
	}
}

// say returns message key with its {name} replaced by vars, as text.
func (p *Page) say(key string, vars ...string) string {
	s := p.msgs[key]
	for i := 0; i+1 < len(vars); i += 2 {
		s = strings.ReplaceAll(s, "{"+vars[i]+"}", vars[i+1])
	}
	return s
}

func (p *Page) label(facet, value string) string {
	if l, ok := p.labels[facet][value]; ok {
		return l
	}
	return value
}

// Render returns the page with the results of req: res, or the refusal
// err (a *QueryError, or another error when the search failed). With no
// query and no filter, the page is the empty form. Either way the page no
// longer says that the search needs JavaScript.
func (p *Page) Render(req Request, res *Result, err error) []byte {
	filters := map[string][]string{}
	for f, vs := range req.Filters {
		for _, v := range vs {
			if v != "" {
				filters[f] = append(filters[f], v)
			}
		}
	}
	req.Filters = filters
	out := reNoscript.ReplaceAllString(p.html, "")
	out = strings.Replace(out, markInput, markInput+`value="`+html.EscapeString(req.Query)+`" `, 1)
	var hidden strings.Builder
	for _, f := range index.FacetFields() {
		for _, v := range req.Filters[f] {
			fmt.Fprintf(&hidden, `<input type="hidden" name="%s" value="%s">`, html.EscapeString(f), html.EscapeString(v))
		}
	}
	// The filters go with the next query of the search form (not of the
	// header's).
	if i := strings.Index(out, markSearchForm); i >= 0 {
		if j := strings.Index(out[i:], markForm); j >= 0 {
			out = out[:i+j] + hidden.String() + out[i+j:]
		}
	}
	status := ""
	switch {
	case err != nil:
		var qe *QueryError
		switch {
		case asQueryError(err, &qe) && qe.Code == "too_long":
			status = p.say("toolong", "max", strconv.Itoa(QueryRules().MaxQuery))
		case asQueryError(err, &qe):
			status = p.say("invalid", "msg", qe.Msg)
		default:
			status = p.say("error")
		}
	case res != nil:
		status = p.status(req, res)
		out = strings.Replace(out, markResults, p.results(res), 1)
		if facets := p.facets(req, res); facets != "" {
			open := markFacets[:len(markFacets)-len(" hidden>")] + ">"
			if i := strings.Index(out, markFacets); i >= 0 {
				rest := out[i+len(markFacets):]
				if j := strings.Index(rest, markLegend); j >= 0 {
					out = out[:i] + open + rest[:j+len(markLegend)] + facets + rest[j+len(markLegend):]
				}
			}
			if len(req.Filters) > 0 {
				out = strings.Replace(out, markFilters, `<details class="search-filters" open>`, 1)
			}
		}
		out = strings.Replace(out, markMore, p.pages(req, res)+markMore, 1)
	}
	if i := strings.Index(out, markStatus); i >= 0 && status != "" {
		if j := strings.Index(out[i:], "></div>"); j >= 0 {
			at := i + j + 1
			out = out[:at] + html.EscapeString(status) + out[at:]
		}
	}
	return []byte(out)
}

func asQueryError(err error, qe **QueryError) bool {
	e, ok := err.(*QueryError)
	if ok {
		*qe = e
	}
	return ok
}

// status is the sentence over the results, as search.js says it.
func (p *Page) status(req Request, res *Result) string {
	q := req.Query
	switch {
	case strings.TrimSpace(q) == "" && len(req.Filters) == 0:
		return ""
	case res.Total == 0:
		return p.say("none", "q", q)
	case strings.TrimSpace(q) == "":
		if res.Total == 1 {
			return p.say("list-one", "n", "1")
		}
		return p.say("list-many", "n", strconv.Itoa(res.Total))
	}
	key := "many"
	if res.Total == 1 {
		key = "one"
	}
	s := p.say(key, "n", strconv.Itoa(res.Total), "q", q, "shown", strconv.Itoa(len(res.Hits)))
	switch {
	case !res.Any:
	case res.Full == 0:
		s += " " + p.say("any")
	case res.Full == 1:
		s += " " + p.say("partial-one", "full", "1")
	default:
		s += " " + p.say("partial-many", "full", strconv.Itoa(res.Full))
	}
	return s
}

// results is the list of hits, with the markup of search.js's render.
func (p *Page) results(res *Result) string {
	var b strings.Builder
	b.WriteString(markResults[:len(markResults)-len("</ol>")])
	for _, h := range res.Hits {
		lang := ""
		if h.Lang != p.lang {
			lang = ` lang="` + html.EscapeString(h.Lang) + `"`
		}
		b.WriteString("<li")
		if h.Partial {
			b.WriteString(` class="search-partial"`)
		}
		meta := p.label("kind", h.Kind) + " · " + h.ID
		if h.Partial {
			meta += " · " + p.say("partial-hit")
		}
		fmt.Fprintf(&b, `><a href="%s"%s>%s</a> <span class="search-meta">%s</span><p class="search-snippet"%s>%s</p></li>`,
			html.EscapeString(p.base+strings.TrimPrefix(h.URL, "/")), lang, html.EscapeString(h.Title),
			html.EscapeString(meta), lang, h.Snippet)
	}
	b.WriteString("</ol>")
	return b.String()
}

// pageQuery returns the query string of a search with page, without empty parts.
func pageQuery(q string, filters map[string][]string, page, size int) string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
	}
	if q != "" {
		add("q", q)
	}
	for _, f := range index.FacetFields() {
		for _, v := range filters[f] {
			add(f, v)
		}
	}
	if page > 1 {
		add("page", strconv.Itoa(page))
	}
	if size > 0 {
		add("size", strconv.Itoa(size))
	}
	return "?" + b.String()
}

// facets are the groups of facet links: a value's link adds it to the
// filters, or removes it when it is one of them. Like search.js, a facet
// of a single value and no filter is left out.
func (p *Page) facets(req Request, res *Result) string {
	var b strings.Builder
	for _, f := range index.FacetFields() {
		values := res.Facets[f]
		if len(values) < 2 && len(req.Filters[f]) == 0 {
			continue
		}
		name := p.names[f]
		if name == "" {
			name = f
		}
		fmt.Fprintf(&b, `<fieldset class="search-facet"><legend>%s</legend><ul>`, html.EscapeString(name))
		for _, v := range values {
			selected := false
			var vs []string
			for _, x := range req.Filters[f] {
				if x == v.Value {
					selected = true
				} else {
					vs = append(vs, x)
				}
			}
			if !selected {
				vs = append(vs, v.Value)
			}
			filters := map[string][]string{}
			for k, x := range req.Filters {
				filters[k] = x
			}
			filters[f] = vs
			current, mark := "", ""
			if selected {
				current, mark = ` aria-current="true"`, "✓ "
			}
			fmt.Fprintf(&b, `<li><a href="%s"%s>%s%s <span class="count">(%d)</span></a></li>`,
				html.EscapeString(pageQuery(req.Query, filters, 1, req.Size)), current, mark, html.EscapeString(p.label(f, v.Value)), v.Count)
		}
		b.WriteString("</ul></fieldset>")
	}
	return b.String()
}

// pages links to the pages before and after this one.
func (p *Page) pages(req Request, res *Result) string {
	if res.Pages < 2 {
		return ""
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<nav id="search-pages" class="search-pages" aria-label="%s"><p>`, html.EscapeString(p.say("pages")))
	if res.Page > 1 {
		fmt.Fprintf(&b, `<a href="%s" rel="prev">%s</a> `, html.EscapeString(pageQuery(req.Query, req.Filters, min(res.Page-1, res.Pages), req.Size)), html.EscapeString(p.say("prev")))
	}
	b.WriteString(html.EscapeString(p.say("page", "page", strconv.Itoa(res.Page), "pages", strconv.Itoa(res.Pages))))
	if res.Page < res.Pages {
		fmt.Fprintf(&b, ` <a href="%s" rel="next">%s</a>`, html.EscapeString(pageQuery(req.Query, req.Filters, res.Page+1, req.Size)), html.EscapeString(p.say("next")))
	}
	b.WriteString("</p></nav>")
	return b.String()
}

// ParseRequest reads a search from a URL's query string, as the API
// does: q, the facets, page and size.
func ParseRequest(rawQuery string) (Request, error) { return parseRequest(rawQuery) }
