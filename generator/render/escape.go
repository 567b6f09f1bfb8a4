package render

import (
	"fmt"
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
