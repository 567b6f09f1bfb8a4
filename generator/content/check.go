package content

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"catalogue/generator/markdown"
)

// Lengths past which a title or summary stops being one and becomes a body.
const (
	MaxTitle   = 200
	MaxSummary = 500
)

var datePattern = regexp.MustCompile(`^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`)

// checkEntry checks what can be checked in one file alone.
func checkEntry(e *Entry, coll Collection, site *Site, diags *Diagnostics) {
	idPos := e.positions().valPos("id")
	stem := strings.TrimSuffix(path.Base(e.File), ".md")
	switch {
	case e.ID == "":
		// missing or empty: reported by the decoder or just below
		if e.positions().hasValue("id") {
			diags.Errorf(idPos, "id", "must not be empty; expected %q, the file name", stem)
		}
	case strings.TrimSpace(e.ID) != e.ID:
		diags.Errorf(idPos, "id", "%q has leading or trailing whitespace", e.ID)
	case e.ID != stem:
		diags.Errorf(idPos, "id", "%q does not match the file name %q; an entry's file is named after its id", e.ID, path.Base(e.File))
	}
	if !coll.IDPattern.MatchString(stem) {
		diags.Errorf(Pos{File: e.File, Line: 1, Col: 1}, "id", "%q is not a valid %s id; expected an id like %q", stem, coll.Kind, coll.IDExample)
	}
	if e.positions().hasValue("title") && !e.badValue("title") {
		switch t := strings.TrimSpace(e.Title); {
		case t == "":
			diags.Errorf(e.positions().valPos("title"), "title", "must not be empty")
		case utf8.RuneCountInString(e.Title) > MaxTitle:
			diags.Warnf(e.positions().valPos("title"), "title", "is %d characters long; keep titles under %d and put the rest in the body", utf8.RuneCountInString(e.Title), MaxTitle)
		}
	}
	if n := utf8.RuneCountInString(e.Summary); n > MaxSummary {
		diags.Warnf(e.positions().valPos("summary"), "summary", "is %d characters long; keep summaries under %d", n, MaxSummary)
	}
	themes := site.themeIDs()
	for i, t := range e.Themes {
		p := fmt.Sprintf("themes[%d]", i)
		if !slices.Contains(themes, t) {
			msg := msgf("%q is not a theme of site.toml", t)
			if id := site.themeForLabel(t); id != "" {
				msg = msgf("%q is the label of theme %q, not its id; did you mean %q?", t, id, id)
			} else if s := suggest(t, themes); s != "" {
				msg = msgf("%s; did you mean %q?", msg, s)
			} else {
				msg = msgf("%s; expected one of %s", msg, quoteList(themes))
			}
			diags.Errorf(e.positions().valPos(p), p, "%s", msg)
		}
	}
	checkLists(e, diags)
	checkOwnersOf(e, site, diags)
	if len(e.Sources) == 0 && e.Kind != KindSource && !e.badValue("sources") {
		diags.Warnf(Pos{File: e.File, Line: 1, Col: 1}, "sources", "no source cited; add a [[sources]] table with document = \"<source id>\"")
	}
	switch {
	case e.Action != nil:
		checkProgramme(e, diags)
	case e.Service != nil:
		checkURL(e, "website", e.Service.Website, diags)
		for i, f := range e.Service.Figures {
			if f.Year != 0 && (f.Year < minYear || f.Year > maxYear) {
				p := fmt.Sprintf("figures[%d].year", i)
				diags.Errorf(e.positions().valPos(p), p, "%d is not a plausible year", f.Year)
			}
		}
	case e.Source != nil:
		checkURL(e, "url", e.Source.URL, diags)
		switch d := e.Source.Date; {
		case d == "":
		case !datePattern.MatchString(d):
			diags.Errorf(e.positions().valPos("date"), "date", "%q is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD", d)
		case dateProblem(d).Format != "":
			diags.Errorf(e.positions().valPos("date"), "date", "%q is not a date: %s", d, dateProblem(d))
		}
	}
}

// checkProgramme checks that an action's id begins with its programme's
// (2.1.5 belongs to 2.1), unless programme_reason says why not: a typo in
// either is otherwise a silently wrong page.
func checkProgramme(e *Entry, diags *Diagnostics) {
	a := e.Action
	if c, _ := CollectionOf(KindProgramme); a.Programme == "" || e.ID == "" || !c.IDPattern.MatchString(a.Programme) {
		return // no programme, or not one: reported as a reference
	}
	fits := strings.HasPrefix(e.ID, a.Programme+".")
	switch {
	case !fits && strings.TrimSpace(a.ProgrammeReason) == "":
		msg := msgf("%q is not the programme the id %q starts with", a.Programme, e.ID)
		if i := strings.LastIndex(e.ID, "."); i > 0 {
			want := e.ID[:i]
			if parts := strings.Split(e.ID, "."); len(parts) > 2 {
				want = parts[0] + "." + parts[1]
			}
			msg = msgf("%s; did you mean %q? if the action does belong to %q, say why in programme_reason", msg, want, a.Programme)
		}
		diags.Errorf(e.positions().valPos("programme"), "programme", "%s", msg)
	case fits && a.ProgrammeReason != "":
		diags.Warnf(e.positions().valPos("programme_reason"), "programme_reason", "not needed: the id %q starts with the programme %q", e.ID, a.Programme)
	}
}

// checkLists reports empty and repeated values in the string lists.
func checkLists(e *Entry, diags *Diagnostics) {
	walkStrings(e, func(p string, v string, list bool) {
		if !list {
			return
		}
		switch {
		case strings.TrimSpace(v) == "":
			diags.Errorf(e.positions().valPos(p), p, "empty value")
		}
	})
	lists := map[string][]string{"themes": e.Themes, "owners": e.Owners, "related": e.Related}
	if e.Action != nil {
		lists["mutualisations"] = e.Action.Mutualisations
	}
	if e.Service != nil {
		lists["realises"] = e.Service.Realises
	}
	for key, vals := range lists {
		first := make(map[string]int, len(vals))
		for i, v := range vals {
			if j, ok := first[v]; ok {
				p := fmt.Sprintf("%s[%d]", key, i)
				diags.Warnf(e.positions().valPos(p), p, "%q is listed twice (also %s[%d])", v, key, j)
				continue
			}
			first[v] = i
		}
	}
}

func checkURL(e *Entry, key, v string, diags *Diagnostics) {
	if v == "" || e.badValue(key) {
		return
	}
	if msg := httpURLProblem(v); msg.Format != "" {
		diags.Errorf(e.positions().valPos(key), key, "%q %s", v, msg)
	}
}

// httpURLProblem says what keeps v from being an absolute http(s) URL as
// RFC 3986 writes one, or returns "". net/url is lenient where readers and
// validators are not: it takes spaces, quotes, braces, non-ASCII letters
// and any scheme, which the exports' "format": "uri" then refuses, or a
// reader's browser runs (javascript:).
func httpURLProblem(v string) Message {
	if strings.TrimSpace(v) != v {
		return msgf("has leading or trailing whitespace")
	}
	for i, r := range v {
		switch {
		case r == ' ':
			return msgf("has a space at character %d; write it %%20", utf8.RuneCountInString(v[:i])+1)
		case r < 0x20 || r == 0x7F:
			return msgf("has the control character U+%04X; a URL cannot hold one", r)
		case r >= 0x80 || strings.ContainsRune(`"<>\^`+"`"+`{|}`, r):
			return msgf("has %q, which a URL must percent-encode (%s)", r, url.PathEscape(string(r)))
		}
	}
	u, err := url.Parse(v)
	var escape url.EscapeError
	var host url.InvalidHostError
	switch {
	case errors.As(err, &escape):
		return msgf("has %q, which is not a percent escape; write %% itself %%25", string(escape))
	case errors.As(err, &host):
		return msgf("has %q in its host name, which a host name cannot hold", string(host))
	case err != nil:
		return msgf("is not a valid URL: %v", errors.Unwrap(err))
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		return msgf("is not an absolute http(s) URL; expected e.g. %q", "https://www.example.gouv.fr/")
	case u.Hostname() == "":
		return msgf("has no host name")
	}
	return Message{}
}

// walkStrings calls fn for every string value of the entry's front matter,
// with its key path; list says whether it is an element of a list.
func walkStrings(e *Entry, fn func(path, v string, list bool)) {
	walkRefs(e, func(path, v, ref string, list bool) { fn(path, v, list) }, false)
}

// A field is what walkRefs needs of a struct field of the format, read
// from its tags once rather than for every entry of every update.
type planField struct {
	index  int
	key    string
	ref    string
	kind   reflect.Kind // String, or Slice of strings, or Struct for a slice of structs
	nested []planField
}

// plans holds the fields of every struct of the format, computed at init
// and never written again.
var plans = func() map[reflect.Type][]planField {
	m := map[reflect.Type][]planField{}
	var plan func(t reflect.Type) []planField
	plan = func(t reflect.Type) []planField {
		var out []planField
		for i := range t.NumField() {
			sf := t.Field(i)
			key := sf.Tag.Get("toml")
			if key == "" {
				continue
			}
			f := planField{index: i, key: key, ref: sf.Tag.Get("ref")}
			switch {
			case sf.Type.Kind() == reflect.String:
				f.kind = reflect.String
			case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.String:
				f.kind = reflect.Slice
			case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct:
				f.kind = reflect.Struct
				f.nested = plan(sf.Type.Elem())
			default:
				continue
			}
			out = append(out, f)
		}
		m[t] = out
		return out
	}
	plan(reflect.TypeFor[Meta]())
	for _, c := range collections {
		if km := KindMeta(c.Kind); km != nil {
			plan(reflect.TypeOf(km).Elem())
		}
	}
	return m
}()

// walkRefs calls fn for the string fields of the entry; with onlyRefs, only
// for those that name another entry (tag ref), with the kind they must have.
func walkRefs(e *Entry, fn func(path, v, ref string, list bool), onlyRefs bool) {
	var walk func(prefix string, v reflect.Value, fields []planField)
	walk = func(prefix string, v reflect.Value, fields []planField) {
		for _, pf := range fields {
			if onlyRefs && pf.ref == "" && pf.kind != reflect.Struct {
				continue
			}
			f := v.Field(pf.index)
			p := prefix + pf.key
			switch {
			case e.badValue(p):
				// A value of the wrong type, already reported.
			case pf.kind == reflect.String:
				if f.String() != "" {
					fn(p, f.String(), pf.ref, false)
				}
			case pf.kind == reflect.Slice:
				for j := range f.Len() {
					if pj := p + "[" + strconv.Itoa(j) + "]"; !e.badValue(pj) {
						fn(pj, f.Index(j).String(), pf.ref, true)
					}
				}
			case pf.kind == reflect.Struct:
				for j := range f.Len() {
					walk(p+"["+strconv.Itoa(j)+"].", f.Index(j), pf.nested)
				}
			}
		}
	}
	walk("", reflect.ValueOf(&e.Meta).Elem(), plans[reflect.TypeFor[Meta]()])
	if km := e.KindMeta(); km != nil {
		v := reflect.ValueOf(km).Elem()
		walk("", v, plans[v.Type()])
	}
}

// limitProblem puts a body past a limit of the Markdown scanner in words.
func limitProblem(l *markdown.LimitError) Message {
	a := l.Args
	switch {
	case l.Kind == markdown.LimitNesting && len(a) == 2:
		return msgf("block quotes and lists nest more than %d levels deep; the limit is %d", a[0], a[1])
	case l.Kind == markdown.LimitEmphasis && len(a) == 2:
		return msgf("a run of more than %d emphasis markers (* _ ~); the limit is %d", a[0], a[1])
	case l.Kind == markdown.LimitBrackets && len(a) == 2:
		return msgf("brackets nest more than %d deep; the limit is %d", a[0], a[1])
	case l.Kind == markdown.LimitMarkup && len(a) == 2:
		return msgf("paragraph has %d markup characters ([ ] ( ) < * _ ~ `); the limit is %d: split it with blank lines", a[0], a[1])
	case l.Kind == markdown.LimitTable && len(a) == 4:
		return msgf("table has up to %d cells (%d columns, %d rows); the limit is %d", a[0], a[1], a[2], a[3])
	}
	return decoderSays(l.Msg)
}

// checkBody scans the body for references, links and headings.
func checkBody(e *Entry, md *markdown.Markdown, diags *Diagnostics) {
	scan, err := md.Scan([]byte(e.Body))
	var limit *markdown.LimitError
	if errors.As(err, &limit) {
		diags.Errorf(e.bodyPos(limit.Offset), "body", "%s", limitProblem(limit))
		return
	}
	if err != nil {
		diags.Errorf(Pos{File: e.File, Line: e.BodyLine}, "body", "%s", decoderSays(err.Error()))
		return
	}
	e.Headings = scan.Headings
	e.scan = scan
	for _, h := range scan.HTML {
		if h.Tag == "!--" {
			diags.Warnf(e.bodyPos(h.Offset), "body", "an HTML comment is not shown on the page, nor kept in the exports' text; remove it or write the note in [[sources]].note")
			continue
		}
		diags.Warnf(e.bodyPos(h.Offset), "body", "raw HTML <%s> is not shown on the page; write it in Markdown", h.Tag)
	}
}

// link resolves the entry's references against the catalogue, and keeps
// in st what Reload needs to know of it.
func (c *Catalogue) link(e *Entry, st *entryState, diags *Diagnostics) {
	n := len(*diags)
	st.linkedTo = nil
	defer func() {
		for _, l := range e.Links {
			st.linkedTo = append(st.linkedTo, strings.ToLower(l.Entry.ID))
		}
		st.linkDiag = len(*diags) > n
	}()
	walkRefs(e, func(p, id, want string, _ bool) {
		pos := e.positions().valPos(p)
		t := c.resolve(id, Kind(want), pos, p, diags)
		if t == nil {
			return
		}
		rel := Rel(strings.SplitN(strings.SplitN(p, "[", 2)[0], ".", 2)[0])
		if want == string(KindSource) {
			rel = RelSources
		}
		e.addLink(rel, t, pos)
	}, true)
	if e.Principle != nil && e.Principle.Parent != "" {
		checkParent(e, diags)
	}
	for _, r := range e.scan.Refs {
		pos := e.bodyPos(r.Offset)
		t := c.resolve(r.ID, "any", pos, "body", diags)
		if t != nil && t != e {
			e.addLink(RelMentions, t, pos)
		}
	}
	for _, l := range e.scan.Links {
		if id := c.checkLink(e, l, diags); id != "" {
			st.linkedTo = append(st.linkedTo, id)
		}
	}
	sortLinks(e.Links)
}

func (e *Entry) addLink(rel Rel, t *Entry, pos Pos) {
	for _, l := range e.Links {
		if l.Rel == rel && l.Entry == t {
			return
		}
	}
	e.Links = append(e.Links, Link{Rel: rel, Entry: t, Pos: pos})
}

// resolve finds the entry id names, reporting a dangling or mistyped
// reference with a suggestion.
func (c *Catalogue) resolve(id string, want Kind, pos Pos, field string, diags *Diagnostics) *Entry {
	t := c.byID[id]
	if t == nil {
		msg := msgf("no entry %q", id)
		if f := c.byFold[strings.ToLower(strings.TrimSpace(id))]; f != nil {
			msg = msgf("%s; did you mean %q?", msg, f.ID)
		} else if s := suggest(id, c.ids(want)); s != "" {
			msg = msgf("%s; did you mean %q?", msg, s)
		}
		diags.Errorf(pos, field, "%s", msg)
		return nil
	}
	if want != "any" && t.Kind != want {
		diags.Errorf(pos, field, "%q is a %s; expected a %s", id, t.Kind, want)
		return nil
	}
	return t
}

func (c *Catalogue) ids(k Kind) []string {
	var ids []string
	for _, e := range c.Entries {
		if k == "any" || e.Kind == k {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// checkParent enforces the hierarchy of principles: GT above LS above P,
// with matching numbers (LS1.2 under GT1, P1.2.3 under LS1.2).
func checkParent(e *Entry, diags *Diagnostics) {
	parent := e.Principle.Parent
	var want string
	switch {
	case strings.HasPrefix(e.ID, "GT"):
		diags.Errorf(e.positions().valPos("parent"), "parent", "a working group (GT) has no parent")
		return
	case strings.HasPrefix(e.ID, "LS"):
		num, _, _ := strings.Cut(strings.TrimPrefix(e.ID, "LS"), ".")
		want = "GT" + num
	case strings.HasPrefix(e.ID, "P"):
		num := strings.TrimPrefix(e.ID, "P")
		want = "LS" + num[:max(strings.LastIndexByte(num, '.'), 0)]
	}
	if parent != want {
		diags.Errorf(e.positions().valPos("parent"), "parent", "%q cannot be the parent of %s; expected %q", parent, e.ID, want)
	}
}

// checkLink checks a Markdown link of the body that points inside the site:
// the entry page must exist, and so must the anchor. Links to other hosts
// are not followed. It returns the lower-case id of the entry it looked
// up, if any.
func (c *Catalogue) checkLink(e *Entry, l markdown.Link, diags *Diagnostics) (id string) {
	pos := e.bodyPos(l.Offset)
	dest := strings.TrimSpace(l.Dest)
	if _, err := url.Parse(dest); err != nil {
		diags.Errorf(pos, "body", "link %q is not a valid URL: %v", dest, errors.Unwrap(err))
		return ""
	}
	if !markdown.SafeURL(dest) {
		diags.Errorf(pos, "body", "link %q uses a scheme that is not allowed; expected http, https, mailto or a path", dest)
		return ""
	}
	if markdown.External(dest) {
		if l.Image {
			diags.Errorf(pos, "body", "image %q is on another host; pages make no request to third parties, so it is shown as a link", dest)
		}
		return ""
	}
	u, err := url.Parse(dest)
	if err != nil {
		diags.Errorf(pos, "body", "link %q is not a valid URL", dest)
		return ""
	}
	target := e
	if u.Path != "" {
		clean, ok := resolvePath(e.URL(), u.Path)
		if !ok {
			diags.Errorf(pos, "body", "link %q leaves the site", dest)
			return ""
		}
		parts := strings.Split(strings.Trim(clean, "/"), "/")
		coll, ok := collectionByDir(parts[0])
		if !ok || len(parts) != 2 || parts[1] == "page" {
			if s, ok := c.Site.PortalPage(clean); !ok {
				msg := msgf("link %q points to no page of the portal", dest)
				if s != "" {
					msg = msgf("%s; did you mean %q?", msg, s)
				}
				diags.Errorf(pos, "body", "%s", msg)
			}
			return ""
		}
		target = c.byFold[parts[1]]
		if target == nil || target.Kind != coll.Kind {
			msg := msgf("link %q points to no entry", dest)
			var ids []string
			for _, o := range c.Entries {
				if o.Kind == coll.Kind {
					ids = append(ids, strings.ToLower(o.ID))
				}
			}
			if s := suggest(parts[1], ids); s != "" {
				msg = msgf("%s; did you mean %q?", msg, "/"+coll.Dir+"/"+s+"/")
			}
			diags.Errorf(pos, "body", "%s", msg)
			return ""
		}
		id = parts[1]
	}
	if u.Fragment != "" && !slices.Contains(target.Headings, u.Fragment) {
		msg := msgf("link %q: no heading with id %q in %s", dest, u.Fragment, target.ID)
		if s := suggest(u.Fragment, target.Headings); s != "" {
			msg = msgf("%s; did you mean %q?", msg, s)
		}
		diags.Errorf(pos, "body", "%s", msg)
	}
	return id
}

// resolvePath resolves a link path against the page at base, as a browser
// would, and reports whether it stays inside the site (a browser silently
// clamps "/../../etc" to "/etc"; a contributor most likely meant something
// else).
func resolvePath(base, p string) (string, bool) {
	var segs []string
	if !strings.HasPrefix(p, "/") {
		segs = strings.Split(strings.Trim(base, "/"), "/")
	}
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) == 0 {
				return "", false
			}
			segs = segs[:len(segs)-1]
		default:
			segs = append(segs, s)
		}
	}
	return "/" + strings.Join(segs, "/"), true
}
