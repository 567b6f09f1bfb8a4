package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The exports are a few object shapes of strings, numbers and lists, but
// many of them: 10,000 entries are written three times over (their own
// file, their collection's, the catalogue's). encoding/json reflects over
// every value and compacts again the output of each nested MarshalJSON;
// appendJSON writes the same bytes as json.MarshalIndent(v, "", "  ")
// directly, and hands to encoding/json only the types it does not know.

// appendJSON appends v as JSON indented by depth levels of two spaces;
// depth < 0 writes it compact, as json.Marshal.
func appendJSON(b []byte, v any, depth int) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case float64:
		return appendFloat(b, v)
	case []string:
		return appendList(b, len(v), depth, func(b []byte, i, _ int) ([]byte, error) {
			return appendString(b, v[i]), nil
		})
	case object:
		if v == nil {
			return append(b, "null"...), nil
		}
		if len(v) == 0 {
			return append(b, "{}"...), nil
		}
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = newline(b, deeper(depth))
			b = appendString(b, m.Key)
			b = append(b, ':')
			if depth >= 0 {
				b = append(b, ' ')
			}
			var err error
			if b, err = appendJSON(b, m.Value, deeper(depth)); err != nil {
				return nil, fmt.Errorf("%s: %w", m.Key, err)
			}
		}
		b = newline(b, depth)
		return append(b, '}'), nil
	case []object:
		return appendList(b, len(v), depth, func(b []byte, i, d int) ([]byte, error) {
			return appendJSON(b, v[i], d)
		})
	case []any:
		return appendList(b, len(v), depth, func(b []byte, i, d int) ([]byte, error) {
			return appendJSON(b, v[i], d)
		})
	case indented:
		return v.append(b, depth)
	case []indented:
		return appendList(b, len(v), depth, func(b []byte, i, d int) ([]byte, error) {
			return v[i].append(b, d)
		})
	}
	data, err := json.Marshal(v)
	if err != nil || depth < 0 {
		return append(b, data...), err
	}
	w := bytes.NewBuffer(b)
	err = json.Indent(w, data, strings.Repeat("  ", depth), "  ")
	return w.Bytes(), err
}

// indented is a value appendJSON wrote at depth 0, to be written again
// at any depth: as a JSON string holds no newline, only the starts of
// lines move.
type indented []byte

// MarshalJSON implements json.Marshaler, for a value encoding/json writes.
func (v indented) MarshalJSON() ([]byte, error) { return v, nil }

func (v indented) append(b []byte, depth int) ([]byte, error) {
	if depth < 0 {
		w := bytes.NewBuffer(b)
		err := json.Compact(w, v)
		return w.Bytes(), err
	}
	pad := "\n" + strings.Repeat("  ", depth)
	for {
		i := bytes.IndexByte(v, '\n')
		if i < 0 {
			return append(b, v...), nil
		}
		b = append(append(b, v[:i]...), pad...)
		v = v[i+1:]
	}
}

// appendList appends a list of n values, each appended by item at the
// depth it is given. A nil list is written [] where encoding/json writes
// null: every list of the format is a list, empty or not.
func appendList(b []byte, n, depth int, item func(b []byte, i, depth int) ([]byte, error)) ([]byte, error) {
	if n == 0 {
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = newline(b, deeper(depth))
		var err error
		if b, err = item(b, i, deeper(depth)); err != nil {
			return nil, err
		}
	}
	b = newline(b, depth)
	return append(b, ']'), nil
}

func deeper(depth int) int {
	if depth < 0 {
		return depth
	}
	return depth + 1
}

// newline starts a line indented by depth levels; nothing when compact.
func newline(b []byte, depth int) []byte {
	if depth < 0 {
		return b
	}
	b = append(b, '\n')
	for range depth {
		b = append(b, "  "...)
	}
	return b
}

// appendString writes s as encoding/json does with its default HTML
// escaping: <, > and & as \u003c…, so that no file can close a <script>
// element it is pasted into; U+2028 and U+2029, which break JavaScript;
// invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat writes f as encoding/json does: the shortest form that
// reads back the same, in exponent form only for very small or large
// numbers.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("unsupported number %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}
