package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
)

// scriptLikeAttr reports whether html/template escapes the value of the
// attribute name as JavaScript or CSS rather than as text: it drops a
// "data-" prefix, then takes "on…" for an event handler and "style" for a
// style sheet. A data-one="1 entrée" attribute printed "\"1 entrée\"".
func scriptLikeAttr(name string) bool {
	name = strings.ToLower(name)
	if rest, ok := strings.CutPrefix(name, "data-"); ok {
		name = rest
	} else if _, local, ok := strings.Cut(name, ":"); ok {
		name = local
	}
	return strings.HasPrefix(name, "on") || name == "style"
}

// TestScriptLikeAttr checks the rule against html/template itself.
func TestScriptLikeAttr(t *testing.T) {
	for _, name := range []string{"data-one", "data-msg-one", "data-onion", "data-style", "data-sort", "xlink:onclick", "data-base", "data-none"} {
		tmpl := template.Must(template.New("").Parse(`<p ` + name + `="{{.}}">`))
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, `a "b"`); err != nil {
			t.Fatal(err)
		}
		asText := buf.String() == `<p `+name+`="a &#34;b&#34;">`
		if asText == scriptLikeAttr(name) {
			t.Errorf("%s: html/template writes %s, scriptLikeAttr says %v", name, buf.String(), scriptLikeAttr(name))
		}
	}
}

// TestNoDataAttributeEscapedAsScript fails when an attribute of a theme
// template carrying text (data-…) would be escaped as JavaScript or CSS.
func TestNoDataAttributeEscapedAsScript(t *testing.T) {
	theme := os.DirFS("../../themes/default")
	files, err := fs.Glob(theme, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	attr := regexp.MustCompile(`\s(data-[A-Za-z0-9_:.-]+)\s*=`)
	seen := 0
	for _, f := range files {
		data, err := fs.ReadFile(theme, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range attr.FindAllSubmatch(data, -1) {
			seen++
			if name := string(m[1]); scriptLikeAttr(name) {
				t.Errorf("%s: attribute %s is escaped as script by html/template: rename it", f, name)
			}
		}
	}
	if seen == 0 {
		t.Error("no data-* attribute found: the pattern is wrong")
	}
}
