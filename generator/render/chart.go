package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"catalogue/generator/content"
	"catalogue/generator/coverage"
)

// A Chart is a bar chart drawn at build time as inline SVG: no script, no
// library, the same bytes for the same content. Its figure has a caption,
// a text alternative and the same data as a table, and every series has
// its own pattern as well as its colour, so that no meaning rests on
// colour alone, on screen or in print.
type Chart struct {
	ID      string // unique on the page: prefixes the SVG's ids
	Caption string
	Summary string   // the text alternative: what the chart shows
	Series  []string // labels of the stacked series; one unnamed series if empty
	Bars    []Bar
	// Log draws the bars on a logarithmic scale, for figures of very
	// different sizes; the caption says so.
	Log bool
	SVG template.HTML
}

// A Bar is one bar: its label and a value per series.
type Bar struct {
	Label  string
	Values []float64
}

// Total returns the sum of the bar's values.
func (b Bar) Total() float64 {
	t := 0.0
	for _, v := range b.Values {
		t += v
	}
	return t
}

// Geometry of a chart, in SVG user units (the SVG scales to its box).
const (
	chartWidth  = 640
	chartLabelW = 230 // the bars' labels, left
	chartValueW = 95  // the totals, right of the longest bar
	chartRowH   = 26
	chartBarH   = 18
	chartLegend = 24 // height of a legend line
)

// The series' looks: a fill pattern and a stroke, all dark on white
// (contrast ≥ 3:1 for graphics, WCAG 1.4.11), told apart by their
// pattern in print and by colour-blind readers.
var seriesLook = []struct{ fill, pattern string }{
	{"#000091", ""},      // solid dark blue
	{"#000091", "hatch"}, // diagonal lines
	{"#8d4200", "dots"},  // dots
	{"#18753c", "cross"}, // crossed lines
	{"#ffffff", ""},      // white, outlined
	{"#595959", "hatch"}, // grey lines
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// fmtInt formats a count or figure with thin spaces between thousands,
// as French does and English reads.
func fmtNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// draw writes c.SVG.
func (c *Chart) draw() {
	esc := template.HTMLEscapeString
	series := max(len(c.Series), 1)
	legendH := 0
	if len(c.Series) > 0 {
		legendH = chartLegend * ((len(c.Series) + 2) / 3)
	}
	height := legendH + len(c.Bars)*chartRowH + 8
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = max(maxV, b.Total())
	}
	scale := func(v float64) float64 {
		if maxV <= 0 {
			return 0
		}
		if c.Log {
			return math.Log10(1+v) / math.Log10(1+maxV)
		}
		return v / maxV
	}
	span := float64(chartWidth - chartLabelW - chartValueW)
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		chartWidth, height, chartWidth, height, c.ID, c.ID)
	fmt.Fprintf(&s, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, esc(c.Caption), c.ID, esc(c.Summary))
	s.WriteString(`<defs>`)
	for i := range series {
		look := seriesLook[i%len(seriesLook)]
		id := fmt.Sprintf("%s-p%d", c.ID, i)
		switch look.pattern {
		case "hatch":
			fmt.Fprintf(&s, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="3"/></pattern>`, id, look.fill)
		case "dots":
			fmt.Fprintf(&s, `<pattern id="%s" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.6" fill="%s"/></pattern>`, id, look.fill)
		case "cross":
			fmt.Fprintf(&s, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><path d="M0 0L6 6M6 0L0 6" stroke="%s" stroke-width="1.5"/></pattern>`, id, look.fill)
		}
	}
	s.WriteString(`</defs>`)
	fill := func(i int) (string, string) {
		look := seriesLook[i%len(seriesLook)]
		stroke := look.fill
		if look.fill == "#ffffff" {
			stroke = "#161616"
		}
		if look.pattern != "" {
			return fmt.Sprintf("url(#%s-p%d)", c.ID, i), stroke
		}
		return look.fill, stroke
	}
	for i, name := range c.Series {
		x := (i % 3) * (chartWidth / 3)
		y := (i / 3) * chartLegend
		f, st := fill(i)
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="16" height="16" fill="%s" stroke="%s"/><text x="%d" y="%d" class="chart-text">%s</text>`,
			x+1, y+3, f, st, x+22, y+16, esc(name))
	}
	for i, b := range c.Bars {
		y := legendH + i*chartRowH
		label := b.Label
		if r := []rune(label); len(r) > 28 {
			label = string(r[:27]) + "…"
		}
		fmt.Fprintf(&s, `<g><title>%s: %s</title>`, esc(b.Label), esc(fmtNum(b.Total())))
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="chart-text">%s</text>`, chartLabelW-8, y+chartBarH-4, esc(label))
		x := float64(chartLabelW)
		acc := 0.0
		for j, v := range b.Values {
			if v <= 0 {
				continue
			}
			// Stacked on the scale of the running total, so that a log
			// scale keeps the bar's length right.
			w := span*scale(acc+v) - span*scale(acc)
			acc += v
			f, st := fill(j)
			fmt.Fprintf(&s, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s" stroke="%s"/>`,
				num(math.Round(x*10)/10), y+2, num(math.Round(w*10)/10), chartBarH-2, f, st)
			x += w
		}
		fmt.Fprintf(&s, `<text x="%s" y="%d" class="chart-text">%s</text></g>`, num(math.Round((x+6)*10)/10), y+chartBarH-4, esc(fmtNum(b.Total())))
	}
	s.WriteString(`</svg>`)
	c.SVG = template.HTML(s.String())
}

// programmeChart counts the actions of each programme by priority.
func (r *Renderer) programmeChart(id string) *Chart {
	prios := content.Priority("").Values()
	c := &Chart{ID: id, Caption: r.t("chart.programmes"), Summary: r.t("chart.programmes.summary")}
	for _, p := range prios {
		c.Series = append(c.Series, r.t("priority."+p))
	}
	c.Series = append(c.Series, r.t("chart.priority.none"))
	byProg := map[string]int{}
	for i, p := range r.byKind[content.KindProgramme] {
		byProg[p.ID] = i
		c.Bars = append(c.Bars, Bar{Label: p.ID + " " + p.Title, Values: make([]float64, len(c.Series))})
	}
	var none *Bar
	for _, a := range r.byKind[content.KindAction] {
		j := len(prios)
		if p := a.Action.Priority; p != "" {
			j = priorityRank(p)
		}
		if i, ok := byProg[a.Action.Programme]; ok {
			c.Bars[i].Values[j]++
			continue
		}
		if none == nil {
			none = &Bar{Label: r.t("chart.programme.none"), Values: make([]float64, len(c.Series))}
		}
		none.Values[j]++
	}
	if none != nil {
		c.Bars = append(c.Bars, *none)
	}
	return c.done()
}

// ownerChart counts the actions of each owner: the 12 that own most.
func (r *Renderer) ownerChart(id string) *Chart {
	c := &Chart{ID: id, Caption: r.t("chart.owners"), Summary: r.t("chart.owners.summary")}
	for _, f := range r.facets {
		if f.Name != "owner" {
			continue
		}
		for _, v := range f.Values {
			if n := v.Count(content.KindAction); n > 0 {
				c.Bars = append(c.Bars, Bar{Label: v.Label, Values: []float64{float64(n)}})
			}
		}
	}
	slices.SortStableFunc(c.Bars, func(a, b Bar) int { return cmp.Compare(b.Values[0], a.Values[0]) })
	c.Bars = c.Bars[:min(len(c.Bars), 12)]
	return c.done()
}

// coverageChart counts the mutualisations of each theme by coverage
// state.
func (r *Renderer) coverageChart(id string) *Chart {
	c := &Chart{ID: id, Caption: r.t("chart.coverage"), Summary: fmt.Sprintf(r.t("chart.coverage.summary"),
		r.cov.Counts.Total, r.cov.Counts.Covered, r.cov.Counts.Realised, r.cov.Counts.Neither)}
	for _, s := range coverage.States() {
		c.Series = append(c.Series, r.t("coverage.state."+string(s)))
	}
	for _, tc := range r.cov.Themes {
		b := Bar{Label: tc.Theme.Label(r.lang)}
		for _, s := range coverage.States() {
			b.Values = append(b.Values, float64(tc.Counts.Of(s)))
		}
		c.Bars = append(c.Bars, b)
	}
	return c.done()
}

// figuresChart shows the figures the services publish, on a logarithmic
// scale: users by the million beside services by the thousand.
func (r *Renderer) figuresChart(id string) *Chart {
	c := &Chart{ID: id, Caption: r.t("chart.figures"), Summary: r.t("chart.figures.summary"), Log: true}
	for _, s := range r.byKind[content.KindService] {
		for _, f := range s.Service.Figures {
			label := s.Title + " — " + f.Label
			if f.Year != 0 {
				label += fmt.Sprintf(" (%d)", f.Year)
			}
			c.Bars = append(c.Bars, Bar{Label: label, Values: []float64{f.Value}})
		}
	}
	return c.done()
}

// themeChart counts the entries of kind k of each theme.
func (r *Renderer) themeChart(id string, k content.Kind) *Chart {
	c := &Chart{ID: id, Caption: fmt.Sprintf(r.t("chart.themes"), r.t("kind."+string(k)+".plural")), Summary: r.t("chart.themes.summary")}
	for _, f := range r.facets {
		if f.Name != "theme" {
			continue
		}
		for _, v := range f.Values {
			if n := v.Count(k); n > 0 {
				c.Bars = append(c.Bars, Bar{Label: v.Label, Values: []float64{float64(n)}})
			}
		}
	}
	return c.done()
}

// citedChart counts the entries that cite each source.
func (r *Renderer) citedChart(id string) *Chart {
	c := &Chart{ID: id, Caption: r.t("chart.sources"), Summary: r.t("chart.sources.summary")}
	for _, s := range r.byKind[content.KindSource] {
		c.Bars = append(c.Bars, Bar{Label: s.Title, Values: []float64{float64(len(s.BacklinksOf(content.RelSources)))}})
	}
	slices.SortStableFunc(c.Bars, func(a, b Bar) int { return cmp.Compare(b.Values[0], a.Values[0]) })
	c.Bars = c.Bars[:min(len(c.Bars), 12)]
	return c.done()
}

// done draws c, or returns nil when it has nothing to show.
func (c *Chart) done() *Chart {
	if !slices.ContainsFunc(c.Bars, func(b Bar) bool { return b.Total() > 0 }) {
		return nil
	}
	c.draw()
	return c
}

// chartsOf returns the charts of the first page of kind k's collection.
func (r *Renderer) chartsOf(k content.Kind) []*Chart {
	var out []*Chart
	switch k {
	case content.KindMutualisation:
		out = append(out, r.coverageChart("chart-coverage"))
	case content.KindAction:
		out = append(out, r.programmeChart("chart-programmes"), r.ownerChart("chart-owners"))
	case content.KindProgramme:
		out = append(out, r.programmeChart("chart-programmes"))
	case content.KindService:
		out = append(out, r.figuresChart("chart-figures"))
	case content.KindSource:
		out = append(out, r.citedChart("chart-sources"))
	default:
		out = append(out, r.themeChart("chart-themes", k))
	}
	return slices.DeleteFunc(out, func(c *Chart) bool { return c == nil })
}

// homeCharts returns the charts of the home page.
func (r *Renderer) homeCharts() []*Chart {
	out := []*Chart{r.coverageChart("chart-coverage"), r.programmeChart("chart-programmes"),
		r.ownerChart("chart-owners"), r.figuresChart("chart-figures")}
	return slices.DeleteFunc(out, func(c *Chart) bool { return c == nil })
}
