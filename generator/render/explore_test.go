package render

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/content"
)

// TestRowsJSON decodes the explorer's rows as explore.js does, links
// written as their text alone included, and expects the cells of the
// collection tables, every row of every collection.
func TestRowsJSON(t *testing.T) {
	r, err := New(os.DirFS("../../themes/default"), loadCatalogue(t), md)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range content.Collections() {
		data, err := r.rowsJSON(c.Kind)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Dir     string
			Columns []struct {
				Name string
				Self bool
				Ref  string
			}
			Facets []struct{ Name string }
			Rows   [][]json.RawMessage
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		cols := r.columns(c.Kind)
		want := r.tableRows(cols, r.byKind[c.Kind])
		if len(doc.Rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d", c.Dir, len(doc.Rows), len(want))
		}
		for i, raw := range doc.Rows {
			if len(raw) != len(cols)+len(doc.Facets) {
				t.Fatalf("%s row %d: %d items, want %d cells and %d facets", c.Dir, i, len(raw), len(cols), len(doc.Facets))
			}
			var id string
			json.Unmarshal(raw[0], &id)
			for j, col := range doc.Columns {
				got := decodeCell(t, raw[j], doc.Dir, id, col.Self, col.Ref)
				w := want[i].Cells[j]
				w.Code = false
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("%s row %s, column %s (-table +rows.json):\n%s", c.Dir, id, col.Name, diff)
				}
			}
		}
	}
}

// decodeCell reads a cell of rows.json back, as explore.js does.
func decodeCell(t *testing.T, raw json.RawMessage, dir, id string, self bool, ref string) Cell {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return Cell{Text: text}
	}
	var sorted map[string]string
	if json.Unmarshal(raw, &sorted) == nil {
		return Cell{Text: sorted["t"], Sort: sorted["s"]}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatalf("cell %s: %v", raw, err)
	}
	c := Cell{Links: []CellLink{}}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			l := CellLink{Text: s, URL: "/" + ref + "/" + strings.ToLower(s) + "/"}
			if self {
				l.URL = dir + strings.ToLower(id) + "/"
			}
			c.Links = append(c.Links, l)
			continue
		}
		var l []string
		json.Unmarshal(it, &l)
		link := CellLink{Text: l[0], URL: l[1]}
		if len(l) > 2 {
			link.Lang = content.Lang(l[2])
		}
		c.Links = append(c.Links, link)
	}
	return c
}
