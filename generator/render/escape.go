package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The escapers html/template adds to the end of a pipeline, by the name it
// gives them in the escaped parse tree, for the contexts of HTML text and
// attributes. Each is html/template's function of the same name restricted
// to a plain string (a value of type string, not a template.HTML, URL …),
// the only input the renderer hands them: see compile.go. Their rules are
// copied from html/template (html.go, url.go) and the tests check them
// against html/template itself on the same strings.
var escapers = map[string]func(string) string{
	"_html_template_htmlescaper":    escapeHTML,
	"_html_template_attrescaper":    escapeHTML,
	"_html_template_rcdataescaper":  escapeHTML,
	"_html_template_nospaceescaper": escapeNospace,
	"_html_template_urlfilter":      filterURL,
	"_html_template_urlnormalizer":  func(s string) string { return processURL(s, true) },
	"_html_template_urlescaper":     func(s string) string { return processURL(s, false) },
}

// filterFailsafe is what html/template writes in place of a value it
// refuses in its context.
const filterFailsafe = "ZgotmplZ"

// escapeHTML escapes s for HTML text, a quoted attribute value or an
// RCDATA element (title, textarea): html/template's htmlEscaper,
// attrEscaper and rcdataEscaper, which agree on plain strings.
func escapeHTML(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			// Bytes of multi-byte runes and invalid UTF-8 are all ≥ 0x80:
			// they pass through, as html/template's runes beyond its table.
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// nospaceTable is html/template's htmlNospaceReplacementTable: what an
// unquoted attribute value must escape.
var nospaceTable = [...]string{
	0:    "&#xfffd;",
	'\t': "&#9;",
	'\n': "&#10;",
	'\v': "&#11;",
	'\f': "&#12;",
	'\r': "&#13;",
	' ':  "&#32;",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'=':  "&#61;",
	'>':  "&gt;",
	'`':  "&#96;",
}

// escapeNospace escapes s for an unquoted attribute value, as
// html/template's htmlNospaceEscaper: an empty value would end the
// attribute, and Unicode noncharacters are written as references.
func escapeNospace(s string) string {
	if s == "" {
		return filterFailsafe
	}
	var b strings.Builder
	written := 0
	for i, w := 0, 0; i < len(s); i += w {
		// Decode as html/template does, keeping the width of invalid
		// bytes (1) so that they are copied as they are.
		r, width := utf8.DecodeRuneInString(s[i:])
		w = width
		var repl string
		switch {
		case int(r) < len(nospaceTable):
			repl = nospaceTable[r]
		case 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff:
			repl = fmt.Sprintf("&#x%x;", r)
		}
		if repl == "" {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + w
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// filterURL defangs a URL whose scheme is not http, https or mailto, as
// html/template's urlFilter.
func filterURL(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#" + filterFailsafe
		}
	}
	return s
}

// processURL percent-encodes s as html/template's urlNormalizer (norm) or
// urlEscaper (!norm): normalizing keeps the URL's reserved characters and
// its valid escapes.
func processURL(s string, norm bool) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// valueEscapers are the escapers of escapers that compile puts after a
// field, a variable or a function returning anything but a string, as
// html/template's take any value: its single escaper there, under the
// name compile gives its replacement. html/template calls its own through
// reflection with a slice of one argument; these take the value as it is.
var valueEscapers = map[string]struct {
	// What makes html/template escape a value with this escaper alone.
	before, after string
}{
	"_html_template_htmlescaper":   {"<p>", "</p>"},
	"_html_template_attrescaper":   {`<p title="`, `">`},
	"_html_template_rcdataescaper": {"<title>", "</title>"},
}

// valueEscaper returns a function that escapes any value as the escaper of
// html/template named name does. A value that html/template turns into the
// string it holds or the integer it is goes through escapers[name], a
// template.HTML in HTML text as it is; any other (template.HTML elsewhere,
// a Stringer, a struct …) through html/template
// itself, by executing probe, where {{.}} is alone in the same context.
//
// It takes the value as a reflect.Value, which text/template hands a
// function as it holds it: a parameter of type any cost each call two
// allocations, one to make the interface and one to pass it, a tenth of
// what a page allocated. A value of no type at all is refused by
// text/template before the call: the page is then executed again as
// parsed (see execute).
func valueEscaper(name string) func(reflect.Value) string {
	esc := escapers[name]
	p := valueEscapers[name]
	probe := template.Must(template.New("probe").Parse(p.before + "{{.}}" + p.after))
	text := name == "_html_template_htmlescaper"
	return func(v reflect.Value) string {
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if text && v.IsValid() && v.Type() == htmlType {
			// The page's body: HTML text is where it goes as it is.
			return v.String()
		}
		if s, ok := plainValue(v); ok {
			return esc(s)
		}
		var x any
		if v.IsValid() {
			x = v.Interface()
		}
		var b strings.Builder
		// The value as an interface, so that a reflect.Value is not
		// taken for the data itself.
		if err := probe.Execute(&b, reflect.ValueOf(&x).Elem()); err != nil {
			// A strings.Builder does not fail, nor do the escapers.
			panic(err)
		}
		return b.String()[len(p.before) : b.Len()-len(p.after)]
	}
}

var (
	formatterType = reflect.TypeFor[fmt.Formatter]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
)

// plainValue returns what html/template's escapers make of v before they
// escape it, if v is a string, or a string or an integer of a type without
// methods that fmt would call, not one of html/template's typed strings:
// the string, or the integer in decimal, as fmt.Sprint writes them.
func plainValue(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return "", false
	}
	if t := v.Type(); t.NumMethod() > 0 && (t.Implements(formatterType) || t.Implements(stringerType) || t.Implements(errorType)) {
		return "", false
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type().PkgPath() == "html/template" {
			return "", false
		}
		return v.String(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	}
	return strconv.FormatInt(v.Int(), 10), true
}
