package content

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMessagesTranslated finds every template the package passes to Errorf,
// Warnf and msgf and fails when one lacks a code or a French translation, or
// when the French does not use the same verbs.
func TestMessagesTranslated(t *testing.T) {
	// The content package, and the packages above it that add to its
	// diagnostics: the build (history) and the theme's check.
	var files []string
	for _, pattern := range []string{"*.go", "../*.go", "../render/theme.go"} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	fset := token.NewFileSet()
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			var at int
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
					return true
				}
				name, at = fn.Sel.Name, 2
			case *ast.Ident:
				name, at = fn.Name, 0
			}
			if name != "Errorf" && name != "Warnf" && name != "msgf" || len(call.Args) <= at {
				return true
			}
			if name == "msgf" && at != 0 || name != "msgf" && at != 2 {
				return true
			}
			if id, ok := call.Args[at].(*ast.Ident); ok && id.Name == "format" {
				return true // the functions themselves
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok {
				t.Errorf("%s: %s with a template that is not a string literal", fset.Position(call.Pos()), name)
				return true
			}
			format, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			found[format] = true
			tr, ok := messages[format]
			switch {
			case !ok:
				t.Errorf("%s: no translation of %q", fset.Position(call.Pos()), format)
			case tr.fr == "":
				t.Errorf("%s: no French for %q", fset.Position(call.Pos()), format)
			case verbs(tr.fr) != verbs(format):
				t.Errorf("%q: French %q uses the verbs %s, want %s", format, tr.fr, verbs(tr.fr), verbs(format))
			}
			return true
		})
	}
	for format := range messages {
		if !found[format] {
			t.Errorf("catalogue entry %q is used nowhere", format)
		}
	}
	for _, code := range Codes() {
		if code == "other" {
			t.Errorf("code %q is the one for templates outside the catalogue", code)
		}
	}
}

// verbs lists the verbs of a template in argument order: "%q %d" for
// "%[2]d ... %[1]q".
func verbs(format string) string {
	type verb struct {
		arg  int
		kind string
	}
	var vs []verb
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		if i < len(format) && format[i] == '[' {
			j := strings.IndexByte(format[i:], ']')
			n, _ := strconv.Atoi(format[i+1 : i+j])
			arg = n - 1
			i += j + 1
		}
		for i < len(format) && strings.IndexByte("0123456789.+-# ", format[i]) >= 0 {
			i++
		}
		if i < len(format) {
			vs = append(vs, verb{arg, string(format[i])})
			arg++
		}
	}
	out := make([]string, len(vs))
	for _, v := range vs {
		if v.arg < len(out) {
			out[v.arg] = v.kind
		}
	}
	return strings.Join(out, " ")
}

// TestMessageText renders a message built in pieces in both languages and
// checks its code.
func TestMessageText(t *testing.T) {
	m := msgf("%s; did you mean %q?", msgf("no entry %q", "M13"), "M133")
	if got, want := m.Text("en"), `no entry "M13"; did you mean "M133"?`; got != want {
		t.Errorf("en: got %s, want %s", got, want)
	}
	if got, want := m.Text("fr"), `aucune fiche "M13" ; vouliez-vous dire "M133" ?`; got != want {
		t.Errorf("fr: got %s, want %s", got, want)
	}
	if got, want := m.Code(), "dangling-ref"; got != want {
		t.Errorf("code: got %s, want %s", got, want)
	}
}
