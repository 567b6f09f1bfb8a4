package content

import (
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Comparing two versions of a front matter is done for every change of the
// history: tens of thousands at a large catalogue. Decoding both whole was
// most of reading the history, while an edit touches a key or two. So
// changedBlocks cuts each front matter into the text of its top-level keys,
// and decodes only the keys whose text differs; a key whose text is the
// same is only checked to be valid TOML, which for the usual one-line
// values needs no parser. Anything it does not know for sure (a dotted or
// quoted top-level key, a key defined twice, a block TOML refuses) sends
// ChangedFields back to decoding both versions whole, so the answer is
// always the decoder's.

// A tomlBlock is the text defining one top-level key: a key = value
// statement before the first header, or a table's header and its lines;
// the blocks of an array of tables are joined in order.
type tomlBlock struct {
	name  string
	text  string
	array bool // [[name]]
}

// changedBlocks returns the keys of ChangedFields for two front matters
// that differ, or false when it cannot tell without decoding them whole.
func changedBlocks(oldFM, newFM string) ([]string, bool) {
	oldBlocks, ok := splitTOMLBlocks(oldFM)
	if !ok {
		return nil, false
	}
	newBlocks, ok := splitTOMLBlocks(newFM)
	if !ok {
		return nil, false
	}
	var changed, lost []string
	for _, n := range newBlocks {
		o, found := findBlock(oldBlocks, n.name)
		if found && o.text == n.text {
			if !validBlock(n) {
				return nil, false
			}
			continue
		}
		if found {
			if oc, ok := plainCanon(o.text); ok {
				if nc, ok := plainCanon(n.text); ok {
					if oc != nc {
						changed = append(changed, n.name)
					}
					continue
				}
			}
		}
		nv, ok := blockValue(n)
		if !ok {
			return nil, false
		}
		if found {
			ov, ok := blockValue(o)
			if !ok {
				return nil, false
			}
			if reflect.DeepEqual(ov, nv) {
				continue
			}
		}
		if n.name != "" {
			changed = append(changed, n.name)
		}
	}
	for _, o := range oldBlocks {
		if _, found := findBlock(newBlocks, o.name); !found {
			if !validBlock(o) {
				return nil, false
			}
			if o.name != "" {
				lost = append(lost, o.name)
			}
		}
	}
	sortKeys(changed)
	sortKeys(lost)
	return append(changed, lost...), true
}

func findBlock(blocks []tomlBlock, name string) (tomlBlock, bool) {
	for _, b := range blocks {
		if b.name == name {
			return b, true
		}
	}
	return tomlBlock{}, false
}

// blockValue decodes a block alone: the value of its key, or nil for the
// lines before the first key. ok is false when TOML refuses it.
func blockValue(b tomlBlock) (any, bool) {
	raw, ok := decodeTOML(b.text)
	if !ok {
		return nil, false
	}
	// A block that defines something else than its key is the decoder
	// of the whole front matter's to judge.
	if b.name == "" {
		return nil, len(raw) == 0
	}
	v, found := raw[b.name]
	return v, found && len(raw) == 1
}

// validBlock reports whether b is valid TOML on its own, without a parser
// when its lines are of the plainest kinds.
func validBlock(b tomlBlock) bool {
	if plainBlock(b.text) {
		return true
	}
	_, ok := blockValue(b)
	return ok
}

// splitTOMLBlocks cuts front matter fm into its top-level blocks, in
// order; the lines before the first key are a block of no name. It returns
// false for a front matter it cannot cut for sure.
func splitTOMLBlocks(fm string) ([]tomlBlock, bool) {
	// At most a block a line: one allocation, not one per doubling.
	blocks := make([]tomlBlock, 0, strings.Count(fm, "\n")+1)
	start, name, array, inTable := 0, "", false, false
	flush := func(end int) bool {
		text := fm[start:end]
		for i := range blocks {
			if blocks[i].name != name {
				continue
			}
			if !array || !blocks[i].array {
				return false // defined twice: the decoder says how
			}
			blocks[i].text += text
			return true
		}
		blocks = append(blocks, tomlBlock{name: name, text: text, array: array})
		return true
	}
	for i := 0; i < len(fm); {
		lineStart := i
		for i < len(fm) && (fm[i] == ' ' || fm[i] == '\t') {
			i++
		}
		switch {
		case i >= len(fm) || fm[i] == '\n' || fm[i] == '#' || fm[i] == '\r':
			i = lineEnd(fm, i)
			continue
		case fm[i] == '[':
			h, isArray, ok := tableHeader(fm[i:])
			if !ok {
				return nil, false
			}
			if (lineStart > 0 || name != "") && !flush(lineStart) {
				return nil, false
			}
			start, name, array, inTable = lineStart, h, isArray, true
			i = lineEnd(fm, i)
			continue
		}
		// A key = value statement.
		keyStart := i
		for i < len(fm) && fm[i] != '=' && fm[i] != '\n' {
			i++
		}
		if i >= len(fm) || fm[i] != '=' {
			return nil, false
		}
		if !inTable {
			key := strings.TrimRight(fm[keyStart:i], " \t")
			if !bareKey(key) {
				return nil, false
			}
			if (lineStart > 0 || name != "") && !flush(lineStart) {
				return nil, false
			}
			start, name, array = lineStart, key, false
		}
		i = skipTOMLValue(fm, i+1)
	}
	if (len(fm) > 0 || name != "") && !flush(len(fm)) {
		return nil, false
	}
	return blocks, true
}

// tableHeader reads the header at the start of s: [name] or [[name]] with
// a bare name.
func tableHeader(s string) (name string, array bool, ok bool) {
	array = strings.HasPrefix(s, "[[")
	open, close := "[", "]"
	if array {
		open, close = "[[", "]]"
	}
	rest := s[len(open):]
	end := strings.IndexByte(rest, ']')
	if end < 0 || !strings.HasPrefix(rest[end:], close) {
		return "", false, false
	}
	name = strings.Trim(rest[:end], " \t")
	return name, array, bareKey(name)
}

// bareKey reports whether k is a bare key of TOML: A-Za-z0-9_-.
func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// lineEnd returns the offset just past the end of the line holding s[i].
func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// skipTOMLValue returns the offset of the start of the line after the
// value that starts at or after s[i]: strings, arrays and inline tables may
// span lines. On a value it cannot follow it stops at a line end; the
// blocks are then decoded, and refused.
func skipTOMLValue(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch c := s[i]; c {
		case '"', '\'':
			i = skipTOMLString(s, i)
			continue
		case '[', '{':
			depth++
		case ']', '}':
			depth = max(depth-1, 0)
		case '#':
			i = lineEnd(s, i) - 1
			if s[i] != '\n' {
				return len(s)
			}
			continue
		case '\n':
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(s)
}

// plainBlock reports whether every line of text is of a kind whose
// validity is plain to see: blank, a bare-named header, or a bare key set
// to a basic or literal string on one line, an array of them, a small
// integer, a boolean or a date; each key once.
func plainBlock(text string) bool {
	var keys []string
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		line = strings.Trim(line, " \t")
		if line == "" {
			continue
		}
		if line[0] == '[' {
			name, array, ok := tableHeader(line)
			if !ok || line != "["+name+"]" && !(array && line == "[["+name+"]]") {
				return false
			}
			keys = keys[:0]
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return false
		}
		k, v = strings.TrimRight(k, " \t"), strings.TrimLeft(v, " \t")
		if !bareKey(k) {
			return false
		}
		for _, seen := range keys {
			if seen == k {
				return false
			}
		}
		keys = append(keys, k)
		if !plainValue(v) {
			return false
		}
	}
	return true
}

// plainCanon returns, for a plain block (see plainBlock), a text that is
// the same for two plain blocks exactly when they hold the same values: a
// string without escapes is its text, a table its keys and values in key
// order, and bytes below a space, which plain strings cannot hold, keep
// the parts apart.
func plainCanon(text string) (string, bool) {
	if !plainBlock(text) {
		return "", false
	}
	var b strings.Builder
	var pairs []string
	flush := func() {
		slices.Sort(pairs)
		for _, p := range pairs {
			b.WriteString(p)
			b.WriteByte(2)
		}
		pairs = pairs[:0]
	}
	for line := range strings.Lines(text) {
		switch line = strings.Trim(line, " \t\n"); {
		case line == "":
		case line[0] == '[':
			// A header as written: [name] or [[name]].
			flush()
			b.WriteByte(3)
			b.WriteString(line)
		default:
			k, v, _ := strings.Cut(line, "=")
			pairs = append(pairs, strings.TrimRight(k, " \t")+"\x01"+plainValueCanon(strings.TrimLeft(v, " \t")))
		}
	}
	flush()
	return b.String(), true
}

// plainValueCanon is the part of plainCanon for one value.
func plainValueCanon(v string) string {
	switch v[0] {
	case '"', '\'':
		return "string " + v[1:len(v)-1]
	case '[':
		var b strings.Builder
		b.WriteString("array")
		for v = strings.TrimLeft(v[1:], " \t"); v != "" && v[0] != ']'; {
			n, _ := plainString(v)
			b.WriteByte(0)
			b.WriteString(v[1 : n-1])
			v = strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(v[n:], " \t"), ","), " \t")
		}
		return b.String()
	}
	return "other " + v // a boolean, a date or an integer as written
}

// plainValue reports whether v, the whole rest of a line, is a value
// plainBlock accepts.
func plainValue(v string) bool {
	switch {
	case v == "true" || v == "false":
		return true
	case v == "":
		return false
	case v[0] == '"' || v[0] == '\'':
		n, ok := plainString(v)
		return ok && n == len(v)
	case v[0] == '[':
		v = strings.TrimLeft(v[1:], " \t")
		if v == "]" {
			return true
		}
		for {
			n, ok := plainString(v)
			if !ok {
				return false
			}
			v = strings.TrimLeft(v[n:], " \t")
			switch {
			case v == "]":
				return true
			case strings.HasPrefix(v, ","):
				v = strings.TrimLeft(v[1:], " \t")
				if v == "]" {
					return true
				}
			default:
				return false
			}
		}
	case len(v) == len(time.DateOnly) && v[4] == '-':
		for i := 0; i < len(v); i++ {
			if i != 4 && i != 7 && (v[i] < '0' || v[i] > '9') {
				return false
			}
		}
		_, err := time.Parse(time.DateOnly, v)
		return err == nil
	}
	// A small integer without sign, underscore or leading zero.
	if len(v) > 18 || v[0] == '0' && len(v) > 1 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// plainString reads the one-line basic or literal string at the start of
// v, with no escape and no control character, and returns its length.
func plainString(v string) (int, bool) {
	if v == "" || v[0] != '"' && v[0] != '\'' {
		return 0, false
	}
	q := v[0]
	if strings.HasPrefix(v, string([]byte{q, q})) {
		return 0, false // empty, or three-quoted
	}
	for i := 1; i < len(v); i++ {
		switch c := v[i]; {
		case c == q:
			return i + 1, utf8.ValidString(v[1:i])
		case c == '\\' || c < ' ' && c != '\t' || c == 0x7f:
			return 0, false
		}
	}
	return 0, false
}

// decodeTOML decodes TOML text, or returns false.
func decodeTOML(text string) (map[string]any, bool) {
	var diags Diagnostics
	return parseTOML("", text, 1, &diags)
}
