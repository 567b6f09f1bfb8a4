// Package msgcheck helps the tests that keep a package's messages
// translated: it finds the templates a package passes to its translating
// function, and compares the verbs of a template and of its translation.
package msgcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// Templates returns the string literals that the Go files pass to calls of
// fn (a function, or a method of that name) as argument number at, with
// where each call is. A call whose template is not a literal is an error:
// its text could not be checked.
func Templates(files []string, fn string, at int) (map[string]string, error) {
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		var bad error
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || bad != nil {
				return bad == nil
			}
			var called string
			switch f := call.Fun.(type) {
			case *ast.Ident:
				called = f.Name
			case *ast.SelectorExpr:
				called = f.Sel.Name
			}
			if called != fn || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				if id, ok := call.Args[at].(*ast.Ident); ok && id.Name == "format" {
					return true // a function passing its own template on
				}
				bad = fmt.Errorf("%s: %s with a template that is not a string literal", fset.Position(call.Pos()), fn)
				return false
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				bad = err
				return false
			}
			out[s] = fset.Position(call.Pos()).String()
			return true
		})
		if bad != nil {
			return nil, bad
		}
	}
	return out, nil
}

// Verbs lists the verbs of a printf template in argument order: "q d" for
// "%[2]d … %[1]q". A translation must have the same as its template.
func Verbs(format string) string {
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
			if j < 0 {
				return "bad index"
			}
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
		if v.arg >= 0 && v.arg < len(out) {
			out[v.arg] = v.kind
		}
	}
	return strings.Join(out, " ")
}

// CheckWords fails t for each template in used (a template and where it is
// said, from Templates) that words lacks or translates with other verbs,
// and for each entry of words that nothing says.
func CheckWords(t testing.TB, used, words map[string]string) {
	t.Helper()
	for format, at := range used {
		fr, ok := words[format]
		switch {
		case !ok:
			t.Errorf("%s: no French for %q", at, format)
		case Verbs(fr) != Verbs(format):
			t.Errorf("%q: French %q uses the verbs %s, want %s", format, fr, Verbs(fr), Verbs(format))
		}
	}
	for format := range words {
		if _, ok := used[format]; !ok {
			t.Errorf("words holds %q, which nothing says", format)
		}
	}
}
