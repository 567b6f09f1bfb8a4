package render

import (
	"encoding/json"
	"slices"
	"strings"

	"catalogue/generator/content"
)

// The facets a collection explorer filters by, in the order of its form
// and of the URL's query.
var exploreFacets = []string{"theme", "owner", "status", "priority", "programme", "coverage"}

// rowsPath is where the explorer of kind k's table reads its rows: every
// row of the collection, for the filters and sort to see them all across
// the table's pages.
func rowsPath(k content.Kind) string {
	c, _ := content.CollectionOf(k)
	return "/" + c.Dir + "/rows.json"
}

// An ExploreFacet is a filter of a collection explorer: the values its
// entries have, in display order.
type ExploreFacet struct {
	Name   string
	Label  string      // i18n key
	Values [][2]string // id, label
}

// exploreValues returns the values entry e has for the explorer's facet.
func (r *Renderer) exploreValues(name string, e *content.Entry) []string {
	switch name {
	case "programme":
		if e.Action != nil && e.Action.Programme != "" {
			return []string{e.Action.Programme}
		}
		if e.Kind == content.KindMutualisation {
			return covering(e, func(a *content.Entry) string { return a.Action.Programme })
		}
	case "priority":
		if e.Kind == content.KindMutualisation {
			return covering(e, func(a *content.Entry) string { return string(a.Action.Priority) })
		}
	case "coverage":
		if e.Kind == content.KindMutualisation {
			row, _ := r.cov.Row(e.ID)
			return row.Flags()
		}
		return nil
	}
	return r.facetValues(name, e)
}

// covering returns what f gives of the actions that cover mutualisation m,
// each value once, sorted.
func covering(m *content.Entry, f func(a *content.Entry) string) []string {
	var out []string
	for _, a := range m.BacklinksOf(content.RelMutualisations) {
		if a.Action != nil {
			if v := f(a); v != "" {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// exploreFacetsOf returns the explorer's facets for kind k that some
// entry of k has a value of.
func (r *Renderer) exploreFacetsOf(k content.Kind) []ExploreFacet {
	var out []ExploreFacet
	for _, name := range exploreFacets {
		seen := map[string]bool{}
		for _, e := range r.byKind[k] {
			for _, v := range r.exploreValues(name, e) {
				seen[v] = true
			}
		}
		if len(seen) == 0 {
			continue
		}
		f := ExploreFacet{Name: name, Label: "facet." + name}
		for _, v := range r.valueOrder(name) {
			if seen[v[0]] {
				f.Values = append(f.Values, v)
			}
		}
		out = append(out, f)
	}
	return out
}

// valueOrder lists every value of an explorer facet with its label, in
// display order.
func (r *Renderer) valueOrder(name string) [][2]string {
	var out [][2]string
	switch name {
	case "programme":
		for _, p := range r.byKind[content.KindProgramme] {
			out = append(out, [2]string{p.ID, p.ID + " " + p.Title})
		}
	case "coverage":
		for _, v := range []string{"action", "service", "none"} {
			out = append(out, [2]string{v, r.t("coverage.flag." + v)})
		}
	default:
		for _, f := range r.facets {
			if f.Name == name {
				for _, v := range f.Values {
					out = append(out, [2]string{v.ID, v.Label})
				}
			}
		}
	}
	return out
}

// rowsJSON returns the rows of kind k's table for its explorer: the
// columns, the facets with their labels and, for each entry, its cells and
// its facet values. Links are site paths: the script prefixes them with
// the base URL's path, as the pages do.
func (r *Renderer) rowsJSON(k content.Kind) ([]byte, error) {
	cols := r.columns(k)
	facets := r.exploreFacetsOf(k)
	type col struct {
		Name  string `json:"name"`
		Label string `json:"label"`
		Code  bool   `json:"code,omitempty"`
		// Self marks a column whose links go to the row's own entry;
		// Ref, one whose links go to /<Ref>/<text in lower case>/: their
		// links are written as their text alone (see cellJSON).
		Self bool   `json:"self,omitempty"`
		Ref  string `json:"ref,omitempty"`
	}
	type facet struct {
		Name   string      `json:"name"`
		Label  string      `json:"label"`
		Values [][2]string `json:"values"`
	}
	out := struct {
		Dir     string  `json:"dir"`
		Columns []col   `json:"columns"`
		Facets  []facet `json:"facets"`
		Rows    [][]any `json:"rows"`
	}{Columns: []col{}, Facets: []facet{}, Rows: [][]any{}}
	c, _ := content.CollectionOf(k)
	out.Dir = "/" + c.Dir + "/"
	for _, c := range cols {
		out.Columns = append(out.Columns, col{Name: c.Name, Label: r.t(c.Label)})
	}
	for _, f := range facets {
		out.Facets = append(out.Facets, facet{Name: f.Name, Label: r.t(f.Label), Values: f.Values})
	}
	rows := r.tableRows(cols, r.byKind[k])
	for j := range cols {
		out.Columns[j].Self, out.Columns[j].Ref = linkKind(rows, j)
	}
	for i, row := range rows {
		if i == 0 {
			for j, c := range row.Cells {
				out.Columns[j].Code = c.Code
			}
		}
		// A row is its cells, then the values of each facet, in the
		// order of facets: positional, as ten thousand rows repeat the
		// keys.
		item := make([]any, 0, len(row.Cells)+len(facets))
		for j, c := range row.Cells {
			self := ""
			if out.Columns[j].Self {
				self = row.Entry.URL()
			}
			item = append(item, cellJSON(c, self, out.Columns[j].Ref))
		}
		for _, f := range facets {
			vs := r.exploreValues(f.Name, row.Entry)
			if vs == nil {
				vs = []string{}
			}
			item = append(item, vs)
		}
		out.Rows = append(out.Rows, item)
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// linkKind tells whether the links of column j all go to their row's
// entry (self), or else all to entries of one collection named by their
// text (ref, its folder): then the explorer builds their paths, which ten
// thousand rows spare writing.
func linkKind(rows []TableRow, j int) (self bool, ref string) {
	self = true
	any := false
	for _, row := range rows {
		for _, l := range row.Cells[j].Links {
			any = true
			if l.URL != row.Entry.URL() {
				self = false
			}
			dir, _, _ := strings.Cut(strings.TrimPrefix(l.URL, "/"), "/")
			if ref == "" {
				ref = dir
			}
			if l.URL != "/"+ref+"/"+strings.ToLower(l.Text)+"/" {
				ref = "-"
			}
		}
	}
	if !any {
		return false, ""
	}
	if self || ref == "-" {
		ref = ""
	}
	return self, ref
}

// cellJSON encodes a cell compactly: its text as a string; links as a
// list whose items are [text, path] or [text, path, lang], or the text
// alone when the path is self, the row's own page, or /ref/<text in lower
// case>/; a sort key as {"t", "s"}.
func cellJSON(c Cell, self, ref string) any {
	if c.Links != nil {
		links := make([]any, len(c.Links))
		for i, l := range c.Links {
			switch {
			case l.Lang != "":
				links[i] = []string{l.Text, l.URL, string(l.Lang)}
			case self != "" && l.URL == self, ref != "" && l.URL == "/"+ref+"/"+strings.ToLower(l.Text)+"/":
				links[i] = l.Text
			default:
				links[i] = []string{l.Text, l.URL}
			}
		}
		return links
	}
	if c.Sort != "" {
		return map[string]string{"t": c.Text, "s": c.Sort}
	}
	return c.Text
}
