package render

import (
	"slices"
	"strings"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
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
	ID      string
	Label   string
	URL     string
	Entries []*content.Entry
}

// Count returns how many entries of kind k have the value.
func (v FacetValue) Count(k content.Kind) int { return countKind(v.Entries, k) }

func (r *Renderer) buildFacets() []Facet {
	site := r.cat.Site
	themes := Facet{Name: "theme", Key: "facet.theme", URL: "/themes/"}
	for _, t := range site.Themes {
		themes.Values = append(themes.Values, FacetValue{ID: t.ID, Label: t.Label(r.lang)})
	}
	owners := Facet{Name: "owner", Key: "facet.owner", URL: "/owners/"}
	for _, e := range r.cat.Entries {
		for _, o := range e.Owners {
			if _, seen := r.ownerSlugs[o]; !seen {
				r.ownerSlugs[o] = markdown.Slug(o)
			}
		}
	}
	seen := map[string]bool{}
	for o, id := range r.ownerSlugs {
		if !seen[id] {
			seen[id] = true
			owners.Values = append(owners.Values, FacetValue{ID: id, Label: o})
		}
	}
	// Two spellings of an owner may share a slug: keep the first label in
	// sort order, so the output does not depend on map order.
	slices.SortFunc(owners.Values, func(a, b FacetValue) int { return strings.Compare(a.ID, b.ID) })
	for i := range owners.Values {
		for o, id := range r.ownerSlugs {
			if id == owners.Values[i].ID && o < owners.Values[i].Label {
				owners.Values[i].Label = o
			}
		}
	}
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
		// One pass over the entries, in catalogue order.
		for _, e := range r.cat.Entries {
			for _, id := range r.facetValues(f.Name, e) {
				if j, ok := index[id]; ok && !slices.Contains(f.Values[j].Entries, e) {
					f.Values[j].Entries = append(f.Values[j].Entries, e)
				}
			}
		}
		// A value no entry has gets no page.
		f.Values = slices.DeleteFunc(f.Values, func(v FacetValue) bool { return len(v.Entries) == 0 })
	}
	return facets
}

// facetValues returns the ids of the values entry e has for facet name.
func (r *Renderer) facetValues(name string, e *content.Entry) []string {
	switch name {
	case "theme":
		return e.Themes
	case "owner":
		ids := make([]string, len(e.Owners))
		for i, o := range e.Owners {
			ids[i] = r.ownerSlugs[o]
		}
		return ids
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
			if v.Count(k) > 0 {
				w := v
				w.Entries = slices.DeleteFunc(slices.Clone(v.Entries), func(e *content.Entry) bool { return e.Kind != k })
				g.Values = append(g.Values, w)
			}
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}
