package render

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"catalogue/generator/content"
)

// TestRowsJSON decodes the explorer's index and parts as explore.js does,
// links written as their text alone included, and expects the cells of the
// collection tables, every row of every collection, their facet values,
// and ranks that order each column as the collator does.
func TestRowsJSON(t *testing.T) {
	r, err := New(os.DirFS("../../themes/default"), loadCatalogue(t), md)
	if err != nil {
		t.Fatal(err)
	}
	coll := collate.New(language.Make(r.lang), collate.Loose, collate.Numeric)
	for _, c := range content.Collections() {
		data, err := r.rowsJSON(c.Kind)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Dir     string
			Count   int
			Part    int
			Columns []struct {
				Name string
				Self bool
				Ref  string
				Rank []int
			}
			Facets []struct {
				Name   string
				Values [][2]string
				Rows   [][]int
			}
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		cols := r.columns(c.Kind)
		want := r.tableRows(cols, r.byKind[c.Kind])
		if doc.Count != len(want) {
			t.Fatalf("%s: count %d, want %d", c.Dir, doc.Count, len(want))
		}
		paths := r.rowsPaths(c.Kind)
		n := (len(want) + doc.Part - 1) / doc.Part
		if len(paths) != 1+n+wordsShards(len(want)) {
			t.Fatalf("%s: %d files, want 1 + %d parts + %d word shards", c.Dir, len(paths), n, wordsShards(len(want)))
		}
		if file, _, ok := rowsFile(c.Kind, paths[0]); !ok || file != rowsIndexFile || isRowsPart(paths[0]) {
			t.Fatalf("%s: rowsFile(%s) = %v, %v", c.Dir, paths[0], file, ok)
		}
		for i, path := range paths[1+n:] {
			if file, num, ok := rowsFile(c.Kind, path); !ok || file != wordsFile || num != i || !isRowsPart(path) {
				t.Fatalf("%s: rowsFile(%s) = %v, %d, %v", c.Dir, path, file, num, ok)
			}
		}
		var rows [][]json.RawMessage
		for i, path := range paths[1 : 1+n] {
			if file, part, ok := rowsFile(c.Kind, path); !ok || file != rowsPartFile || part != i || !isRowsPart(path) {
				t.Fatalf("%s: rowsFile(%s) = %v, %d, %v", c.Dir, path, file, part, ok)
			}
			data, err := r.rowsPartJSON(c.Kind, i)
			if err != nil {
				t.Fatal(err)
			}
			var part [][]json.RawMessage
			if err := json.Unmarshal(data, &part); err != nil {
				t.Fatal(err)
			}
			if i < n-1 && len(part) != doc.Part {
				t.Fatalf("%s part %d: %d rows, want %d", c.Dir, i, len(part), doc.Part)
			}
			rows = append(rows, part...)
		}
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d", c.Dir, len(rows), len(want))
		}
		for i, raw := range rows {
			if len(raw) != len(cols) {
				t.Fatalf("%s row %d: %d cells, want %d", c.Dir, i, len(raw), len(cols))
			}
			var id string
			json.Unmarshal(raw[0], &id)
			for j, col := range doc.Columns {
				got := decodeCell(t, raw[j], doc.Dir, id, col.Self, col.Ref)
				w := want[i].Cells[j]
				w.Code = false
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("%s row %s, column %s (-table +rows):\n%s", c.Dir, id, col.Name, diff)
				}
			}
			for _, f := range doc.Facets {
				var got []string
				for _, v := range f.Rows[i] {
					got = append(got, f.Values[v][0])
				}
				if w := r.exploreValues(f.Name, want[i].Entry); !slices.Equal(got, w) {
					t.Errorf("%s row %s, facet %s: %q, want %q", c.Dir, id, f.Name, got, w)
				}
			}
		}
		for j, col := range doc.Columns {
			rank := make([]int, len(col.Rank))
			for i, d := range col.Rank {
				rank[i] = d
				if i > 0 {
					rank[i] += rank[i-1]
				}
			}
			key := func(i int) string {
				if s := want[i].Cells[j].Sort; s != "" {
					return s
				}
				return want[i].Cells[j].String()
			}
			for a := range rank {
				if (rank[a] == 0) != (key(a) == "") {
					t.Errorf("%s column %s row %d: rank %d, key %q", c.Dir, col.Name, a, rank[a], key(a))
				}
				for b := a + 1; b < len(rank) && rank[a] > 0; b++ {
					if rank[b] == 0 {
						continue
					}
					if got, want := sign(rank[a]-rank[b]), coll.CompareString(key(a), key(b)); got != want {
						t.Errorf("%s column %s: rows %d, %d ranked %d, %d, keys %q, %q compare %d", c.Dir, col.Name, a, b, rank[a], rank[b], key(a), key(b), want)
					}
				}
			}
		}
	}
}

func sign(n int) int { return min(max(n, -1), 1) }

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

// FuzzRanks checks that ranks, which compares collation keys as bytes,
// orders texts as the collator's CompareString does, in both interface
// languages: numbers by their value, case and accents ignored, equal
// texts sharing a rank.
func FuzzRanks(f *testing.F) {
	for _, s := range [][3]string{
		{"2.1.10", "2.1.9", "2.1.9"},
		{"Éducation", "education", "EDUCATION"},
		{"M075", "m75", "M0075"},
		{"a-b", "a b", "ab"},
		{"Œuvre", "oeuvre", "Zèbre"},
		{"", "10 000", "9\u202f999"},
		{"\u0301", "e\u0301", "é"},
		{"\xff", "ｆｕｌｌ", "full"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		texts := []string{a, b, c, b, a}
		rows := make([]TableRow, len(texts))
		for i, s := range texts {
			rows[i] = TableRow{Cells: []Cell{{Text: s}}}
		}
		for _, lang := range []string{"fr", "en"} {
			coll := collate.New(language.Make(lang), collate.Loose, collate.Numeric)
			got := (&Renderer{lang: lang}).ranks(rows, 0)
			for i := range texts {
				if (got[i] == 0) != (texts[i] == "") {
					t.Fatalf("%s: %q ranked %d", lang, texts[i], got[i])
				}
				for k := range texts {
					if got[i] == 0 || got[k] == 0 {
						continue
					}
					if s, want := sign(got[i]-got[k]), coll.CompareString(texts[i], texts[k]); s != want {
						t.Errorf("%s: %q, %q ranked %d, %d; CompareString %d", lang, texts[i], texts[k], got[i], got[k], want)
					}
				}
			}
		}
	})
}
