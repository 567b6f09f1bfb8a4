package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"catalogue/generator/content"
)

// The facets a collection explorer filters by, in the order of its form
// and of the URL's query.
var exploreFacets = []string{"theme", "owner", "status", "priority", "programme", "coverage"}

// rowsPath is where the explorer of kind k's table reads what it filters
// and sorts by: for every row of the collection, across the table's pages,
// its facet values and its rank in each column's order. The cells it
// shows are in parts of rowsPart rows (rowsPartPath), fetched for the
// rows shown, a download, or a text filter: ten thousand titles would
// make the first fetch too big.
func rowsPath(k content.Kind) string {
	c, _ := content.CollectionOf(k)
	return "/" + c.Dir + "/rows.json"
}

// rowsPart is how many rows each part of the explorer's cells holds: a
// view fetches the parts of the rows it shows, so the smaller a part, the
// less it fetches of rows it does not show.
const rowsPart = 250

// rowsPartPath is where part i of kind k's rows is: rows i×rowsPart to
// (i+1)×rowsPart, in the catalogue's order.
func rowsPartPath(k content.Kind, i int) string {
	c, _ := content.CollectionOf(k)
	return "/" + c.Dir + "/rows-" + strconv.Itoa(i) + ".json"
}

// rowsPaths returns the paths of the explorer's files for kind k: its
// index, its parts, then the shards of its word index.
func (r *Renderer) rowsPaths(k content.Kind) []string {
	out := []string{rowsPath(k)}
	n := len(r.byKind[k])
	for i := 0; i*rowsPart < n; i++ {
		out = append(out, rowsPartPath(k, i))
	}
	for i := 0; i < wordsShards(n); i++ {
		out = append(out, wordsPath(k, i))
	}
	return out
}

// ExplorerPaths returns the paths of the files the explorer of kind k's
// collection page fetches: its index (rows.json), what filters and sorts
// every row, then the parts of its cells (rows-<n>.json), then the shards
// of its word index (words-<n>.json), for the text filter.
func (r *Renderer) ExplorerPaths(k content.Kind) []string { return r.rowsPaths(k) }

// The files of an explorer.
type rowsFileKind int

const (
	rowsIndexFile rowsFileKind = iota // rows.json
	rowsPartFile                      // rows-<n>.json
	wordsFile                         // words-<n>.json
)

// rowsFile tells which explorer file of kind k path is, and its number if
// it is a part or a shard.
func rowsFile(k content.Kind, path string) (file rowsFileKind, n int, ok bool) {
	if path == rowsPath(k) {
		return rowsIndexFile, 0, true
	}
	c, _ := content.CollectionOf(k)
	rest, ok := strings.CutPrefix(path, "/"+c.Dir+"/")
	if !ok {
		return 0, 0, false
	}
	for _, f := range []struct {
		prefix string
		file   rowsFileKind
	}{{"rows-", rowsPartFile}, {"words-", wordsFile}} {
		num, ok := strings.CutPrefix(rest, f.prefix)
		if !ok {
			continue
		}
		if num, ok = strings.CutSuffix(num, ".json"); !ok {
			return 0, 0, false
		}
		i, err := strconv.Atoi(num)
		if err != nil || i < 0 || strconv.Itoa(i) != num {
			return 0, 0, false
		}
		return f.file, i, true
	}
	return 0, 0, false
}

// isRowsPart tells whether path is a numbered file of some explorer, a
// part of its rows or a shard of its words, which a smaller collection
// has fewer of.
func isRowsPart(path string) bool {
	for _, c := range content.Collections() {
		if file, _, ok := rowsFile(c.Kind, path); ok && file != rowsIndexFile {
			return true
		}
	}
	return false
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

// rowsJSON returns the index of kind k's explorer: the columns, the
// facets with their labels and, for each entry, the indexes of its facet
// values and its rank in each column's order. Its cells are in the parts
// (rowsPartJSON).
func (r *Renderer) rowsJSON(k content.Kind) ([]byte, error) {
	t := r.explorerTable(k)
	cols, rows := t.cols, t.rows
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
		// Rank is each row's rank in the column's order (0: empty
		// cell), each written as the difference from the row before's:
		// rows in the order of their ids then cost a byte.
		Rank []int `json:"rank"`
	}
	type facet struct {
		Name   string      `json:"name"`
		Label  string      `json:"label"`
		Values [][2]string `json:"values"`
		// Rows holds, for each row, the indexes in Values of its values.
		Rows [][]int `json:"rows"`
	}
	out := struct {
		Dir   string `json:"dir"`
		Count int    `json:"count"`
		Part  int    `json:"part"`
		// Words is how many shards the word index has.
		Words   int     `json:"words"`
		Columns []col   `json:"columns"`
		Facets  []facet `json:"facets"`
	}{Part: rowsPart, Columns: []col{}, Facets: []facet{}}
	c, _ := content.CollectionOf(k)
	out.Dir = "/" + c.Dir + "/"
	out.Count = len(rows)
	out.Words = wordsShards(len(rows))
	for j, c := range cols {
		cl := col{Name: c.Name, Label: r.t(c.Label), Rank: deltas(r.ranks(rows, j))}
		cl.Self, cl.Ref = t.kinds[j][0] != "", t.kinds[j][1]
		if len(rows) > 0 {
			cl.Code = rows[0].Cells[j].Code
		}
		out.Columns = append(out.Columns, cl)
	}
	for _, f := range facets {
		index := map[string]int{}
		for i, v := range f.Values {
			index[v[0]] = i
		}
		ff := facet{Name: f.Name, Label: r.t(f.Label), Values: f.Values, Rows: make([][]int, len(rows))}
		for i, row := range rows {
			ff.Rows[i] = []int{}
			for _, v := range r.exploreValues(f.Name, row.Entry) {
				if n, ok := index[v]; ok {
					ff.Rows[i] = append(ff.Rows[i], n)
				}
			}
		}
		out.Facets = append(out.Facets, ff)
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// rowsPartJSON returns part i of kind k's explorer rows: for each of its
// rows, its cells, positional (ten thousand rows would repeat keys).
func (r *Renderer) rowsPartJSON(k content.Kind, i int) ([]byte, error) {
	t := r.explorerTable(k)
	all, kinds := t.rows, t.kinds
	rows := all[min(i*rowsPart, len(all)):min((i+1)*rowsPart, len(all))]
	out := make([][]any, len(rows))
	for n, row := range rows {
		item := make([]any, len(row.Cells))
		for j, c := range row.Cells {
			self := ""
			if kinds[j][0] != "" {
				self = row.Entry.URL()
			}
			item[j] = cellJSON(c, self, kinds[j][1])
		}
		out[n] = item
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// An explorerTable is a kind's table as its explorer writes it: the
// columns, the rows of every entry of the kind, and for each column
// whether its links go to the row's own entry ("self" in [0]) or to the
// collection in [1] (see linkKind).
type explorerTable struct {
	cols  []Column
	rows  []TableRow
	kinds [][2]string
}

// explorerTable returns kind k's explorer table, working it out on first
// use: the index and each part of the explorer would otherwise each build
// every row of the kind, which at 76,000 rows in 27 parts took minutes.
func (r *Renderer) explorerTable(k content.Kind) *explorerTable {
	r.cache.tablesMu.Lock()
	defer r.cache.tablesMu.Unlock()
	if t := r.cache.tables[k]; t != nil {
		return t
	}
	t := &explorerTable{cols: r.columns(k)}
	t.rows = r.tableRows(t.cols, r.byKind[k])
	t.kinds = make([][2]string, len(t.cols))
	for j := range t.cols {
		self, ref := linkKind(t.rows, j)
		if self {
			t.kinds[j][0] = "self"
		}
		t.kinds[j][1] = ref
	}
	r.cache.tables[k] = t
	return t
}

// ranks returns the rank of each row in the order of column j, as the
// explorer sorts it: by the cells' sort keys (their text unless they have
// one), compared as the UI's language does, ignoring case and accents,
// numbers by their value. Equal keys share a rank, so that ties keep the
// catalogue's order; an empty key has rank 0, which the explorer puts
// last in either direction.
//
// Each text's collation key is worked out once and the keys compared as
// bytes, which orders them as the collator's CompareString does
// (TestRanksAsCollator): sorting by CompareString worked each text's key
// out again at each of its n log n comparisons.
func (r *Renderer) ranks(rows []TableRow, j int) []int {
	coll := collate.New(language.Make(r.lang), collate.Loose, collate.Numeric)
	var buf collate.Buffer
	keys := make([][]byte, len(rows))
	order := make([]int, 0, len(rows))
	for i, row := range rows {
		c := row.Cells[j]
		if s := cmp.Or(c.Sort, c.String()); s != "" {
			keys[i] = coll.KeyFromString(&buf, s)
			order = append(order, i)
		}
	}
	// Ties in the order of the rows: a stable sort, cheaper as a plain
	// one on distinct (key, row) pairs.
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(bytes.Compare(keys[a], keys[b]), cmp.Compare(a, b)) })
	out := make([]int, len(rows))
	rank := 0
	for n, i := range order {
		if n == 0 || !bytes.Equal(keys[order[n-1]], keys[i]) {
			rank++
		}
		out[i] = rank
	}
	return out
}

// deltas returns each number of ns less the one before it.
func deltas(ns []int) []int {
	out := make([]int, len(ns))
	prev := 0
	for i, n := range ns {
		out[i], prev = n-prev, n
	}
	return out
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
