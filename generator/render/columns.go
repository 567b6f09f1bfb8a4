package render

import (
	"strconv"
	"strings"

	"catalogue/generator/content"
	"catalogue/generator/coverage"
)

// A Column is one column of a collection table. The page's HTML rows and
// the rows its explorer filters (rows.json) are both made from it, so the
// two always show the same cells.
type Column struct {
	Name  string // stable key: of the sort in the URL and of a downloaded view
	Label string // i18n key of its header
	Cell  func(e *content.Entry) Cell
}

// A Cell is what a table shows of one entry in one column: a text, or
// links to entries.
type Cell struct {
	Text  string
	Links []CellLink
	// Sort, if set, orders the column in place of the text.
	Sort string
	// Code marks a cell of codes, kept on one line.
	Code bool
}

// A CellLink is a link in a cell.
type CellLink struct {
	Text string
	URL  string // site path, without the base URL's path
	Lang content.Lang
}

// String returns the cell as text, as a downloaded view gives it.
func (c Cell) String() string {
	if c.Links == nil {
		return c.Text
	}
	texts := make([]string, len(c.Links))
	for i, l := range c.Links {
		texts[i] = l.Text
	}
	return strings.Join(texts, ", ")
}

// columns returns the columns of kind k's table.
func (r *Renderer) columns(k content.Kind) []Column {
	cols := []Column{
		{"id", "field.id", func(e *content.Entry) Cell { return Cell{Text: e.ID, Code: true} }},
		{"title", "field.title", func(e *content.Entry) Cell { return Cell{Links: []CellLink{r.selfLink(e)}} }},
	}
	ids := func(es []*content.Entry) Cell {
		c := Cell{Links: []CellLink{}}
		for _, x := range es {
			c.Links = append(c.Links, CellLink{Text: x.ID, URL: x.URL()})
		}
		return c
	}
	idRefs := func(list []string) Cell {
		c := Cell{Links: []CellLink{}}
		for _, id := range list {
			if x := r.cat.Entry(id); x != nil {
				c.Links = append(c.Links, CellLink{Text: id, URL: x.URL()})
			}
		}
		return c
	}
	switch k {
	case content.KindMutualisation:
		cols = append(cols,
			Column{"themes", "field.themes", func(e *content.Entry) Cell { return Cell{Text: r.themeList(e.Themes)} }},
			Column{"actions", "rel.mutualisations.in", func(e *content.Entry) Cell { return ids(e.BacklinksOf(content.RelMutualisations)) }},
			Column{"services", "rel.realises.in", func(e *content.Entry) Cell {
				c := Cell{Links: []CellLink{}}
				for _, s := range e.BacklinksOf(content.RelRealises) {
					c.Links = append(c.Links, CellLink{Text: s.Title, URL: s.URL(), Lang: r.otherLang(s)})
				}
				return c
			}},
			Column{"coverage", "field.coverage", func(e *content.Entry) Cell {
				row, _ := r.cov.Row(e.ID)
				s := row.State()
				return Cell{Text: r.t("coverage.state." + string(s)), Sort: strconv.Itoa(stateRank(s))}
			}},
		)
	case content.KindAction:
		cols = append(cols,
			Column{"programme", "field.programme", func(e *content.Entry) Cell {
				if e.Action.Programme == "" {
					return Cell{}
				}
				return idRefs([]string{e.Action.Programme})
			}},
			Column{"portage", "field.portage", func(e *content.Entry) Cell { return Cell{Text: e.Action.Portage} }},
			Column{"priority", "field.priority", func(e *content.Entry) Cell {
				p := e.Action.Priority
				if p == "" {
					return Cell{Sort: "9"}
				}
				return Cell{Text: r.t("priority." + string(p)), Sort: strconv.Itoa(priorityRank(p))}
			}},
			Column{"mutualisations", "field.mutualisations", func(e *content.Entry) Cell { return idRefs(e.Action.Mutualisations) }},
		)
	case content.KindProgramme:
		cols = append(cols,
			Column{"category", "field.category", func(e *content.Entry) Cell {
				return Cell{Text: r.t("category." + string(e.Programme.Category))}
			}},
			Column{"actions", "rel.programme.in", func(e *content.Entry) Cell {
				n := strconv.Itoa(len(e.BacklinksOf(content.RelProgramme)))
				return Cell{Text: n, Sort: pad(n)}
			}},
		)
	case content.KindPrinciple:
		cols = append(cols, Column{"parent", "field.parent", func(e *content.Entry) Cell {
			if e.Principle.Parent == "" {
				return Cell{}
			}
			return idRefs([]string{e.Principle.Parent})
		}})
	case content.KindIOPAction:
		cols = append(cols,
			Column{"csi", "field.csi", func(e *content.Entry) Cell { return Cell{Text: strings.Join(e.IOP.CSI, ", ")} }},
			Column{"status", "field.status", func(e *content.Entry) Cell { return r.statusCell(e) }},
		)
	case content.KindService:
		cols = append(cols,
			Column{"operator", "field.operator", func(e *content.Entry) Cell { return Cell{Text: e.Service.Operator} }},
			Column{"realises", "field.realises", func(e *content.Entry) Cell { return idRefs(e.Service.Realises) }},
			Column{"status", "field.status", func(e *content.Entry) Cell { return r.statusCell(e) }},
		)
	case content.KindSource:
		cols = append(cols,
			Column{"publisher", "field.publisher", func(e *content.Entry) Cell { return Cell{Text: e.Source.Publisher} }},
			Column{"date", "field.date", func(e *content.Entry) Cell { return Cell{Text: e.Source.Date} }},
		)
	}
	return cols
}

func (r *Renderer) selfLink(e *content.Entry) CellLink {
	return CellLink{Text: e.Title, URL: e.URL(), Lang: r.otherLang(e)}
}

// otherLang returns e's language when it is not the UI's, else "".
func (r *Renderer) otherLang(e *content.Entry) content.Lang {
	if string(e.Lang) != r.lang {
		return e.Lang
	}
	return ""
}

func (r *Renderer) statusCell(e *content.Entry) Cell {
	if e.Status == "" {
		return Cell{}
	}
	return Cell{Text: r.t("status." + string(e.Status))}
}

func (r *Renderer) themeList(ids []string) string {
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = r.themeLabel(id)
	}
	return strings.Join(labels, ", ")
}

// pad writes a count so that it sorts as text: 0000012.
func pad(n string) string { return strings.Repeat("0", max(0, 7-len(n))) + n }

func priorityRank(p content.Priority) int {
	for i, v := range p.Values() {
		if v == string(p) {
			return i
		}
	}
	return 9
}

func stateRank(s coverage.State) int {
	for i, v := range coverage.States() {
		if v == s {
			return i
		}
	}
	return 9
}

// A TableRow is one entry's row of a collection table.
type TableRow struct {
	Entry *content.Entry
	Cells []Cell
}

// tableRows returns the rows of es in kind k's table.
func (r *Renderer) tableRows(cols []Column, es []*content.Entry) []TableRow {
	rows := make([]TableRow, len(es))
	for i, e := range es {
		cells := make([]Cell, len(cols))
		for j, c := range cols {
			cells[j] = c.Cell(e)
		}
		rows[i] = TableRow{Entry: e, Cells: cells}
	}
	return rows
}
