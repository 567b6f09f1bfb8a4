package render

import (
	"slices"
	"strings"

	"catalogue/generator/content"
)

// A Facet is a way to narrow the catalogue (theme, owner, priority,
// status), with a page listing its values and a page per value. These pages
// are the filters that work without JavaScript.
type Facet struct {
	Name   string // theme, owner, priority, status
	Key    string // i18n prefix: facet.theme
	URL    string // /themes/
	Values []FacetValue
}

// A FacetValue is one value of a facet and the entries that have it.
type FacetValue struct {
	ID    string
	Label string
	// Name is the full name of an owner, in the interface's language,
	// and Group its country: the owners page lists them by country.
	Name    string
	Group   string
	URL     string // its first page
	Entries []*content.Entry
	// Pages are the paths of the pages listing the entries, table_rows
	// a page: URL, then URL/page/2/ …, as collection tables. A page of
	// 1,500 entries was slow to read on a phone and to rewrite under
	// serve.
	Pages []string
}

// Count returns how many entries of kind k have the value.
func (v FacetValue) Count(k content.Kind) int { return countKind(v.Entries, k) }

func (r *Renderer) buildFacets() []Facet {
	site := r.cat.Site
	themes := Facet{Name: "theme", Key: "facet.theme", URL: "/themes/"}
	for _, t := range site.Themes {
		themes.Values = append(themes.Values, FacetValue{ID: t.ID, Label: t.Label(r.lang)})
	}
	// Owners come from the vocabulary of site.toml, in its order within
	// each country; entries name them by id.
	owners := Facet{Name: "owner", Key: "facet.owner", URL: "/owners/"}
	for _, o := range site.Owners {
		owners.Values = append(owners.Values, FacetValue{ID: o.ID, Label: o.Label, Name: o.Name(r.lang), Group: o.Country})
	}
	slices.SortStableFunc(owners.Values, func(a, b FacetValue) int { return strings.Compare(a.Group, b.Group) })
	priorities := Facet{Name: "priority", Key: "facet.priority", URL: "/priorities/"}
	for _, p := range content.Priority("").Values() {
		priorities.Values = append(priorities.Values, FacetValue{ID: p, Label: r.t("priority." + p)})
	}
	statuses := Facet{Name: "status", Key: "facet.status", URL: "/statuses/"}
	for _, s := range content.Status("").Values() {
		statuses.Values = append(statuses.Values, FacetValue{ID: s, Label: r.t("status." + s)})
	}
	facets := []Facet{themes, owners, priorities, statuses}
	for i := range facets {
		f := &facets[i]
		index := map[string]int{}
		for j := range f.Values {
			f.Values[j].URL = f.URL + f.Values[j].ID + "/"
			index[f.Values[j].ID] = j
		}
		// One pass over the entries, in catalogue order: an entry
		// already added to a value is its last one (two spellings of an
		// owner share a value).
		for _, e := range r.cat.Entries {
			for _, id := range r.facetValues(f.Name, e) {
				if j, ok := index[id]; ok {
					if es := f.Values[j].Entries; len(es) == 0 || es[len(es)-1] != e {
						f.Values[j].Entries = append(es, e)
					}
				}
			}
		}
		// A value no entry has gets no page.
		f.Values = slices.DeleteFunc(f.Values, func(v FacetValue) bool { return len(v.Entries) == 0 })
		for j := range f.Values {
			f.Values[j].Pages = r.pagePaths(f.Values[j].URL, len(f.Values[j].Entries))
		}
	}
	return facets
}

// A ValueGroup is the values of a facet that share a group, in order.
type ValueGroup struct {
	Group  string
	Values []FacetValue
}

// Groups splits the values by their group; values come sorted by group.
func (f Facet) Groups() []ValueGroup {
	var out []ValueGroup
	for _, v := range f.Values {
		if len(out) == 0 || out[len(out)-1].Group != v.Group {
			out = append(out, ValueGroup{Group: v.Group})
		}
		g := &out[len(out)-1]
		g.Values = append(g.Values, v)
	}
	return out
}

// value returns facet f's value with the given id, or nil.
func (f *Facet) value(id string) *FacetValue {
	for i := range f.Values {
		if f.Values[i].ID == id {
			return &f.Values[i]
		}
	}
	return nil
}

// pageOf returns the path of the page of v that lists e, or "".
func (r *Renderer) pageOf(v *FacetValue, e *content.Entry) string {
	if v == nil {
		return ""
	}
	if i := slices.Index(v.Entries, e); i >= 0 {
		return v.Pages[i/r.rows]
	}
	return ""
}

// kindPage returns the page of v where its entries of kind k start, which
// the filters of k's collection link to, and how many v has.
func (r *Renderer) kindPage(v *FacetValue, k content.Kind) (string, int) {
	if v == nil {
		return "", 0
	}
	i := slices.IndexFunc(v.Entries, func(e *content.Entry) bool { return e.Kind == k })
	if i < 0 {
		return "", 0
	}
	return v.Pages[i/r.rows], v.Count(k)
}

// A Group is the entries of one kind on a page of a facet value, with how
// many of that kind the value has on all its pages.
type Group struct {
	Kind    content.Kind
	Total   int
	Entries []*content.Entry
}

// groups splits the entries of one page of v by kind; they come in
// catalogue order, so each kind is one run.
func groups(v *FacetValue, rows []*content.Entry) []Group {
	var out []Group
	for _, e := range rows {
		if len(out) == 0 || out[len(out)-1].Kind != e.Kind {
			out = append(out, Group{Kind: e.Kind, Total: v.Count(e.Kind)})
		}
		g := &out[len(out)-1]
		g.Entries = append(g.Entries, e)
	}
	return out
}

// facetValues returns the ids of the values entry e has for facet name.
func (r *Renderer) facetValues(name string, e *content.Entry) []string {
	switch name {
	case "theme":
		return e.Themes
	case "owner":
		return e.Owners
	case "priority":
		if e.Action != nil && e.Action.Priority != "" {
			return []string{string(e.Action.Priority)}
		}
	case "status":
		if e.Status != "" {
			return []string{string(e.Status)}
		}
	}
	return nil
}

// facetsOf returns the facets restricted to entries of kind k, for the
// filters of a collection page.
func (r *Renderer) facetsOf(k content.Kind) []Facet {
	var out []Facet
	for _, f := range r.facets {
		g := Facet{Name: f.Name, Key: f.Key, URL: f.URL}
		for _, v := range f.Values {
			if page, n := r.kindPage(&v, k); n > 0 {
				w := v
				w.Entries = slices.DeleteFunc(slices.Clone(v.Entries), func(e *content.Entry) bool { return e.Kind != k })
				// The filter links to the page where k's entries start.
				w.URL = page
				g.Values = append(g.Values, w)
			}
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}
