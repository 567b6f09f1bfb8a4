package gitobj

import (
	"bytes"
	"sort"
)

// Contents are an object's bytes, held as pieces of buffers that are
// never modified: an object rebuilt from a delta is mostly copies of its
// base, which it shares rather than copies. Two versions of a tree of
// hundreds of kilobytes thus cost what their delta costs, and are told
// equal where they share a piece without reading it.
type Contents struct {
	pieces []piece
	starts []int // where each piece starts in the contents
	size   int
}

// A piece is n bytes of a buffer from off.
type piece struct {
	buf    *buffer
	off, n int
}

// A buffer is bytes that are never modified once made: inflated data.
type buffer struct{ b []byte }

func (p piece) bytes() []byte { return p.buf.b[p.off : p.off+p.n] }

// Flat returns contents made of b, which must not be modified after.
func Flat(b []byte) Contents {
	var c Contents
	c.add(piece{buf: &buffer{b}, n: len(b)})
	return c
}

// Len returns the number of bytes.
func (c Contents) Len() int { return c.size }

// Bytes returns the contents in one slice, which the caller must not
// modify.
func (c Contents) Bytes() []byte {
	if len(c.pieces) == 1 {
		return c.pieces[0].bytes()
	}
	out := make([]byte, 0, c.size)
	for _, p := range c.pieces {
		out = append(out, p.bytes()...)
	}
	return out
}

// add appends a piece, joined to the last when it follows it in the same
// buffer.
func (c *Contents) add(p piece) {
	if p.n == 0 {
		return
	}
	if k := len(c.pieces) - 1; k >= 0 && c.pieces[k].buf == p.buf && c.pieces[k].off+c.pieces[k].n == p.off {
		c.pieces[k].n += p.n
	} else {
		c.pieces = append(c.pieces, p)
		c.starts = append(c.starts, c.size)
	}
	c.size += p.n
}

// addRange appends n bytes of src from off, as pieces of its buffers.
func (c *Contents) addRange(src Contents, off, n int) {
	i := src.find(off)
	for n > 0 {
		p := src.pieces[i]
		skip := off - src.starts[i]
		take := min(p.n-skip, n)
		c.add(piece{buf: p.buf, off: p.off + skip, n: take})
		off, n, i = off+take, n-take, i+1
	}
}

// find returns the piece in which byte off falls; off < c.size.
func (c Contents) find(off int) int {
	return sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > off }) - 1
}

// at returns the bytes from off to the end of the piece they are in.
func (c Contents) at(off int) []byte {
	i := c.find(off)
	return c.pieces[i].bytes()[off-c.starts[i]:]
}

// slice returns the n bytes from off, copied only when they span pieces.
func (c Contents) slice(off, n int) []byte {
	if b := c.at(off); len(b) >= n {
		return b[:n]
	}
	out := make([]byte, 0, n)
	for len(out) < n {
		b := c.at(off + len(out))
		out = append(out, b[:min(len(b), n-len(out))]...)
	}
	return out
}

// indexByte returns the position of the first b at or after from, or -1.
func (c Contents) indexByte(from int, b byte) int {
	for from < c.size {
		s := c.at(from)
		if i := bytes.IndexByte(s, b); i >= 0 {
			return from + i
		}
		from += len(s)
	}
	return -1
}

// commonPrefix returns how many bytes a and b have in common at their
// start. Where both hold the same piece of a buffer, the bytes are equal
// without being read.
func commonPrefix(a, b Contents) int {
	n := min(a.size, b.size)
	pos := 0
	for pos < n {
		x, y := a.at(pos), b.at(pos)
		run := min(len(x), len(y), n-pos)
		if sameBytes(x[:run], y[:run]) {
			pos += run
			continue
		}
		return pos + prefixOf(x[:run], y[:run])
	}
	return n
}

// commonSuffix returns how many bytes a[from:] and b[from:] have in
// common at their end.
func commonSuffix(a, b Contents, from int) int {
	n := min(a.size, b.size) - from
	k := 0 // bytes matched from the end
	for k < n {
		x, y := a.before(a.size-k), b.before(b.size-k)
		run := min(len(x), len(y), n-k)
		x, y = x[len(x)-run:], y[len(y)-run:]
		if sameBytes(x, y) {
			k += run
			continue
		}
		return k + suffixOf(x, y)
	}
	return max(n, 0)
}

// before returns the bytes before end back to the start of their piece.
func (c Contents) before(end int) []byte {
	i := c.find(end - 1)
	return c.pieces[i].bytes()[:end-c.starts[i]]
}

// sameBytes says whether x and y are equal, without reading them when
// they are the same memory.
func sameBytes(x, y []byte) bool {
	if len(x) > 0 && &x[0] == &y[0] {
		return true
	}
	return bytes.Equal(x, y)
}

// prefixOf returns how many bytes x and y, of one length, have in common
// at their start. Large blocks first: bytes.Equal compares many bytes at
// once.
func prefixOf(x, y []byte) int {
	i := 0
	for _, block := range []int{4096, 64} {
		for i+block <= len(x) && bytes.Equal(x[i:i+block], y[i:i+block]) {
			i += block
		}
	}
	for i < len(x) && x[i] == y[i] {
		i++
	}
	return i
}

// suffixOf returns how many bytes x and y, of one length, have in common
// at their end.
func suffixOf(x, y []byte) int {
	n, i := len(x), 0
	for _, block := range []int{4096, 64} {
		for i+block <= n && bytes.Equal(x[n-i-block:n-i], y[n-i-block:n-i]) {
			i += block
		}
	}
	for i < n && x[n-1-i] == y[n-1-i] {
		i++
	}
	return i
}
