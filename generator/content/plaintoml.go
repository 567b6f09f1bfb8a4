package content

import (
	"strconv"
	"strings"
	"time"
)

// decodePlainTOML decodes a front matter whose every line is plain (see
// plainBlock) without the TOML parser, which was a third of loading an
// entry: keys set to strings without escapes, arrays of them, small
// integers, booleans and dates, at the top or in [tables] and [[arrays of
// tables]] with bare names, each defined once. It returns false for any
// other front matter, which the parser decodes and, if need be, reports.
// The values are those the parser gives, but for dates, which are UTC
// midnight: the decoder reads only their day.
func decodePlainTOML(fm string) (map[string]any, bool) {
	blocks, ok := splitTOMLBlocks(fm)
	if !ok {
		return nil, false
	}
	raw := make(map[string]any, len(blocks))
	for _, b := range blocks {
		if !plainBlock(b.text) {
			return nil, false
		}
		if b.name != "" { // else blank lines before the first key
			raw[b.name] = plainBlockValue(b.text)
		}
	}
	return raw, true
}

// plainBlockValue is the value of a plain block: of its statement, or the
// table or the array of tables its headers open.
func plainBlockValue(text string) any {
	var (
		value  any
		table  map[string]any
		tables []map[string]any
	)
	for line := range strings.Lines(text) {
		switch line = strings.Trim(line, " \t\n"); {
		case line == "":
		case strings.HasPrefix(line, "[["):
			table = map[string]any{}
			tables = append(tables, table)
			value = tables
		case line[0] == '[':
			table = map[string]any{}
			value = table
		default:
			k, v, _ := strings.Cut(line, "=")
			x := plainValueOf(strings.TrimLeft(v, " \t"))
			if table == nil {
				return x
			}
			table[strings.TrimRight(k, " \t")] = x
		}
	}
	return value
}

// plainValueOf decodes a value plainValue accepts.
func plainValueOf(v string) any {
	switch {
	case v == "true" || v == "false":
		return v == "true"
	case v[0] == '"' || v[0] == '\'':
		return v[1 : len(v)-1]
	case v[0] == '[':
		items := make([]any, 0, strings.Count(v, ",")+1) // commas in strings count too
		for v = strings.TrimLeft(v[1:], " \t"); v != "" && v[0] != ']'; {
			n, _ := plainString(v)
			items = append(items, v[1:n-1])
			v = strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(v[n:], " \t"), ","), " \t")
		}
		return items
	case len(v) == len(time.DateOnly) && v[4] == '-':
		t, _ := time.Parse(time.DateOnly, v)
		return t
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n
}
