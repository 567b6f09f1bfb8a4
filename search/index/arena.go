package index

import (
	"math/bits"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A batchMemory holds what the analysed fields of an analyser's batch
// are made of — their structs, frequency maps, frequencies and term
// vectors — for its next batch: once zap has made a batch's segment,
// nothing refers to them any more (zap copies what it keeps), and a
// catalogue's batches are alike. Without it, analysing a batch allocated
// as much again each time, a sixth of the index's allocations.
type batchMemory struct {
	maps   [][]bleveindex.TokenFrequencies // free maps, by size class
	used   [][]bleveindex.TokenFrequencies // maps of the batch, by size class
	fields chunks[analysed]
	freqs  chunks[bleveindex.TokenFreq]
	locs   chunks[bleveindex.TokenLocation]
}

// freqMap returns an empty map for n terms.
func (m *batchMemory) freqMap(n int) bleveindex.TokenFrequencies {
	c := bits.Len(uint(n)) // a map of class c holds up to 1<<c - 1 terms without growing
	for len(m.maps) <= c {
		m.maps = append(m.maps, nil)
		m.used = append(m.used, nil)
	}
	var f bleveindex.TokenFrequencies
	if free := m.maps[c]; len(free) > 0 {
		f = free[len(free)-1]
		m.maps[c] = free[:len(free)-1]
	} else {
		f = make(bleveindex.TokenFrequencies, 1<<c-1)
	}
	m.used[c] = append(m.used[c], f)
	return f
}

// reuse makes what the batch's fields were made of free for the next
// batch. Call it once nothing refers to the batch's fields.
func (m *batchMemory) reuse() {
	for c, used := range m.used {
		for _, f := range used {
			clear(f)
		}
		m.maps[c] = append(m.maps[c], used...)
		m.used[c] = used[:0]
	}
	m.fields.reuse()
	m.freqs.reuse()
	m.locs.reuse()
}

// chunks hands out slices of a few large ones, which reuse hands out
// again.
type chunks[T any] struct {
	all  [][]T
	i, n int // the chunk handed out from, and how much of it
}

const chunkLen = 4096

// take returns an empty slice of capacity n, zeroed.
func (c *chunks[T]) take(n int) []T {
	if n > chunkLen/4 {
		return make([]T, 0, n) // a large text: a chunk would be mostly wasted
	}
	if c.i < len(c.all) && c.n+n > chunkLen {
		c.i, c.n = c.i+1, 0
	}
	if c.i == len(c.all) {
		c.all = append(c.all, make([]T, chunkLen))
	}
	s := c.all[c.i][c.n : c.n : c.n+n]
	c.n += n
	return s
}

// one returns a zeroed T.
func (c *chunks[T]) one() *T {
	return &c.take(1)[:1][0]
}

// reuse zeroes what was handed out, to hand it out again.
func (c *chunks[T]) reuse() {
	for i := 0; i <= c.i && i < len(c.all); i++ {
		clear(c.all[i])
	}
	c.i, c.n = 0, 0
}
