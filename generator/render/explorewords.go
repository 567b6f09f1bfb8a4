package render

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"catalogue/generator/content"
)

// The explorer's text filter keeps the rows whose visible cells contain
// every word of the query, ignoring case and accents: a word matches
// inside a word of a cell ("connect" finds FranceConnect, "2.1" finds
// 2.1.10). Reading the cells of every row for that would fetch every part
// (270 KB gzipped for ten thousand principles), so the generator writes a
// word index, in shards a query reads one of per word:
//
//   - a query word of one or two characters is looked up whole: the shard
//     of that key lists the rows holding it;
//   - a longer word is looked up by its first three characters: the shard
//     of those lists every word of the collection that holds them, each
//     with its rows; the explorer keeps those that hold the whole query
//     word.
//
// A word of the cells is a run of characters without a space of their
// text folded as explore.js folds the query (foldText), so that a query
// word, which has no space either, is in a row's text exactly when it is
// in one of the row's words.

// wordsShardRows is about how many rows' worth of words a shard holds: a
// collection of n rows has ⌈n/wordsShardRows⌉ shards.
const wordsShardRows = 100

// wordsShards returns how many word shards a collection of n rows has.
func wordsShards(n int) int { return max(1, (n+wordsShardRows-1)/wordsShardRows) }

// wordsPath is where shard i of kind k's word index is.
func wordsPath(k content.Kind, i int) string {
	c, _ := content.CollectionOf(k)
	return "/" + c.Dir + "/words-" + strconv.Itoa(i) + ".json"
}

// foldText folds s as explore.js's fold does: decomposed, without its
// combining accents, in lower case. Most cells are ASCII, which
// decomposing leaves as it is.
func foldText(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = norm.NFD.String(s)
	s = strings.Map(func(r rune) rune {
		if r >= 0x300 && r <= 0x36f {
			return -1
		}
		return r
	}, s)
	return strings.ToLower(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// wordsKey returns the key a word (folded) is looked up by: itself up to
// two characters, else its first three.
func wordsKey(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

// wordsShard returns the shard of a key among n: FNV-1a over its code
// points, as explore.js computes it.
func wordsShard(key string, n int) int {
	h := uint32(2166136261)
	for _, r := range key {
		h ^= uint32(r)
		h *= 16777619
	}
	return int(h % uint32(n))
}

// rowWords returns the words of a row's cells, folded, each once, in
// order of first appearance.
func rowWords(cells []Cell) []string {
	var out []string
	for _, c := range cells {
		for w := range strings.FieldsFuncSeq(foldText(c.String()), unicode.IsSpace) {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// A wordsIndex is kind k's word index, ready to be cut into shards.
type wordsIndex struct {
	shards []wordsShardData
}

// wordsShardData is one shard of the word index, as written: the rows of
// the short keys, and the longer words with their rows. Rows are written
// as gaps (rowGaps).
type wordsShardData struct {
	Short map[string]string `json:"short"`
	Words []string          `json:"words"`
	Rows  []string          `json:"rows"`
}

// wordsCache holds the word index of each kind, built once for all its
// shards.
type wordsCache struct {
	mu     sync.Mutex
	byKind map[content.Kind]*wordsIndex
}

// wordsIndexOf returns kind k's word index.
func (r *Renderer) wordsIndexOf(k content.Kind) *wordsIndex {
	r.words.mu.Lock()
	defer r.words.mu.Unlock()
	if idx := r.words.byKind[k]; idx != nil {
		return idx
	}
	if r.words.byKind == nil {
		r.words.byKind = map[content.Kind]*wordsIndex{}
	}
	idx := r.buildWords(k)
	r.words.byKind[k] = idx
	return idx
}

// buildWords builds kind k's word index.
func (r *Renderer) buildWords(k content.Kind) *wordsIndex {
	rows := r.explorerTable(k).rows
	n := wordsShards(len(rows))
	// The rows of each key, written as they come (rows come in order),
	// by address: one lookup to add a row, and a byte or two a row
	// where a list of them took eight, tens of megabytes at 10,000
	// entries.
	short := map[string]*rowGaps{}
	long := map[string]*rowGaps{}
	add := func(m map[string]*rowGaps, key string, row int) {
		g := m[key]
		if g == nil {
			g = &rowGaps{last: -1}
			m[key] = g
		}
		g.add(row)
	}
	var at []int // where each character of a word starts, and its end
	for i, row := range rows {
		for _, w := range rowWords(row.Cells) {
			add(long, w, i)
			// Keys are pieces of the word, not strings made of its
			// runes: folded text is valid UTF-8, so they are the same,
			// without an allocation each.
			at = runeStarts(at[:0], w)
			for j := 0; j+1 < len(at); j++ {
				add(short, w[at[j]:at[j+1]], i)
				if j+2 < len(at) {
					add(short, w[at[j]:at[j+2]], i)
				}
			}
		}
	}
	idx := &wordsIndex{shards: make([]wordsShardData, n)}
	for i := range idx.shards {
		idx.shards[i] = wordsShardData{Short: map[string]string{}, Words: []string{}, Rows: []string{}}
	}
	for key, rs := range short {
		idx.shards[wordsShard(key, n)].Short[key] = string(rs.text)
	}
	words := make([]string, 0, len(long))
	for w := range long {
		words = append(words, w)
	}
	slices.Sort(words)
	var in []int
	for _, w := range words {
		at = runeStarts(at[:0], w)
		if len(at) < 4 {
			continue // of fewer than 3 characters: found through its short key
		}
		in = in[:0]
		for j := 0; j+3 < len(at); j++ {
			s := wordsShard(w[at[j]:at[j+3]], n)
			if !slices.Contains(in, s) {
				in = append(in, s)
				idx.shards[s].Words = append(idx.shards[s].Words, w)
				idx.shards[s].Rows = append(idx.shards[s].Rows, string(long[w].text))
			}
		}
	}
	return idx
}

// runeStarts appends to at where each character of s starts, then the
// length of s.
func runeStarts(at []int, s string) []int {
	for i := range s {
		at = append(at, i)
	}
	return append(at, len(s))
}

// wordsJSON returns shard i of kind k's word index.
func (r *Renderer) wordsJSON(k content.Kind, i int) ([]byte, error) {
	idx := r.wordsIndexOf(k)
	if i < 0 || i >= len(idx.shards) {
		return nil, fmt.Errorf("no word shard %d of %d", i, len(idx.shards))
	}
	data, err := json.Marshal(idx.shards[i])
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// gapDigits are the digits of rowGaps: the first 32 begin or continue a
// number, the last 32 end it.
const gapDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// rowGaps writes ascending row numbers, one at a time, as the gaps
// between them (the first counted from -1, less one), each in base 32,
// lowest digit first, its last digit from the upper half of gapDigits:
// rows next to each other cost one repeated character, which gzip all but
// removes. explore.js reads them back.
type rowGaps struct {
	last int // the last row written, -1 before the first
	text []byte
}

// add writes row, unless it is the last one written; rows come in
// ascending order.
func (g *rowGaps) add(row int) {
	if row == g.last {
		return
	}
	gap := row - g.last - 1
	g.last = row
	for gap >= 32 {
		g.text = append(g.text, gapDigits[gap%32])
		gap /= 32
	}
	g.text = append(g.text, gapDigits[32+gap])
}
