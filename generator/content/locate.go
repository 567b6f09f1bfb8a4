package content

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The TOML decoder keeps no position per key, so a small scanner walks the
// front matter once and records where each key and each value starts, by key
// path: "title", "sources[1].document", "mutualisations[2]". It runs only on
// front matter the TOML parser accepted, but stays total on any input.

type locator struct {
	// spots are the keys and values found, in the order of the text. A
	// front matter has a few dozen: a list searched backwards costs less
	// than maps built for every entry of a catalogue and rarely read.
	spots     []spot
	file      string
	src       string
	i         int
	line, col int
	tables    map[string]int  // count of [[name]] headers seen; nil before the first
	bad       map[string]bool // key paths whose value did not decode; nil before the first
}

// A spot is where the key or the value of a key path is.
type spot struct {
	path      string
	kind      spotKind
	line, col int32 // a front matter is at most MaxFrontMatter bytes
	off       int32 // byte offset in src, of a value
}

type spotKind uint8

const (
	keySpot     spotKind = iota // a key, or a table's header
	impliedSpot                 // a table that a dotted key or a header defines
	valSpot
)

// locate scans front matter src, which starts on line firstLine of file.
func locate(file, src string, firstLine int) *locator {
	l := &locator{file: file, src: src, line: firstLine, col: 1}
	// About one key or value a line, two for the array items of a line.
	l.spots = make([]spot, 0, 2*strings.Count(src, "\n")+4)
	prefix := ""
	for l.i < len(l.src) {
		l.skipSpace(true)
		if l.i >= len(l.src) {
			break
		}
		switch c := l.src[l.i]; {
		case c == '#':
			l.skipLine()
		case c == '[':
			prefix = l.header()
		default:
			l.keyValue(prefix)
			l.skipLine()
		}
	}
	return l
}

func (l *locator) pos() Pos { return Pos{File: l.file, Line: l.line, Col: l.col} }

// add records that the key or value of path is at p (and, for a value,
// at byte offset off of src).
func (l *locator) add(path string, kind spotKind, p Pos, off int) {
	l.spots = append(l.spots, spot{path: path, kind: kind, line: int32(p.Line), col: int32(p.Col), off: int32(off)})
}

func (l *locator) at(s spot) Pos { return Pos{File: l.file, Line: int(s.line), Col: int(s.col)} }

// key returns where the key of path is: where it was last written, or
// else where a dotted key or a header first defined it.
func (l *locator) keyAt(path string) (Pos, bool) {
	implied := -1
	for i := len(l.spots) - 1; i >= 0; i-- {
		s := l.spots[i]
		if s.path != path {
			continue
		}
		switch s.kind {
		case keySpot:
			return l.at(s), true
		case impliedSpot:
			implied = i
		}
	}
	if implied >= 0 {
		return l.at(l.spots[implied]), true
	}
	return Pos{}, false
}

// valAt returns the spot of the value of path, where it was last written.
func (l *locator) valAt(path string) (spot, bool) {
	for i := len(l.spots) - 1; i >= 0; i-- {
		if s := l.spots[i]; s.kind == valSpot && s.path == path {
			return s, true
		}
	}
	return spot{}, false
}

// hasKey reports whether path's key, written or implied, was seen.
func (l *locator) hasKey(path string) bool {
	for i := len(l.spots) - 1; i >= 0; i-- {
		if s := l.spots[i]; s.kind != valSpot && s.path == path {
			return true
		}
	}
	return false
}

// hasValue reports whether a value was written for path.
func (l *locator) hasValue(path string) bool {
	_, ok := l.valAt(path)
	return ok
}

// markBad records that the value of path did not decode.
func (l *locator) markBad(path string) {
	if l.bad == nil {
		l.bad = map[string]bool{}
	}
	l.bad[path] = true
}

func (l *locator) advance() {
	if l.src[l.i] == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++ // columns count bytes, as go/scanner's do
	}
	l.i++
}

func (l *locator) skipSpace(newlines bool) {
	for l.i < len(l.src) {
		switch l.src[l.i] {
		case ' ', '\t', '\r':
		case '\n':
			if !newlines {
				return
			}
		default:
			return
		}
		l.advance()
	}
}

// advanceTo moves to byte offset end, counting the lines and columns
// skipped as advance does, without a call for each byte.
func (l *locator) advanceTo(end int) {
	skipped := l.src[l.i:end]
	if nl := strings.LastIndexByte(skipped, '\n'); nl >= 0 {
		l.line += strings.Count(skipped, "\n")
		l.col = len(skipped) - nl
	} else {
		l.col += len(skipped)
	}
	l.i = end
}

func (l *locator) skipLine() {
	end := strings.IndexByte(l.src[l.i:], '\n')
	if end < 0 {
		end = len(l.src) - l.i
	}
	l.advanceTo(l.i + end)
}

// header reads [table] or [[array]] and returns the key prefix it opens.
func (l *locator) header() string {
	p := l.pos()
	double := l.i+1 < len(l.src) && l.src[l.i+1] == '['
	l.advance()
	if double {
		l.advance()
	}
	l.skipSpace(false)
	name := l.key()
	l.skipLine()
	if double {
		if l.tables == nil {
			l.tables = map[string]int{}
		}
		n := l.tables[name]
		l.tables[name] = n + 1
		path := name + "[" + strconv.Itoa(n) + "]"
		l.add(path, keySpot, p, 0)
		l.setKey(name, p)
		return path + "."
	}
	l.add(name, keySpot, p, 0)
	l.setKey(name, p)
	return name + "."
}

// key reads a possibly dotted, possibly quoted key.
func (l *locator) key() string {
	// Most keys are bare words: the text itself, with nothing to join.
	start := l.i
	for l.i < len(l.src) && isBareKeyByte(l.src[l.i]) {
		l.advance()
	}
	if l.i >= len(l.src) {
		return l.src[start:l.i]
	}
	switch l.src[l.i] {
	case '=', ']', '\n', '#', ',', '}':
		return l.src[start:l.i]
	}
	k := l.src[start:l.i]
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == '"' || c == '\'':
			start := l.i + 1
			l.skipString()
			end := l.i - 1
			if end >= start {
				k += l.src[start:end]
			}
		case c == '.':
			k += "."
			l.advance()
		case c == ' ' || c == '\t':
			l.advance()
		case c == '=' || c == ']' || c == '\n' || c == '#' || c == ',' || c == '}':
			return k
		default:
			k += string(c)
			l.advance()
		}
	}
	return k
}

func (l *locator) keyValue(prefix string) {
	p := l.pos()
	k := l.key()
	if k == "" || l.i >= len(l.src) || l.src[l.i] != '=' {
		return
	}
	path := prefix + k
	l.add(path, keySpot, p, 0)
	l.setKey(path, p)
	l.advance()
	l.skipSpace(false)
	l.value(path)
}

// value records where the value of path starts and skips over it,
// recording array elements and inline-table keys on the way.
func (l *locator) value(path string) {
	if l.i >= len(l.src) {
		return
	}
	l.add(path, valSpot, l.pos(), l.i)
	switch l.src[l.i] {
	case '"', '\'':
		l.skipString()
	case '[':
		l.advance()
		for n := 0; l.i < len(l.src); n++ {
			l.skipBlank()
			if l.i >= len(l.src) || l.src[l.i] == ']' {
				break
			}
			before := l.i
			l.value(path + "[" + strconv.Itoa(n) + "]")
			l.skipBlank()
			if l.i < len(l.src) && l.src[l.i] == ',' {
				l.advance()
			}
			if l.i == before {
				l.advance() // never loop on a byte we cannot read: y=[,z}]
			}
		}
		if l.i < len(l.src) {
			l.advance()
		}
	case '{':
		l.advance()
		for l.i < len(l.src) {
			l.skipBlank()
			if l.i >= len(l.src) || l.src[l.i] == '}' {
				break
			}
			before := l.i
			l.keyValue(path + ".")
			l.skipBlank()
			if l.i < len(l.src) && l.src[l.i] == ',' {
				l.advance()
			}
			if l.i == before {
				l.advance() // never loop on a byte we cannot read
			}
		}
		if l.i < len(l.src) {
			l.advance()
		}
	default:
		for l.i < len(l.src) {
			switch l.src[l.i] {
			case ',', ']', '}', '\n', '#':
				return
			}
			l.advance()
		}
	}
}

// skipBlank skips spaces, newlines and comments inside arrays.
func (l *locator) skipBlank() {
	for l.i < len(l.src) {
		l.skipSpace(true)
		if l.i < len(l.src) && l.src[l.i] == '#' {
			l.skipLine()
			continue
		}
		return
	}
}

// skipString skips a basic, literal or multi-line string.
func (l *locator) skipString() {
	// The same strings as the limits' scan, counted line by line.
	l.advanceTo(max(skipTOMLString(l.src, l.i), l.i))
}

// setKey records p as the position of the dotted key path and of each of
// its prefixes not seen before: "a.b.c = 1" defines the tables a and a.b.
func (l *locator) setKey(path string, p Pos) {
	for i := 0; i < len(path); i++ {
		if path[i] == '.' && !l.hasKey(path[:i]) {
			l.add(path[:i], impliedSpot, p, 0)
		}
	}
	if !l.hasKey(path) {
		l.add(path, impliedSpot, p, 0)
	}
}

// keyPos returns the position of path's key, falling back to its nearest
// ancestor, then to the first line of the front matter.
func (l *locator) keyPos(path string) Pos {
	for p := path; p != ""; p = parentPath(p) {
		if pos, ok := l.keyAt(p); ok {
			return pos
		}
		if s, ok := l.valAt(p); ok {
			return l.at(s)
		}
	}
	return Pos{File: l.file, Line: 1, Col: 1}
}

// valPos returns the position of path's value, or of its key.
func (l *locator) valPos(path string) Pos {
	if s, ok := l.valAt(path); ok {
		return l.at(s)
	}
	return l.keyPos(path)
}

// parentPath strips the last segment: "a[1].b" → "a[1]" → "a" → "".
func parentPath(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		switch p[i] {
		case '.':
			return p[:i]
		case '[':
			return p[:i]
		}
	}
	return ""
}

// runePos returns the position in the file of the n-th rune (from 0) of the
// string value at path, as TOML decodes it: an escape such as \u202E is one
// rune, and its position is that of its backslash. It falls back to the
// value's position when the value is not a string it can follow.
func (l *locator) runePos(path string, n int) Pos {
	p := l.valPos(path)
	s, ok := l.valAt(path)
	off := int(s.off)
	if !ok || off >= len(l.src) || (l.src[off] != '"' && l.src[off] != '\'') {
		return p
	}
	src, q := l.src, l.src[off]
	triple := strings.HasPrefix(src[off:], strings.Repeat(string(q), 3))
	line, col, i := p.Line, p.Col+1, off+1
	if triple {
		col, i = col+2, i+2
		if i < len(src) && src[i] == '\n' { // a newline right after """ is not part of the string
			line, col, i = line+1, 1, i+1
		}
	}
	for k := 0; i < len(src); k++ {
		c := src[i]
		if c == q && (!triple || strings.HasPrefix(src[i:], strings.Repeat(string(q), 3))) || c == '\n' && !triple {
			break
		}
		if q == '"' && c == '\\' && i+1 < len(src) && triple && strings.IndexByte(" \t\n", src[i+1]) >= 0 {
			// A line-ending backslash: it and the blanks after it are no runes.
			k--
			for i, col = i+1, col+1; i < len(src) && strings.IndexByte(" \t\n", src[i]) >= 0; i++ {
				if src[i] == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
			}
			continue
		}
		if k == n {
			return Pos{File: l.file, Line: line, Col: col}
		}
		width := 1
		switch {
		case q == '"' && c == '\\' && i+1 < len(src):
			width = map[byte]int{'u': 6, 'U': 10, 'x': 4}[src[i+1]]
			width = max(width, 2)
		case c == '\n':
			line, col, i = line+1, 1, i+1
			continue
		default:
			_, width = utf8.DecodeRuneInString(src[i:])
		}
		i, col = i+width, col+width
	}
	return p
}

// isBareKeyByte reports whether c can be part of a bare key, as far as key
// reads it: any ASCII byte but those it treats apart. A byte past ASCII
// takes the slow path, which turns it into a rune of its own as it always
// has.
func isBareKeyByte(c byte) bool {
	if c >= utf8.RuneSelf {
		return false
	}
	switch c {
	case '"', '\'', '.', ' ', '\t', '=', ']', '\n', '#', ',', '}':
		return false
	}
	return true
}
