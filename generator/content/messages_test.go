package content

import (
	"catalogue/internal/msgcheck"
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
			// A phrase (see Phrase), such as a History.Note, is a
			// string the code writes whole (the catalogue's own keys
			// do not count).
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && filepath.Base(name) != "messages.go" {
				if s, err := strconv.Unquote(lit.Value); err == nil && !strings.Contains(s, "%") {
					if _, ok := messages[s]; ok {
						found[s] = true
					}
				}
			}
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
			case msgcheck.Verbs(tr.fr) != msgcheck.Verbs(format):
				t.Errorf("%q: French %q uses the verbs %s, want %s", format, tr.fr, msgcheck.Verbs(tr.fr), msgcheck.Verbs(format))
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

// TestPhrase: a reason the catalogue knows is said in the reader's
// language; a tool's own words pass as they are, even with a %.
func TestPhrase(t *testing.T) {
	const format = "%s: entry dates are the files' modification times; entry pages show no history and changes.json is empty"
	for _, c := range []struct{ note, fr string }{
		{"not a git repository", "pas un dépôt git : les dates"},
		{"git log failed: 100% odd", "git log failed: 100% odd : les dates"},
	} {
		m := msgf(format, Phrase(c.note))
		if got := m.Text("fr"); !strings.HasPrefix(got, c.fr) {
			t.Errorf("%q in French: %s, want it to begin with %s", c.note, got, c.fr)
		}
		if got := m.Text("en"); !strings.HasPrefix(got, c.note+": entry dates") {
			t.Errorf("%q in English: %s", c.note, got)
		}
		if got := m.Code(); got != "no-history" {
			t.Errorf("%q: code %s, want no-history", c.note, got)
		}
	}
}
