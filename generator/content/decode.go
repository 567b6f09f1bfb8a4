package content

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// The errors of splitFrontMatter, which frontMatterProblem puts in words.
var (
	errNoFrontMatter   = errors.New(`missing front matter: the file must start with a line "+++"`)
	errOpenFrontMatter = errors.New(`front matter is not closed: no line "+++" after the first`)
)

// frontMatterProblem is the message of an error of splitFrontMatter.
func frontMatterProblem(err error) Message {
	if err == errNoFrontMatter {
		return msgf("missing front matter: the file must start with a line %q", "+++")
	}
	return msgf("front matter is not closed: no line %q after the first", "+++")
}

// splitFrontMatter cuts a file into its TOML front matter, which starts on
// line 2, and its Markdown body, which starts on line bodyLine: positions stay
// true to the file, so they match an editor's.
func splitFrontMatter(data string) (fm, body string, bodyLine int, err error) {
	first, _, ok := strings.Cut(data, "\n")
	if strings.TrimRight(first, " \t") != "+++" {
		return "", "", 0, errNoFrontMatter
	}
	start := len(first) + 1
	for off, line := start, 2; ok; line++ {
		var l string
		l, _, ok = strings.Cut(data[off:], "\n")
		if strings.TrimRight(l, " \t") == "+++" {
			end := min(off+len(l)+1, len(data))
			return data[start:off], data[end:], line + 1, nil
		}
		off += len(l) + 1
	}
	return "", "", 0, errOpenFrontMatter
}

// decoder turns a parsed TOML table into Go structs, collecting every
// problem instead of stopping at the first, with positions.
type decoder struct {
	loc   *locator
	diags *Diagnostics
	// site, when decoding an entry, knows the labels the site shows for
	// the values of enumerations.
	site *Site
}

// A field is a struct field reachable by a TOML key.
type field struct {
	index     int // of the field in its struct
	required  bool
	multiline bool // a text field that may hold line breaks
}

// structFields is what decoding needs of a struct type: its fields by TOML
// key and the keys in declaration order.
type structFields struct {
	byKey    map[string]field
	keys     []string
	required []string // the keys of required fields, in order
}

// fieldCache maps a struct type to its *structFields. It depends on types
// alone, never on a site or a file, so it is shared: finding the fields by
// reflection for every table of every entry was a tenth of loading.
var fieldCache sync.Map

func fieldsOfType(t reflect.Type) *structFields {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*structFields)
	}
	fs := &structFields{byKey: map[string]field{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		key := sf.Tag.Get("toml")
		if key == "" || key == "-" {
			continue
		}
		fs.byKey[key] = field{index: i, required: sf.Tag.Get("required") == "true", multiline: sf.Tag.Get("text") == "multiline"}
		fs.keys = append(fs.keys, key)
		if fs.byKey[key].required {
			fs.required = append(fs.required, key)
		}
	}
	got, _ := fieldCache.LoadOrStore(t, fs)
	return got.(*structFields)
}

// lookup finds key among the fields of targets; a later target's field
// hides an earlier one's of the same key.
func lookup(key string, targets []reflect.Value, fields []*structFields) (field, reflect.Value, bool) {
	for i := len(fields) - 1; i >= 0; i-- {
		if f, ok := fields[i].byKey[key]; ok {
			return f, targets[i].Field(f.index), true
		}
	}
	return field{}, reflect.Value{}, false
}

// table decodes raw into targets (addressable struct values). prefix is the
// key path of the table ("" at the top, "sources[1]." below).
func (d *decoder) table(prefix string, raw map[string]any, targets ...reflect.Value) {
	var fieldsBuf [2]*structFields
	fields := fieldsBuf[:0]
	for _, t := range targets {
		fields = append(fields, fieldsOfType(t.Type()))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		path := prefix + k
		f, v, ok := lookup(k, targets, fields)
		if !ok {
			known := knownKeys(fields)
			msg := msgf("unknown key %q", k)
			if s := suggest(k, known); s != "" {
				msg = msgf("%s; did you mean %q?", msg, s)
			} else {
				msg = msgf("%s; expected one of %s", msg, quoteList(known))
			}
			d.diags.Errorf(d.loc.keyPos(path), strings.TrimSuffix(prefix, "."), "%s", msg)
			continue
		}
		d.checkText(path, raw[k], f.multiline)
		d.value(path, raw[k], v)
	}
	for _, fs := range fields {
		for _, k := range fs.required {
			if f, _, _ := lookup(k, targets, fields); !f.required { // hidden
				continue
			}
			if _, ok := raw[k]; !ok {
				pos := d.loc.keyPos(strings.TrimSuffix(prefix, "."))
				d.diags.Errorf(pos, prefix+k, "missing required key")
			}
		}
	}
}

// knownKeys lists the keys of fields, in order.
func knownKeys(fields []*structFields) []string {
	if len(fields) == 1 {
		return fields[0].keys
	}
	var keys []string
	for _, fs := range fields {
		keys = append(keys, fs.keys...)
	}
	return keys
}

var timeType = reflect.TypeFor[time.Time]()

// The years a date or a figure may fall in: earlier or later is a typo.
const (
	minYear = 1900
	maxYear = 2100
)

func (d *decoder) value(path string, raw any, dst reflect.Value) {
	// Found only for a problem: most values have none.
	pos := func() Pos { return d.loc.valPos(path) }
	if dst.Type() == timeType {
		var t time.Time
		switch v := raw.(type) {
		case time.Time:
			if v.Location().String() == "time-local" {
				d.mistyped(pos(), path, raw, msgf("a date (YYYY-MM-DD)"))
				return
			}
			t = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
		case string:
			var err error
			if t, err = time.Parse(time.DateOnly, v); err != nil {
				d.loc.markBad(path)
				if p := dateProblem(v); p.Format != "" {
					d.diags.Errorf(pos(), path, "%q is not a date: %s", v, p)
				} else {
					d.diags.Errorf(pos(), path, "%q is not a date; expected YYYY-MM-DD", v)
				}
				return
			}
		default:
			d.mistyped(pos(), path, raw, msgf("a date (YYYY-MM-DD)"))
			return
		}
		if y := t.Year(); y < minYear || y > maxYear {
			d.loc.markBad(path)
			d.diags.Errorf(pos(), path, "%s is not a plausible date; expected a year from %d to %d", t.Format(time.DateOnly), minYear, maxYear)
			return
		}
		dst.Set(reflect.ValueOf(t))
		return
	}
	switch dst.Kind() {
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			d.mistyped(pos(), path, raw, msgf("a string"))
			return
		}
		// An enumeration's values are its type's: a zero value, unlike
		// dst, becomes an interface without a copy on the heap.
		if e, ok := reflect.Zero(dst.Type()).Interface().(Enum); ok && !slices.Contains(e.Values(), s) {
			msg := msgf("%q is not one of %s", s, quoteList(e.Values()))
			if v := d.site.valueForLabel(e, s); v != "" {
				msg = msgf("%q is the label of %s %q, not its value; did you mean %q?", s, enumName(e), v, v)
			} else if g := suggest(s, e.Values()); g != "" {
				msg = msgf("%s; did you mean %q?", msg, g)
			}
			d.diags.Errorf(pos(), path, "%s", msg)
			d.loc.markBad(path)
			return
		}
		dst.SetString(s)
	case reflect.Int:
		n, ok := raw.(int64)
		if !ok {
			d.mistyped(pos(), path, raw, msgf("an integer"))
			return
		}
		dst.SetInt(n)
	case reflect.Float64:
		switch n := raw.(type) {
		case int64:
			dst.SetFloat(float64(n))
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				d.loc.markBad(path)
				d.diags.Errorf(pos(), path, "expected a finite number, found %s", tomlFloat(n))
				return
			}
			dst.SetFloat(n)
		default:
			d.mistyped(pos(), path, raw, msgf("a number"))
		}
	case reflect.Slice:
		d.slice(path, raw, dst)
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			d.mistyped(pos(), path, raw, msgf("a table [%s]", path))
			return
		}
		d.table(path+".", m, dst)
	default:
		// Only the types above appear in the format's structs.
		panic("content: unsupported field type " + dst.Type().String())
	}
}

func (d *decoder) slice(path string, raw any, dst reflect.Value) {
	// Found only for a problem: most values have none.
	pos := func() Pos { return d.loc.valPos(path) }
	elem := dst.Type().Elem()
	var items []any
	switch v := raw.(type) {
	case []any:
		items = v
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	default:
		if _, ok := raw.(map[string]any); ok && elem.Kind() == reflect.Struct {
			// [sources] for [[sources]]: the likeliest slip, said plainly.
			d.loc.markBad(path)
			d.diags.Errorf(pos(), path, "[%s] is a single table; write [[%s]] (two brackets), once for each item of the list", path, path)
		} else if elem.Kind() == reflect.Struct {
			d.mistyped(pos(), path, raw, msgf("an array of tables ([[%s]])", path))
		} else {
			d.mistyped(pos(), path, raw, msgf("an array of strings"))
		}
		return
	}
	out := reflect.MakeSlice(dst.Type(), len(items), len(items))
	for i, item := range items {
		ipath := path + "[" + strconv.Itoa(i) + "]"
		if elem.Kind() == reflect.Struct {
			m, ok := item.(map[string]any)
			if !ok {
				d.mistyped(d.loc.valPos(ipath), ipath, item, msgf("a table"))
				continue
			}
			d.table(ipath+".", m, out.Index(i))
			continue
		}
		d.value(ipath, item, out.Index(i))
	}
	dst.Set(out)
}

func (d *decoder) mistyped(pos Pos, path string, raw any, want Message) {
	d.loc.markBad(path)
	d.diags.Errorf(pos, path, "expected %s, found %s", want, tomlType(raw))
}

// tomlFloat writes n as TOML does: nan, inf, -inf.
func tomlFloat(n float64) string {
	switch {
	case math.IsNaN(n):
		return "nan"
	case math.IsInf(n, 1):
		return "inf"
	case math.IsInf(n, -1):
		return "-inf"
	}
	return strconv.FormatFloat(n, 'g', -1, 64)
}

func tomlType(v any) Message {
	switch v := v.(type) {
	case string:
		return msgf("the string %q", v)
	case int64:
		return msgf("the integer %d", v)
	case float64:
		return msgf("the number %v", v)
	case bool:
		return msgf("the boolean %v", v)
	case time.Time:
		if v.Location().String() == "time-local" {
			return msgf("the time of day %s", v.Format(time.TimeOnly))
		}
		return msgf("a date")
	case []any, []map[string]any:
		return msgf("an array")
	case map[string]any:
		return msgf("a table")
	}
	return msgf("a %s", fmt.Sprintf("%T", v))
}

// parseTOML parses front matter fm, which starts on line fmLine of file.
func parseTOML(file, fm string, fmLine int, diags *Diagnostics) (map[string]any, bool) {
	// Decoded into an empty interface, the parser's own table is kept:
	// into a map, the decoder would copy it key by key.
	var decoded any
	if _, err := toml.Decode(fm, &decoded); err != nil {
		var pe toml.ParseError
		pos := Pos{File: file, Line: fmLine, Col: 1}
		msg := decoderSays(err.Error())
		if errors.As(err, &pe) {
			pos.Line = fmLine + pe.Position.Line - 1
			pos.Col = max(pe.Position.Col, 1)
			msg = decoderSays(pe.Message)
			if v, ok := strings.CutPrefix(pe.Message, "invalid datetime: "); ok {
				// A date TOML cannot read: say what is wrong with it.
				if v, err := strconv.Unquote(v); err == nil {
					if p := dateProblem(v); p.Format != "" {
						diags.Errorf(pos, pe.LastKey, "%q is not a date: %s", v, p)
					} else {
						diags.Errorf(pos, pe.LastKey, "%q is not a date; expected YYYY-MM-DD", v)
					}
					return nil, false
				}
			}
		}
		if errors.As(err, &pe) {
			off := offsetOf(fm, pe.Position.Line, pe.Position.Col)
			if plain, at, ok := plainTOML(fm, off, pe.Message); ok {
				line, col := tomlLineCol(fm, at)
				pos.Line, pos.Col, msg = fmLine+line-1, col, plain
			}
		}
		diags.Errorf(pos, "", "invalid TOML: %s", msg)
		return nil, false
	}
	raw, ok := decoded.(map[string]any)
	return raw, ok
}

func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// suggest returns the candidate closest to s, if it is close enough to be
// what was meant: a typo, a case slip or a missing prefix.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		dist := levenshtein(strings.ToLower(s), strings.ToLower(c))
		// Among equally close candidates, the one that shares the longest
		// beginning wins: M133 suggests M132 before M033.
		if best == "" || dist < bestDist || (dist == bestDist && closer(s, c, best)) {
			best, bestDist = c, dist
		}
	}
	if best != "" && bestDist <= max(1, min(len(s), len(best))/3) {
		return best
	}
	return ""
}

// closer reports whether c shares a longer prefix with s than best does, or
// an equally long one and sorts first.
func closer(s, c, best string) bool {
	pc, pb := commonPrefix(s, c), commonPrefix(s, best)
	return pc > pb || (pc == pb && c < best)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// levenshtein is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of neighbours ("titel") cost 1.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
