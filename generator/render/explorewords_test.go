package render

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"catalogue/generator/content"
)

// TestWordsIndex looks query words up in the word shards as explore.js
// does and expects the rows whose cells, folded, contain the word: every
// word of every row, its beginnings and endings of one to four characters,
// and words found nowhere.
func TestWordsIndex(t *testing.T) {
	r, err := New(os.DirFS("../../themes/default"), loadCatalogue(t), md)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range content.Collections() {
		rows := r.tableRows(r.columns(c.Kind), r.byKind[c.Kind])
		texts := make([]string, len(rows))
		queries := map[string]bool{"zzzz": true, "q": true, "é-": true}
		for i, row := range rows {
			var cells []string
			for _, cell := range row.Cells {
				cells = append(cells, cell.String())
			}
			texts[i] = foldText(strings.Join(cells, " "))
			for _, w := range rowWords(row.Cells) {
				rs := []rune(w)
				queries[w] = true
				for n := 1; n <= 4 && n <= len(rs); n++ {
					queries[string(rs[:n])], queries[string(rs[len(rs)-n:])] = true, true
				}
			}
		}
		n := wordsShards(len(rows))
		shards := make([]wordsShardData, n)
		for i := range shards {
			data, err := r.wordsJSON(c.Kind, i)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &shards[i]); err != nil {
				t.Fatal(err)
			}
		}
		for q := range queries {
			var want []int
			for i, text := range texts {
				if strings.Contains(text, q) {
					want = append(want, i)
				}
			}
			key := wordsKey(q)
			s := shards[wordsShard(key, n)]
			var got []int
			if key == q && len([]rune(q)) < 3 {
				got = gapsRows(s.Short[q])
			} else {
				for j, w := range s.Words {
					if strings.Contains(w, q) {
						got = append(got, gapsRows(s.Rows[j])...)
					}
				}
				slices.Sort(got)
				got = slices.Compact(got)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q finds rows %v, want %v", c.Dir, q, got, want)
			}
		}
	}
}

// gapsText writes rows as the word index does.
func gapsText(rows []int) string {
	g := rowGaps{last: -1}
	for _, n := range rows {
		g.add(n)
	}
	return string(g.text)
}

// gapsRows reads rowGaps' text back, as explore.js does.
func gapsRows(s string) []int {
	var out []int
	prev, g, scale := -1, 0, 1
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(gapDigits, s[i])
		if d < 32 {
			g += d * scale
			scale *= 32
			continue
		}
		g += (d - 32) * scale
		prev += g + 1
		out = append(out, prev)
		g, scale = 0, 1
	}
	return out
}

func TestGapsText(t *testing.T) {
	for _, rows := range [][]int{nil, {0}, {31}, {32}, {0, 1, 2, 3}, {5, 40, 1100, 1101, 40000, 1 << 20}} {
		s := gapsText(rows)
		if got := gapsRows(s); !slices.Equal(got, rows) {
			t.Errorf("gapsRows(gapsText(%v)) = %v (%q)", rows, got, s)
		}
	}
	if got := gapsText([]int{0, 1, 2}); got != "WWW" {
		t.Errorf("three rows in a row: %q, want WWW", got)
	}
}

func TestFoldText(t *testing.T) {
	for in, want := range map[string]string{"Identité": "identite", "ÉCOLE Œuvre": "ecole œuvre", "M075": "m075", "Ça\u00a0va": "ca\u00a0va"} {
		if got := foldText(in); got != want {
			t.Errorf("foldText(%q) = %q, want %q", in, got, want)
		}
	}
	if !slices.Equal(strings.FieldsFunc("a\u00a0b c", unicode.IsSpace), []string{"a", "b", "c"}) {
		t.Error("a no-break space does not split words")
	}
}
