package render

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"catalogue/generator/content"
)

// A Panel is an entry's place in the catalogue, "In the catalogue": the
// entries above it in the chain principle → programme → action →
// mutualisation → service, those below it, and its other relations, each
// entry once with every relation that links them.
type Panel struct {
	Up, Down, Other []PanelItem
	// More counts the entries of the chain left out of Up and Down, past
	// panelMax.
	MoreUp, MoreDown int
	// NoAction and NoService are the empty states of a mutualisation.
	NoAction, NoService bool
	// Graph is the neighbourhood drawn as SVG, for two relations or more;
	// the lists are its text equivalent.
	Graph template.HTML
}

// A PanelItem is one related entry and how it relates.
type PanelItem struct {
	Entry *content.Entry
	Rels  []string // i18n keys: rel.mutualisations.in …
	// Via is the entry of the chain it is reached through, when it is
	// not linked directly.
	Via *content.Entry
}

// Len returns how many entries the panel lists.
func (p *Panel) Len() int { return len(p.Up) + len(p.Down) + len(p.Other) }

// panelMax bounds each list of entries reached through another: a
// programme of a large catalogue reaches thousands.
const panelMax = 40

// The relations that make the chain, from the upper entry's end: a
// programme's actions, an action's mutualisations, a mutualisation's
// services, a principle's children.
func chainDown(e *content.Entry) []*content.Entry {
	var out []*content.Entry
	switch e.Kind {
	case content.KindProgramme:
		out = e.BacklinksOf(content.RelProgramme)
	case content.KindAction:
		out = e.LinksOf(content.RelMutualisations)
	case content.KindMutualisation:
		out = e.BacklinksOf(content.RelRealises)
	case content.KindPrinciple:
		out = e.BacklinksOf(content.RelParent)
	}
	return out
}

func chainUp(e *content.Entry) []*content.Entry {
	switch e.Kind {
	case content.KindAction:
		return e.LinksOf(content.RelProgramme)
	case content.KindMutualisation:
		return e.BacklinksOf(content.RelMutualisations)
	case content.KindService:
		return e.LinksOf(content.RelRealises)
	case content.KindPrinciple:
		return e.LinksOf(content.RelParent)
	}
	return nil
}

// panel builds e's panel.
func (r *Renderer) panel(e *content.Entry) *Panel {
	p := &Panel{}
	items := map[*content.Entry]*PanelItem{}
	var order []*content.Entry
	add := func(x *content.Entry, key string) {
		it := items[x]
		if it == nil {
			it = &PanelItem{Entry: x}
			items[x] = it
			order = append(order, x)
		}
		if !slices.Contains(it.Rels, key) {
			it.Rels = append(it.Rels, key)
		}
	}
	for _, l := range e.Links {
		if l.Rel != content.RelSources && l.Entry != e {
			add(l.Entry, "rel."+string(l.Rel)+".out")
		}
	}
	for _, l := range e.Backlinks {
		if l.Entry == e {
			continue
		}
		if l.Rel == content.RelRelated && items[l.Entry] != nil && slices.Contains(items[l.Entry].Rels, "rel.related.out") {
			continue // related is symmetric: once
		}
		add(l.Entry, "rel."+string(l.Rel)+".in")
	}
	up := map[*content.Entry]bool{}
	for _, x := range chainUp(e) {
		up[x] = true
	}
	down := map[*content.Entry]bool{}
	for _, x := range chainDown(e) {
		down[x] = true
	}
	for _, x := range order {
		switch {
		case up[x]:
			p.Up = append(p.Up, *items[x])
		case down[x]:
			p.Down = append(p.Down, *items[x])
		default:
			p.Other = append(p.Other, *items[x])
		}
	}
	// The chain further on, through the entries just above and below.
	seen := map[*content.Entry]bool{e: true}
	for x := range items {
		seen[x] = true
	}
	p.Up, p.MoreUp = walkChain(p.Up, chainUp, seen)
	p.Down, p.MoreDown = walkChain(p.Down, chainDown, seen)
	if e.Kind == content.KindMutualisation {
		row, _ := r.cov.Row(e.ID)
		p.NoAction = !row.Covered()
		p.NoService = !row.Realised()
	}
	if p.Len() >= 2 {
		p.Graph = r.graph(e, p)
	}
	return p
}

// walkChain appends to items the entries next reaches from them, level
// after level, each once, up to panelMax in all; it returns how many it
// left out.
func walkChain(items []PanelItem, next func(*content.Entry) []*content.Entry, seen map[*content.Entry]bool) ([]PanelItem, int) {
	more := 0
	level := items
	for len(level) > 0 {
		var nextLevel []PanelItem
		for _, it := range level {
			via := it.Entry
			for _, x := range next(via) {
				if seen[x] {
					continue
				}
				seen[x] = true
				if len(items)+len(nextLevel) >= panelMax {
					more++
					continue
				}
				nextLevel = append(nextLevel, PanelItem{Entry: x, Via: via})
			}
		}
		items = append(items, nextLevel...)
		level = nextLevel
	}
	return items, more
}

// The graph's geometry: three columns, the entries above left, the entry
// in the middle, those below and the others right.
const (
	graphW     = 640
	graphNodeW = 180
	graphNodeH = 30
	graphGap   = 8
	graphMax   = 12 // nodes per side; the lists give the rest
	// About how many bytes the graph's frame and entry, and each other
	// node and its edge, take.
	graphSize, graphNodeSize = 600, 500
)

// graph draws e's neighbourhood: its direct relations only, above on the
// left, below and others on the right, in the order of the lists, so that
// the links come in the same order as the panel's when tabbing.
func (r *Renderer) graph(e *content.Entry, p *Panel) template.HTML {
	direct := func(items []PanelItem) []PanelItem {
		var out []PanelItem
		for _, it := range items {
			if it.Via == nil {
				out = append(out, it)
			}
		}
		return out
	}
	left := direct(p.Up)
	right := append(direct(p.Down), p.Other...)
	moreL, moreR := max(0, len(left)-graphMax), max(0, len(right)-graphMax)
	left, right = left[:min(len(left), graphMax)], right[:min(len(right), graphMax)]
	rows := max(len(left)+min(moreL, 1), len(right)+min(moreR, 1), 1)
	h := rows*(graphNodeH+graphGap) + graphGap
	esc := template.HTMLEscapeString
	var s svg
	// Sized once: grown by doubling as it was written, the graph's
	// builder was a fifth of what an entry page allocates.
	s.Grow(graphSize + (len(left)+len(right))*graphNodeSize)
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="graph-svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="graph-title">`, graphW, h, graphW, h)
	fmt.Fprintf(&s, `<title id="graph-title">%s</title>`, esc(fmt.Sprintf(r.t("panel.graph"), e.ID)))
	cx, cy := graphW/2, h/2
	colY := func(i, n int) int { return cy - n*(graphNodeH+graphGap)/2 + i*(graphNodeH+graphGap) + graphGap/2 }
	// Edges first, under the nodes.
	nL, nR := len(left)+min(moreL, 1), len(right)+min(moreR, 1)
	for i := range left {
		y := colY(i, nL) + graphNodeH/2
		s.line(graphNodeW, y, cx-graphNodeW/2, cy)
	}
	for i := range right {
		y := colY(i, nR) + graphNodeH/2
		s.line(cx+graphNodeW/2, cy, graphW-graphNodeW, y)
	}
	node := func(x, y int, it PanelItem) {
		s.WriteString(`<a href="`)
		s.WriteString(esc(r.url(it.Entry.URL())))
		// The title's parts escaped one by one, which escapes it as a
		// whole would be, without making it first: esc returns a text
		// with nothing to escape as it is.
		s.WriteString(`"><title>`)
		s.WriteString(esc(it.Entry.ID))
		s.WriteString(" ")
		s.WriteString(esc(it.Entry.Title))
		s.WriteString(" — ")
		s.WriteString(esc(r.t("kind." + string(it.Entry.Kind))))
		s.WriteString(" — ")
		for i, k := range it.Rels {
			if i > 0 {
				s.WriteString(", ")
			}
			s.WriteString(esc(r.t(k)))
		}
		s.WriteString(`</title>`)
		s.rect(x, y, `fill="#ffffff" stroke="#000091" stroke-width="1.5"`)
		s.text(x+8, y+20, `class="graph-text"`, esc(shorten(it.Entry.ID+" "+it.Entry.Title, 24)))
		s.WriteString(`</a>`)
	}
	more := func(x, y, n int) {
		s.text(x+8, y+20, `class="graph-text"`, esc(fmt.Sprintf(r.t("panel.more"), n)))
	}
	for i, it := range left {
		node(0, colY(i, nL), it)
	}
	if moreL > 0 {
		more(0, colY(len(left), nL), moreL)
	}
	// Bold, the entry's own label takes more room than the others'.
	label := shorten(e.ID+" "+e.Title, 21)
	s.rect(cx-graphNodeW/2, cy-graphNodeH/2, `fill="#000091" stroke="#000091"`)
	s.text(cx-graphNodeW/2+8, cy+5, `class="graph-text graph-self" fill="#ffffff"`, esc(label))
	for i, it := range right {
		node(graphW-graphNodeW, colY(i, nR), it)
	}
	if moreR > 0 {
		more(graphW-graphNodeW, colY(len(right), nR), moreR)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// svg writes the graph's markup. fmt.Fprintf made an interface of each
// number and string it wrote, a third of what the graph allocated.
type svg struct{ strings.Builder }

// line writes an edge from x1, y1 to x2, y2.
func (s *svg) line(x1, y1, x2, y2 int) {
	s.WriteString(`<line`)
	s.attr("x1", x1)
	s.attr("y1", y1)
	s.attr("x2", x2)
	s.attr("y2", y2)
	s.WriteString(` stroke="#595959"/>`)
}

// rect writes the box of a node at x, y, painted as paint says.
func (s *svg) rect(x, y int, paint string) {
	s.WriteString(`<rect`)
	s.attr("x", x)
	s.attr("y", y)
	s.attr("width", graphNodeW)
	s.attr("height", graphNodeH)
	s.WriteString(` rx="4" `)
	s.WriteString(paint)
	s.WriteString(`/>`)
}

// text writes the escaped text html at x, y, with the attributes attrs.
func (s *svg) text(x, y int, attrs, html string) {
	s.WriteString(`<text`)
	s.attr("x", x)
	s.attr("y", y)
	s.WriteString(` `)
	s.WriteString(attrs)
	s.WriteString(`>`)
	s.WriteString(html)
	s.WriteString(`</text>`)
}

// attr writes the attribute name="n", n in decimal, after a space.
func (s *svg) attr(name string, n int) {
	s.WriteString(` `)
	s.WriteString(name)
	s.WriteString(`="`)
	var b [20]byte
	s.Write(strconv.AppendInt(b[:0], int64(n), 10))
	s.WriteString(`"`)
}

// shorten returns s, or its first n-1 characters and an ellipsis when it
// has more than n.
func shorten(s string, n int) string {
	i := 0
	for j := range s {
		if i == n-1 {
			if utf8.RuneCountInString(s[j:]) > 1 {
				return s[:j] + "…"
			}
			return s
		}
		i++
	}
	return s
}
