package render

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"
	ttemplate "text/template"
	"text/template/parse"
	"time"

	"catalogue/generator/content"
)

// probes place a value in the contexts whose escapers escape.go copies,
// with the escapers html/template gives each.
var probes = []struct {
	before, after string
	chain         []string
}{
	{"<p>", "</p>", []string{"htmlescaper"}},
	{`<p title="`, `">`, []string{"attrescaper"}},
	{`<p title='`, `'>`, []string{"attrescaper"}},
	{"<title>", "</title>", []string{"rcdataescaper"}},
	{"<textarea>", "</textarea>", []string{"rcdataescaper"}},
	{"<p title=", ">", []string{"nospaceescaper"}},
	{`<a href="`, `">`, []string{"urlfilter", "urlnormalizer", "attrescaper"}},
	{`<a href="/x/`, `">`, []string{"urlnormalizer", "attrescaper"}},
	{`<a href="/x?q=`, `">`, []string{"urlescaper", "attrescaper"}},
	{"<a href=", ">", []string{"urlfilter", "urlnormalizer", "nospaceescaper"}},
	{`<meta http-equiv="refresh" content="0; url=`, `">`, []string{"urlfilter", "attrescaper"}},
}

// escapeTests are strings that each escaper of escape.go changes, and
// the seeds of FuzzEscapers.
var escapeTests = []string{
	"",
	"plain text",
	`<a href="x">Tom & Jerry's +1</a>`,
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"mailto:a@b.fr",
	"HTTPS://example.fr/a b?q=1&r=é#frag",
	"/path:with/colon",
	"%41%zz%4 100%",
	"a b=c\td\ne\r\f\v`",
	"nul\x00byte",
	"\ufdd0\ufdef\ufff0\uffff\ufffe",
	"invalid \xff\xfe utf-8 \xe9",
	"!#$&*+,/:;=?@[]-._~'()",
}

// TestEscapers checks the escapers of escape.go against html/template on
// the same strings, in each context.
func TestEscapers(t *testing.T) {
	for _, s := range escapeTests {
		checkEscapers(t, s)
	}
}

func FuzzEscapers(f *testing.F) {
	for _, s := range escapeTests {
		f.Add(s)
	}
	f.Fuzz(checkEscapers)
}

func checkEscapers(t *testing.T, s string) {
	for _, p := range probes {
		tmpl := template.Must(template.New("probe").Parse(p.before + "{{.}}" + p.after))
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := escapedChain(tmpl.Tree); !slices.Equal(got, p.chain) {
			t.Fatalf("%s{{.}}%s: html/template escapes with %q, the test expects %q", p.before, p.after, got, p.chain)
		}
		got := s
		for _, name := range p.chain {
			got = escapers["_html_template_"+name](got)
		}
		if got = p.before + got + p.after; got != want.String() {
			t.Errorf("%s{{.}}%s with %q:\n got %q\nwant %q", p.before, p.after, s, got, want.String())
		}
	}
	checkValueEscapers(t, []any{s, named(s), content.Lang(s), template.HTML(s), stringer(s), []byte(s)})
}

// escapedChain returns the escapers of the one action of an escaped tree.
func escapedChain(tree *parse.Tree) []string {
	var chain []string
	for _, n := range tree.Root.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			for _, cmd := range a.Pipe.Cmds[1:] {
				chain = append(chain, strings.TrimPrefix(ident(cmd), "_html_template_"))
			}
		}
	}
	return chain
}

type (
	named     string
	namedInt  int8
	namedUint uint16
	stringer  string
	formatter string
)

func (s stringer) String() string               { return "<" + string(s) + ">" }
func (formatter) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "<%c>", verb) }
func (s *named) String() string                 { return "never: a value is not addressable" }
func (e *escapeError) Error() string            { return "<" + e.s + ">" }

type escapeError struct{ s string }

// valueTests are values of the types a field or a function may give the
// escapers of valueEscapers, with those the fast path takes and those it
// leaves to html/template.
func valueTests() []any {
	s := `<a href="x">Tom & Jerry's +1</a>`
	h := template.HTML(s)
	return []any{
		nil, s, "", named(s), content.Kind(s), stringer(s), formatter(s), &escapeError{s},
		0, -12, int64(-1 << 63), namedInt(-8), uint8(200), namedUint(65535), uint64(1 << 63), uintptr(7),
		1.5, float32(0.1), true, []string{s, "b"}, struct{ A, B string }{s, "b"}, &s, (*string)(nil),
		h, &h, template.HTMLAttr(s), template.URL("javascript:x"), template.JS(s), template.CSS(s),
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), reflect.ValueOf(s), errors.New(s),
	}
}

// TestValueEscapers checks the escapers compile puts after a field
// against html/template's, on values of many types.
func TestValueEscapers(t *testing.T) {
	checkValueEscapers(t, valueTests())
}

func checkValueEscapers(t *testing.T, values []any) {
	for name, p := range valueEscapers {
		tmpl := template.Must(template.New("probe").Parse(p.before + "{{.V}}" + p.after))
		esc := valueEscaper(name)
		for _, v := range values {
			var want strings.Builder
			if err := tmpl.Execute(&want, struct{ V any }{v}); err != nil {
				t.Fatal(err)
			}
			if got := escapedChain(tmpl.Tree); !slices.Equal(got, []string{strings.TrimPrefix(name, "_html_template_")}) {
				t.Fatalf("%s{{.V}}%s: html/template escapes with %q", p.before, p.after, got)
			}
			// As a page calls it: text/template hands it the field,
			// of type any here, and its value as it is.
			var got strings.Builder
			call := ttemplate.Must(ttemplate.New("call").Funcs(ttemplate.FuncMap{"esc": esc}).Parse("{{.V | esc}}"))
			if err := call.Execute(&got, struct{ V any }{v}); err != nil {
				t.Fatal(err)
			}
			if got := p.before + got.String() + p.after; got != want.String() {
				t.Errorf("%s with %#v (%T):\n got %q\nwant %q", name, v, v, got, want.String())
			}
			if _, isValue := v.(reflect.Value); v != nil && !isValue {
				if got := p.before + esc(reflect.ValueOf(v)) + p.after; got != want.String() {
					t.Errorf("%s with %#v (%T) of its own type:\n got %q\nwant %q", name, v, v, got, want.String())
				}
			}
		}
	}
}
