package markdown

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// resolver knows two entries, whose titles try to break out of the title
// attribute.
type resolver struct{}

func (resolver) Resolve(id string) (href, title string, ok bool) {
	switch id {
	case "M001", "2.1.1":
		return "/entries/" + strings.ToLower(id) + "/", `"><script>alert(1)</script>`, true
	}
	return "", "", false
}

func render(t testing.TB, src string) string {
	t.Helper()
	var out bytes.Buffer
	if err := New().Render(&out, []byte(src), resolver{}); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out.String()
}

// TestRenderHostile renders testdata/hostile.md, every trick we know of in
// one body, and checks that the page keeps none of them.
func TestRenderHostile(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/hostile.md")
	if err != nil {
		t.Fatal(err)
	}
	html := render(t, string(src))
	if bad := unsafeHTML(html); bad != "" {
		t.Errorf("hostile.md renders %s:\n%s", bad, html)
	}
	for _, want := range []string{
		`<!-- raw HTML omitted -->`,
		`<a href="https://evil.example/pixel.png" title="title&quot;&gt;&lt;script&gt;">tracker</a>`, // an image from elsewhere is a link
		`<a href="https://evil.example/p.png">ent img</a>`,
		`<img src="/img/logo.png" alt="local">`,
		`<a href="/a" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">title</a>`,
		`<p>js JS sp`, // unsafe links keep their text
		`<a class="code-ref" href="/entries/m001/" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">M001</a>`,
		`<span class="code-ref code-ref-unknown">&lt;script&gt;</span>`,
		`<span class="code-ref code-ref-unknown">../../etc/passwd</span>`,
		`&lt;script&gt;alert(&#34;in code&#34;)&lt;/script&gt;`,
		`<p>esc num tab hex`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

var (
	tagPattern   = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	quoted       = regexp.MustCompile(`"[^"]*"`)
	namePattern  = regexp.MustCompile(`([^\s=]+)(=|\s|$)`)
	valuePattern = regexp.MustCompile(`(?i)\s(href|src)="\s*([^"]*)"`)
	// The elements and attributes goldmark, GFM and chroma write.
	// Anything else came from the body.
	allowedTags = map[string]bool{
		"a": true, "blockquote": true, "br": true, "code": true, "del": true, "em": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
		"img": true, "input": true, "li": true, "ol": true, "p": true, "pre": true, "span": true,
		"strong": true, "table": true, "tbody": true, "td": true, "th": true, "thead": true,
		"tr": true, "ul": true,
	}
	allowedAttrs = map[string]bool{
		"alt": true, "checked": true, "class": true, "disabled": true, "href": true, "id": true,
		"src": true, "start": true, "style": true, "tabindex": true, "title": true, "type": true,
	}
)

// unsafeHTML returns what in html a body should not be able to produce: an
// element or attribute goldmark does not write, a link or image with an
// unsafe scheme, or an image from another host. It returns "" for safe HTML.
func unsafeHTML(html string) string {
	for _, m := range tagPattern.FindAllStringSubmatch(html, -1) {
		if !allowedTags[strings.ToLower(m[2])] {
			return "element <" + m[2] + ">"
		}
		attrs := quoted.ReplaceAllString(m[3], `""`)
		for _, a := range namePattern.FindAllStringSubmatch(attrs, -1) {
			if name := strings.TrimSuffix(a[1], "/"); name != "" && name != `""` && !allowedAttrs[name] {
				return "attribute " + name + " in " + m[0]
			}
		}
		for _, v := range valuePattern.FindAllStringSubmatch(m[0], -1) {
			if !SafeURL(v[2]) {
				return v[1] + `="` + v[2] + `"`
			}
			if strings.EqualFold(v[1], "src") && External(v[2]) {
				return "image from another host " + v[2]
			}
		}
	}
	return ""
}

func TestSafeURL(t *testing.T) {
	t.Parallel()
	for dest, want := range map[string]bool{
		"":                           true,
		"/mutualisations/m001/":      true,
		"../m002/#besoin":            true,
		"https://example.org/a?b=c":  true,
		"mailto:a@example.org":       true,
		"javascript:alert(1)":        false,
		" JaVaScRiPt:alert(1) ":      false,
		"jav&#x61;script:alert(1)":   false,
		"&#106;avascript:alert(1)":   false,
		"javascript\\:alert(1)":      false,
		"java\tscript:alert(1)":      false,
		"data:text/html,<script>":    false,
		"vbscript:msgbox(1)":         false,
		"file:///etc/passwd":         false,
		"http://[::1":                false,
		"ftp://example.org/file.txt": false,
	} {
		if got := SafeURL(dest); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", dest, got, want)
		}
	}
	for dest, want := range map[string]bool{
		"/img/a.png":                  false,
		"a.png":                       false,
		"https://evil.example/p.png":  true,
		"//evil.example/p.png":        true,
		"&#104;ttps://evil.example/p": true,
	} {
		if got := External(dest); got != want {
			t.Errorf("External(%q) = %v, want %v", dest, got, want)
		}
	}
}

// TestLimits feeds bodies past each limit: each gives a *LimitError at the
// right offset, promptly, from Render, Scan and Text alike.
func TestLimits(t *testing.T) {
	t.Parallel()
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	const n = 10000
	tests := []struct {
		name, src string
		offset    int
		msg       string
	}{
		{"block quotes", "Intro.\n\n" + strings.Repeat(">", n) + " x\n", 8,
			"block quotes and lists nest more than 64 levels deep; the limit is 64"},
		{"nested lists by indentation", deepList(100), 4288,
			"block quotes and lists nest more than 64 levels deep; the limit is 64"},
		{"nested lists on one line", strings.Repeat("- ", n) + "x\n", 0,
			"block quotes and lists nest more than 64 levels deep; the limit is 64"},
		{"ordered lists and quotes on one line", strings.Repeat("1. > ", n) + "x\n", 0,
			"block quotes and lists nest more than 64 levels deep; the limit is 64"},
		{"brackets", "a " + strings.Repeat("[", n) + "x" + strings.Repeat("]", n), 66,
			"brackets nest more than 64 deep; the limit is 64"},
		{"brackets over lines", strings.Repeat("[\n", n), 128,
			"brackets nest more than 64 deep; the limit is 64"},
		{"emphasis", "x " + strings.Repeat("*_", n) + "x" + strings.Repeat("_*", n), 2,
			"a run of more than 64 emphasis markers (* _ ~); the limit is 64"},
		{"markup", "# T\n\n" + strings.Repeat("[a](", n), 5,
			"paragraph has 30000 markup characters ([ ] ( ) < * _ ~ `); the limit is 1000: split it with blank lines"},
		{"table", "|" + strings.Repeat("a|", 300) + "\n|" + strings.Repeat("-|", 300) + "\n" + strings.Repeat("x\n", 100), 0,
			"table has up to 30600 cells (300 columns, 102 rows); the limit is 20000"},
	}
	md := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			var out bytes.Buffer
			errs := map[string]error{"Render": md.Render(&out, src, nil)}
			_, errs["Scan"] = md.Scan(src)
			for name, err := range errs {
				var le *LimitError
				if !errors.As(err, &le) {
					t.Fatalf("%s: got %v, want a *LimitError", name, err)
				}
				if le.Offset != tt.offset || le.Msg != tt.msg {
					t.Errorf("%s: got offset %d %q\nwant offset %d %q", name, le.Offset, le.Msg, tt.offset, tt.msg)
				}
			}
			if out.Len() != 0 {
				t.Errorf("Render wrote %d bytes for a body past the limits", out.Len())
			}
			if got := md.Text(src); got != tt.src {
				t.Errorf("Text of a body past the limits is not the body")
			}
		})
	}
}

// TestWithinLimits renders bodies that come close to the limits without
// passing them, and real bodies.
func TestWithinLimits(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.md")
	srcs := map[string]string{
		"64 block quotes": strings.Repeat(">", 64) + " x\n",
		"64 brackets":     strings.Repeat("[", 64) + "x" + strings.Repeat("]", 64),
		"thematic break":  strings.Repeat("*", 200) + "\n\n" + strings.Repeat("- ", 100) + "\n",
		"escaped":         strings.Repeat(`\[`, 2000),
		"code":            "```\n" + strings.Repeat("[[[[((((<<<<", 1000) + "\n```\n",
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = string(data)
	}
	for name, src := range srcs {
		var out bytes.Buffer
		if err := New().Render(&out, []byte(src), resolver{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/tables.md")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New().Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"chiffres", "chiffres-1", "visee-strategique"}, s.Headings); diff != "" {
		t.Errorf("heading ids (-want +got):\n%s", diff)
	}
	var b strings.Builder
	for range 3000 {
		b.WriteString("# Besoin\n")
	}
	s, err = New().Scan([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Headings[len(s.Headings)-1]; got != "besoin-2999" {
		t.Errorf("3000th heading id = %q, want besoin-2999", got)
	}
}

func TestScan(t *testing.T) {
	t.Parallel()
	src := "Voir M001 et [[2.1.1]].\n\n[ici](/actions/2.1.1/#a) ![img](/i.png)\n\n`M002` reste du code.\n"
	s, err := New().Scan([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Scan{
		Refs:  []Ref{{ID: "M001", Offset: 5}, {ID: "2.1.1", Offset: 15, Explicit: true}},
		Links: []Link{{Dest: "/actions/2.1.1/#a", Offset: 25}, {Dest: "/i.png", Offset: 50, Image: true}},
		Text:  "Voir M001 et 2.1.1.\nici img\nM002 reste du code.",
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Scan (-want +got):\n%s", diff)
	}
	for _, r := range s.Refs {
		if !strings.HasPrefix(src[r.Offset:], r.ID) {
			t.Errorf("ref %s: offset %d points at %q", r.ID, r.Offset, src[r.Offset:])
		}
	}
}

func TestCodeNotHighlightedPastLimit(t *testing.T) {
	t.Parallel()
	long := "```go\n" + strings.Repeat("x := 1\n", maxHighlight/7+1) + "```\n"
	html := render(t, long)
	if strings.Contains(html, "hl-chroma") || !strings.HasPrefix(html, "<pre><code>x := 1") {
		t.Errorf("a code block past %d bytes should be plain, got %.80s", maxHighlight, html)
	}
	odd := "```" + strings.Repeat("x~", 100) + "\nfunc\n```\n"
	if html := render(t, odd); !strings.Contains(html, "func") {
		t.Errorf("code with an odd language name lost its text: %s", html)
	}
}
