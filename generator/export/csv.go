package export

import (
	"fmt"
	"strconv"
	"strings"

	"catalogue/generator/content"
)

// ListSeparator joins the items of a list in a CSV cell.
const ListSeparator = " | "

// A column is one column of a collection's CSV file, read from a record.
type column struct {
	Name  string
	Field field // the record's field, or the object key of a list of objects
	// Parent is the record key of a list of objects or of relations
	// the column is cut from, "" for a column of its own.
	Parent string
	Rel    content.Rel // for a column of relations
	List   bool
}

// csvColumns flattens the fields of a record into columns.
func csvColumns(fields []field) []column {
	var cols []column
	for _, f := range fields {
		switch f.Type {
		case tObjects:
			for _, sub := range f.Sub {
				cols = append(cols, column{Name: f.Name + "_" + sub.Name, Field: sub, Parent: f.Name, List: true})
			}
		case tRels:
			for _, r := range f.Rels {
				cols = append(cols, column{Name: f.Name + "_" + string(r), Field: f, Parent: f.Name, Rel: r, List: true})
			}
		default:
			cols = append(cols, column{Name: f.Name, Field: f, List: f.Type == tStrings})
		}
	}
	return cols
}

func columnNames(cols []column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

// csvRow returns the cells of rec, neutralised.
func csvRow(cols []column, rec object) []string {
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = neutralise(c.text(rec))
	}
	return row
}

// text returns the column's value in rec, as written in a cell.
func (c column) text(rec object) string {
	switch {
	case c.Parent == "":
		return cellText(rec.get(c.Name))
	case c.Rel != "":
		rels, _ := rec.get(c.Parent).(object)
		ids, _ := rels.get(string(c.Rel)).([]string)
		return joinList(ids)
	}
	objs, _ := rec.get(c.Parent).([]object)
	items := make([]string, len(objs))
	for i, o := range objs {
		items[i] = cellText(o.get(c.Field.Name))
	}
	return joinList(items)
}

// cellText writes a JSON value of a record as CSV text: absent is empty.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []string:
		return joinList(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	panic(fmt.Sprintf("export: no CSV text for %T", v))
}

var listEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`)

// joinList joins items with ListSeparator, escaping \ and | inside them.
func joinList(items []string) string {
	esc := make([]string, len(items))
	for i, s := range items {
		esc[i] = listEscaper.Replace(s)
	}
	return strings.Join(esc, ListSeparator)
}

// splitList is the inverse of joinList; an empty cell is an empty list.
func splitList(cell string) []string {
	if cell == "" {
		return nil
	}
	var items []string
	var b strings.Builder
	for i := 0; i < len(cell); i++ {
		switch {
		case cell[i] == '\\' && i+1 < len(cell):
			i++
			b.WriteByte(cell[i])
		case strings.HasPrefix(cell[i:], ListSeparator):
			items = append(items, b.String())
			b.Reset()
			i += len(ListSeparator) - 1
		default:
			b.WriteByte(cell[i])
		}
	}
	return append(items, b.String())
}

// neutralise keeps a spreadsheet from running a cell as a formula: a cell
// that starts with =, +, -, @, tab or carriage return gets a leading
// apostrophe, which spreadsheets show as text and do not evaluate. A cell
// that starts with an apostrophe gets one too, so that unneutralise, which
// drops one, gives every value back.
func neutralise(cell string) string {
	if cell != "" && strings.IndexByte("=+-@\t\r'", cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// neutralisedNote says what neutralise does, in English then in French,
// for the descriptions of the CSV files in datapackage.json and in their
// Table Schemas: a reuser reading a file with pandas or Frictionless gets
// the apostrophe in the value and needs to know to drop it.
func neutralisedNote() string {
	return "A leading apostrophe was added to the cells that would start with =, +, -, @, a tab or a carriage return, " +
		"so that no spreadsheet runs them as formulas, and to the cells that start with an apostrophe: " +
		"remove one leading apostrophe from a cell to get the value back. " +
		"Une apostrophe a été ajoutée en tête des cellules qui commenceraient par =, +, -, @, une tabulation ou un retour chariot, " +
		"pour qu'aucun tableur ne les exécute comme des formules, et des cellules qui commencent par une apostrophe : " +
		"retirez une apostrophe initiale d'une cellule pour retrouver la valeur."
}

// unneutralise is the inverse of neutralise.
func unneutralise(cell string) string { return strings.TrimPrefix(cell, "'") }

// encodeCSV writes rows as RFC 4180 CSV: CRLF after every row, a field in
// double quotes when it holds a comma, a quote or a line break, quotes
// doubled. Line breaks inside a field are kept as they are. A NUL, which
// the loader refuses in front matter, is written U+FFFD all the same: many
// readers take it for the end of the file or of the cell.
func encodeCSV(rows [][]string) []byte {
	size := 0
	for _, row := range rows {
		for _, cell := range row {
			size += len(cell) + 3 // a comma and the quotes it may need
		}
		size += 2
	}
	b := make([]byte, 0, size)
	for _, row := range rows {
		b = appendCSVRow(b, row)
	}
	return b
}

// appendCSVRow appends one row of encodeCSV's.
func appendCSVRow(b []byte, row []string) []byte {
	for i, cell := range row {
		if i > 0 {
			b = append(b, ',')
		}
		if strings.IndexByte(cell, 0) >= 0 {
			cell = strings.ReplaceAll(cell, "\x00", "\uFFFD")
		}
		if strings.ContainsAny(cell, ",\"\r\n") {
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(cell, `"`, `""`)...)
			b = append(b, '"')
		} else {
			b = append(b, cell...)
		}
	}
	return append(b, "\r\n"...)
}

// csvExample returns the header and the first row of rows, cells cut short,
// for the open-data page.
func csvExample(rows [][]string) string {
	if len(rows) < 2 {
		return ""
	}
	ex := make([][]string, 2)
	for i := range ex {
		for _, c := range rows[i] {
			ex[i] = append(ex[i], cut(c, 40))
		}
	}
	return string(encodeCSV(ex))
}

// A joinTable is a CSV file of the pairs of a many-to-many relation: an
// action and a mutualisation it covers, a service and a mutualisation it
// realises.
type joinTable struct {
	Name     string // actions-mutualisations
	From, To content.Collection
	Rel      content.Rel
	Key      string // the front-matter key that states it
}

// joinTables lists the relations stated by a list of ids of one kind.
func joinTables() []joinTable {
	var out []joinTable
	for _, c := range content.Collections() {
		for _, r := range refFields(c.Kind) {
			to, ok := content.CollectionOf(content.Kind(r.Ref))
			if !r.List || !ok || r.Rel == content.RelSources {
				continue
			}
			out = append(out, joinTable{Name: c.Dir + "-" + r.Name, From: c, To: to, Rel: r.Rel, Key: r.Name})
		}
	}
	return out
}

// columns names the join table's columns after the two kinds.
func (j joinTable) columns() [2]string {
	return [2]string{string(j.From.Kind), string(j.To.Kind)}
}

func (j joinTable) path() string { return APIDir + j.Name + ".csv" }

// joinFiles writes the join tables, from the linked relations: a pair
// listed twice in the content appears once.
func (x *exporter) joinFiles() error {
	for _, j := range joinTables() {
		cols := j.columns()
		rows := [][]string{cols[:]}
		entries := x.cat.Collection(j.From.Kind)
		for _, e := range entries {
			for _, t := range e.LinksOf(j.Rel) {
				rows = append(rows, []string{neutralise(e.ID), neutralise(t.ID)})
			}
		}
		x.add(File{Path: j.path(), Format: "CSV", MediaType: "text/csv", Schema: tableSchemaPath(j.Name),
			Role: "join", Kind: j.From.Kind, Rel: j.Rel, Records: len(rows) - 1, Modified: modifiedOf(entries),
			Description: fmt.Sprintf("Pairs of %s id and %s id: the %s key of the %s entries.",
				j.From.Kind, j.To.Kind, j.Key, j.From.Kind)}, encodeCSV(rows))
	}
	return nil
}
