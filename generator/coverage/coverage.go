// Package coverage tells, for each mutualisation of a catalogue, which
// actions cover it and which running services realise it: the one place
// the portal's coverage page and charts and the coverage open-data files
// read it from, so that they always agree.
package coverage

import (
	"catalogue/generator/content"
)

// A State is where a mutualisation stands: exactly one of the four.
type State string

// The states, in the order the portal shows them.
const (
	Both    State = "both"    // covered by an action and realised by a running service
	Action  State = "action"  // covered by an action only
	Service State = "service" // realised by a running service only
	None    State = "none"    // neither
)

// States lists the states in display order.
func States() []State { return []State{Both, Action, Service, None} }

// A Row is one mutualisation and what covers it.
type Row struct {
	Mutualisation *content.Entry
	// Actions are the actions that list it under mutualisations, in id
	// order; Services the running services that list it under realises.
	Actions  []*content.Entry
	Services []*content.Entry
}

// Covered reports whether an action covers the mutualisation.
func (r Row) Covered() bool { return len(r.Actions) > 0 }

// Realised reports whether a running service realises it.
func (r Row) Realised() bool { return len(r.Services) > 0 }

// State returns the row's state.
func (r Row) State() State {
	switch {
	case r.Covered() && r.Realised():
		return Both
	case r.Covered():
		return Action
	case r.Realised():
		return Service
	}
	return None
}

// Flags returns the values of the coverage filter the row has: "action"
// when an action covers it, "service" when a service realises it, else
// "none". A mutualisation that is both is found under either filter.
func (r Row) Flags() []string {
	var out []string
	if r.Covered() {
		out = append(out, "action")
	}
	if r.Realised() {
		out = append(out, "service")
	}
	if out == nil {
		out = []string{"none"}
	}
	return out
}

// Counts are how many mutualisations of a set are in each state.
type Counts struct {
	Total    int
	Covered  int // by an action, whether realised or not
	Realised int // by a running service, whether covered or not
	Both     int
	Neither  int
}

// Of returns the number of rows in state s.
func (c Counts) Of(s State) int {
	switch s {
	case Both:
		return c.Both
	case Action:
		return c.Covered - c.Both
	case Service:
		return c.Realised - c.Both
	}
	return c.Neither
}

func (c *Counts) add(r Row) {
	c.Total++
	if r.Covered() {
		c.Covered++
	}
	if r.Realised() {
		c.Realised++
	}
	switch r.State() {
	case Both:
		c.Both++
	case None:
		c.Neither++
	}
}

// A ThemeCounts is the counts of the mutualisations of one theme.
type ThemeCounts struct {
	Theme content.Theme
	Counts
}

// A Report is the coverage of a whole catalogue.
type Report struct {
	Rows   []Row // one per mutualisation, in id order
	Counts Counts
	// Themes are the counts per theme of site.toml, in its order, for
	// the themes some mutualisation has.
	Themes []ThemeCounts
	byID   map[string]int
}

// Of computes the coverage of cat.
func Of(cat *content.Catalogue) *Report {
	rep := &Report{byID: map[string]int{}}
	for _, m := range cat.Collection(content.KindMutualisation) {
		r := Row{Mutualisation: m, Actions: m.BacklinksOf(content.RelMutualisations)}
		for _, s := range m.BacklinksOf(content.RelRealises) {
			if Running(s) {
				r.Services = append(r.Services, s)
			}
		}
		rep.byID[m.ID] = len(rep.Rows)
		rep.Rows = append(rep.Rows, r)
		rep.Counts.add(r)
	}
	for _, t := range cat.Site.Themes {
		tc := ThemeCounts{Theme: t}
		for _, r := range rep.Rows {
			for _, id := range r.Mutualisation.Themes {
				if id == t.ID {
					tc.add(r)
					break
				}
			}
		}
		if tc.Total > 0 {
			rep.Themes = append(rep.Themes, tc)
		}
	}
	return rep
}

// Row returns the row of the mutualisation with the given id.
func (rep *Report) Row(id string) (Row, bool) {
	i, ok := rep.byID[id]
	if !ok {
		return Row{}, false
	}
	return rep.Rows[i], true
}

// Running reports whether a service is in operation: its status says so,
// or it says nothing, as the services collection holds services in
// operation unless told otherwise (planned, retired…).
func Running(s *content.Entry) bool {
	return s.Status == "" || s.Status == "operational"
}
