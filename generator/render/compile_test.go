package render

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"text/template/parse"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

var md = markdown.New()

// catalogue loads the repository's catalogue once.
var catalogue = sync.OnceValues(func() (*content.Catalogue, error) {
	cat, diags := content.Load(context.Background(), os.DirFS("../.."), content.Options{Markdown: md})
	return cat, diags.Err()
})

func loadCatalogue(t testing.TB) *content.Catalogue {
	t.Helper()
	cat, err := catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// firstLanguage returns cat with an interface in its first language only.
func firstLanguage(cat *content.Catalogue) *content.Catalogue {
	c, site := *cat, *cat.Site
	site.Languages = site.Languages[:1]
	c.Site = &site
	return &c
}

// renderers returns a renderer with its templates compiled and one with
// them as parsed.
func renderers(t testing.TB, theme fs.FS) (compiled, parsed *Renderer) {
	t.Helper()
	cat := loadCatalogue(t)
	if _, err := fs.Stat(theme, "i18n/en.json"); err != nil {
		cat = firstLanguage(cat) // a test theme in one language
	}
	compiled, err := New(theme, cat, md)
	if err != nil {
		t.Fatal(err)
	}
	if parsed, err = newRenderers(theme, cat, md, false); err != nil {
		t.Fatal(err)
	}
	return compiled, parsed
}

// samePages checks that both renderers write the same bytes for pages.
func samePages(t testing.TB, compiled, parsed *Renderer, pages []Page) {
	t.Helper()
	for _, p := range pages {
		var got, want bytes.Buffer
		gotErr, wantErr := compiled.execute(&got, p, nil), parsed.execute(&want, p, nil)
		if gotErr != nil || wantErr != nil {
			t.Errorf("page %s: compiled templates fail with %v, as parsed with %v", p.Path, gotErr, wantErr)
			continue
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("page %s: compiled templates write\n%s\nas parsed:\n%s", p.Path, got.Bytes(), want.Bytes())
		}
	}
}

// sameErrors checks that both renderers fail with the same error for p.
func sameErrors(t testing.TB, compiled, parsed *Renderer, p Page) {
	t.Helper()
	gotErr, wantErr := compiled.execute(io.Discard, p, nil), parsed.execute(io.Discard, p, nil)
	if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() {
		t.Errorf("page %s: compiled templates fail with %v, as parsed with %v", p.Path, gotErr, wantErr)
	}
}

// TestCompileKeepsPages renders every page of the repository's catalogue
// with the default theme's templates compiled and as parsed, in each
// language of its interface.
func TestCompileKeepsPages(t *testing.T) {
	compiled, parsed := renderers(t, os.DirFS("../../themes/default"))
	for i, c := range compiled.langs {
		pages := append(c.pages(nil), Page{Path: openDataPath, Template: "opendata", Title: "Open data"})
		samePages(t, c, parsed.langs[i], pages)
	}
	// The entry template calls t and url with constants, and the
	// functions that return strings: none of those calls is left as
	// html/template escaped it.
	left := regexp.MustCompile(`^\{\{(t|url) "|^\{\{(t|url|kind|kinds|jsonURL|abs|ownerURL|themeURL|theme|date|isodate|link|chrome) [^|]*\| _html_template_`)
	n := 0
	for _, a := range actions(compiled.tmpl["entry"], "base.html") {
		if left.MatchString(a) {
			t.Errorf("entry template: %s was not compiled", a)
		}
		if strings.Contains(a, "_render_") {
			n++
		}
	}
	if n < 10 {
		t.Errorf("entry template: %d escapers after a function were fused, want at least 10", n)
	}
	if a := actions(compiled.linkTmpl, "entry-link"); !slices.Contains(a, "{{_render_url_urlfilter_urlnormalizer_attrescaper .URL}}") {
		t.Errorf("entry-link template: actions %q, want url and its escapers in one call", a)
	}
}

// actions returns the actions of template entry of t and of those it
// calls, in order.
func actions(t *template.Template, entry string) []string {
	var out []string
	seen := map[string]bool{entry: true}
	for todo := []string{entry}; len(todo) > 0; todo = todo[1:] {
		x := t.Lookup(todo[0])
		if x == nil || x.Tree == nil {
			continue // derived by html/template for another context
		}
		walk(x.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ActionNode:
				out = append(out, n.String())
			case *parse.TemplateNode:
				if !seen[n.Name] {
					seen[n.Name] = true
					todo = append(todo, n.Name)
				}
			}
		})
	}
	return out
}

// contexts uses the template functions in every context of an HTML page,
// with constants and variables, those compile rewrites and others.
const contexts = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<title>{{t "k.tricky"}} — {{.Title}}</title>
<p>{{t "k.tricky"}}</p>
<p title="{{t "k.tricky"}}" data-a='{{t "k.tricky"}}' data-b={{t "k.tricky"}} data-c={{t "k.empty"}}>
<a href="{{t "k.js"}}">js</a> <a href="{{url "/a b/"}}">url</a> <a href="/x?q={{t "k.tricky"}}">query</a>
<a href={{t "k.url"}}>unquoted</a> <a href="/x/{{t "k.url"}}">path</a> <a href="{{t "k.url"}}{{t "k.url"}}">twice</a>
<textarea>{{t "k.tricky"}}</textarea>
<script>var x = {{t "k.tricky"}}, y = "{{t "k.tricky"}}";</script>
<style>p { color: {{t "k.colour"}} }</style>
<a onclick="f({{t "k.tricky"}})" style="color: {{t "k.colour"}}">js</a> <img srcset="{{t "k.url"}}" alt="">
<!-- {{t "k.tricky"}} -->
<p>{{"a <constant>"}} {{` + "`raw & string`" + `}} {{printf "%s" "printf <x>"}} {{html "<b>"}}</p>
{{- $k := "k.tricky"}}
<p title="{{t $k}}">{{t $k}} <a href="{{url $k}}">{{$k}}</a> {{t $k | printf "%s"}}</p>
<p>{{kinds "action"}} {{kind "source"}} {{theme "nope"}} {{themeURL "x y"}} {{ownerURL "DINUM é"}} {{abs "/x"}} {{collectionDir "action"}}</p>
{{if .Entry}}<p>{{t "k.tricky"}}{{.Entry.Title}}</p><a href="{{jsonURL .Entry}}">json</a>{{else}}<p>{{t "k.url"}}</p>{{end}}
<ul>{{range collections}}<li><a href="{{url .Dir}}">{{kinds .Kind}}</a></li>{{end}}</ul>
{{with "k.url"}}<a href="{{url .}}">{{t .}}</a>{{end}}
{{with "tricky"}}<p title="{{t (printf "k.%s" .)}}">{{t (printf "k.%s" .)}}</p><a href="/x?q={{t (printf "k.%s" .)}}">q</a>{{end}}
{{with entry "M001"}}<p>{{link .}}</p><p title="{{link .}}">{{.Title}}</p>{{end}}
<p title="{{.Title}}" data-n='{{len .Path}}'>{{.Title}} {{len .Path}} {{add 1 -2}} {{.Body}} {{.Collection}}</p>
<textarea>{{.Body}} {{.Collection.Kind}} {{.Title}}</textarea>
{{with .Entry}}<p title="{{.Kind}} {{.Modified}} {{.Action}}">{{.Kind}} {{.Lang}} {{.Modified}} {{.Action}} {{.Themes}} {{.BodyLine}}</p>{{end}}
{{- $h := link (entry "M001")}}<p title="{{$h}}">{{$h}}</p><textarea>{{$h}}</textarea>
<p>{{if eq .Lang "fr"}}fr{{else if ne .Title "x"}}other{{end}}{{if eq "404" .Template}} 404{{end}}{{with .Entry}}{{else}}{{if ne .Collection.Kind ""}}kind{{end}}{{end}} {{eq .Title "t"}} {{ne (printf "%s" .Lang) "fr"}} {{eq .Title "a" "b"}}{{if ne nil "x"}} nil{{end}}</p>
<p>{{.Site.Title}} {{$.Site.Publisher.Name}} {{with .Entry}}{{$.Lang}} {{.Lang}}{{end}} {{range collections}}{{$.Template}}{{end}} {{.Site.TableRows}}{{if .Site.RepositoryURL}} repo{{end}}{{if .Template}} {{.Template}}{{end}}</p>
{{template "main" .}}
{{block "extra" .}}<p>{{t "k.tricky"}}</p>{{end}}
</html>
{{- define "entry-link"}}<a href="{{url .URL}}">{{.Title}}</a>{{end}}
`

// strings of the contexts theme, with the keys its pages need.
func contextStrings(tricky string) map[string]string {
	s := map[string]string{
		"k.tricky": tricky, "k.js": "javascript:alert(1)", "k.url": "/a b?q=1&r=%zz%41#f", "k.empty": "", "k.colour": "red",
		"kind.action": "Action", "kind.source": "Source", "kind.action.plural": "Actions",
	}
	for _, c := range content.Collections() {
		s["kind."+string(c.Kind)+".plural"] = string(c.Kind) + "s"
	}
	return s
}

// contextsTheme returns a theme whose every page is contexts.
func contextsTheme(t testing.TB, strings map[string]string, base string) fs.FS {
	data, err := json.Marshal(strings)
	if err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{
		"templates/base.html": {Data: []byte(base)},
		"i18n/fr.json":        {Data: data},
	}
	for _, name := range pageTemplates {
		theme["templates/"+name+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1 title="{{t "k.tricky"}}">{{.Title}}</h1>{{end}}`)}
	}
	return theme
}

// somePages returns a page of each template of r.
func somePages(r *Renderer) []Page {
	var pages []Page
	seen := map[string]bool{}
	for _, p := range r.pages(nil) {
		if !seen[p.Template] {
			seen[p.Template] = true
			pages = append(pages, p)
		}
	}
	return pages
}

// TestCompileContexts checks that a theme using the template functions in
// every context writes the same pages compiled as parsed, and that what
// compile rewrites is what it should.
func TestCompileContexts(t *testing.T) {
	compiled, parsed := renderers(t, contextsTheme(t, contextStrings(escapeTests[2]), contexts))
	samePages(t, compiled, parsed, somePages(compiled))
	var left, values []string
	for _, a := range actions(compiled.tmpl["entry"], "base.html") {
		switch {
		case strings.Contains(a, "_render_value_"):
			values = append(values, a)
		case !strings.Contains(a, ":=") && (strings.Contains(a, `"k.`) || strings.Contains(a, "_render_") || strings.Contains(a, "link") || strings.Contains(a, "kinds")):
			left = append(left, a)
		}
	}
	want := []string{
		// Escapers escape.go does not copy.
		`{{t "k.tricky" | _html_template_jsvalescaper}}`,
		`{{t "k.tricky" | _html_template_jsstrescaper}}`,
		`{{t "k.colour" | _html_template_cssvaluefilter}}`,
		`{{t "k.tricky" | _html_template_commentescaper}}`,
		// Variables: t and url fused with their escapers.
		`{{_render_t_attrescaper $k}}`,
		`{{_render_t_htmlescaper $k}}`,
		`{{_render_url_urlfilter_urlnormalizer_attrescaper $k}}`,
		`{{_render_jsonURL_urlfilter_urlnormalizer_attrescaper .Entry}}`,
		`{{_render_url_urlfilter_urlnormalizer_attrescaper .Dir}}`,
		`{{_render_kinds_htmlescaper .Kind}}`,
		`{{_render_url_urlfilter_urlnormalizer_attrescaper .}}`,
		`{{_render_t_htmlescaper .}}`,
		// The string of a key made with printf: one call.
		`{{_render_tprintf_attrescaper "k.%s" .}}`,
		`{{_render_tprintf_htmlescaper "k.%s" .}}`,
		`{{_render_tprintf_urlescaper_attrescaper "k.%s" .}}`,
		// template.HTML, in text and in an attribute.
		`{{link .}}`,
		`{{link . | _html_template_attrescaper}}`,
	}
	if strings.Join(left, "\n") != strings.Join(want, "\n") {
		t.Errorf("actions left:\n%s\nwant:\n%s", strings.Join(left, "\n"), strings.Join(want, "\n"))
	}
	// Fields, variables and functions returning other types than
	// strings, with an escaper alone after them.
	// .Lang, .Template and .Site.Title are the same on every page of a
	// page template: they are written as text (pageConstants).
	wantValues := []string{
		`{{.Title | _render_value_rcdataescaper}}`,
		`{{t "k.tricky" | _html_template_jsvalescaper | _render_value_attrescaper}}`,
		`{{t "k.colour" | _html_template_cssvaluefilter | _render_value_attrescaper}}`,
		`{{t "k.url" | _html_template_srcsetescaper | _render_value_attrescaper}}`,
		`{{printf "%s" "printf <x>" | _render_value_htmlescaper}}`,
		`{{$k | _render_value_htmlescaper}}`,
		`{{t $k | printf "%s" | _render_value_htmlescaper}}`,
		`{{.Entry.Title | _render_value_htmlescaper}}`,
		`{{.Title | _render_value_htmlescaper}}`,
		`{{.Title | _render_value_attrescaper}}`,
		`{{len .Path | _render_value_attrescaper}}`,
		`{{.Title | _render_value_htmlescaper}}`,
		`{{len .Path | _render_value_htmlescaper}}`,
		`{{add 1 -2 | _render_value_htmlescaper}}`,
		`{{.Body | _render_value_htmlescaper}}`,
		`{{.Collection | _render_value_htmlescaper}}`,
		`{{.Body | _render_value_rcdataescaper}}`,
		`{{.Collection.Kind | _render_value_rcdataescaper}}`,
		`{{.Title | _render_value_rcdataescaper}}`,
		`{{.Kind | _render_value_attrescaper}}`,
		`{{.Modified | _render_value_attrescaper}}`,
		`{{.Action | _render_value_attrescaper}}`,
		`{{.Kind | _render_value_htmlescaper}}`,
		`{{.Lang | _render_value_htmlescaper}}`,
		`{{.Modified | _render_value_htmlescaper}}`,
		`{{.Action | _render_value_htmlescaper}}`,
		`{{.Themes | _render_value_htmlescaper}}`,
		`{{.BodyLine | _render_value_htmlescaper}}`,
		`{{$h | _render_value_attrescaper}}`,
		`{{$h | _render_value_htmlescaper}}`,
		`{{$h | _render_value_rcdataescaper}}`,
		`{{_render_eqString .Title "t" | _render_value_htmlescaper}}`,
		`{{_render_neString (printf "%s" "fr") "fr" | _render_value_htmlescaper}}`,
		`{{eq .Title "a" "b" | _render_value_htmlescaper}}`,
		`{{.Lang | _render_value_htmlescaper}}`, // the entry's
		`{{.Site.TableRows | _render_value_htmlescaper}}`,
		`{{.Title | _render_value_htmlescaper}}`,
	}
	if strings.Join(values, "\n") != strings.Join(wantValues, "\n") {
		t.Errorf("actions with a value escaper:\n%s\nwant:\n%s", strings.Join(values, "\n"), strings.Join(wantValues, "\n"))
	}
	// Comparisons with a string: eqString and neString in place of the
	// built-ins, but for more than two arguments.
	var compared []string
	for _, x := range compiled.tmpl["entry"].Templates() {
		if x.Tree != nil {
			walk(x.Tree.Root, func(n parse.Node) {
				if cmd, ok := n.(*parse.CommandNode); ok && strings.Contains(ident(cmd), "eq") || ok && strings.Contains(ident(cmd), "ne") {
					compared = append(compared, cmd.String())
				}
			})
		}
	}
	slices.Sort(compared)
	compared = slices.Compact(compared)
	// Of constants, in an if: the branch it takes.
	wantCompared := []string{`_render_eqString .Title "t"`,
		`_render_neString .Collection.Kind ""`, `_render_neString (printf "%s" "fr") "fr"`, `_render_neString nil "x"`, `eq .Title "a" "b"`}
	slices.Sort(wantCompared)
	if !slices.Equal(compared, wantCompared) {
		t.Errorf("comparisons:\n%s\nwant:\n%s", strings.Join(compared, "\n"), strings.Join(wantCompared, "\n"))
	}
}

// TestCompileKeepsErrors checks that a theme string missing fails the
// page with the same message compiled as parsed.
func TestCompileKeepsErrors(t *testing.T) {
	for _, action := range []string{`{{t "missing"}}`, `<a title="{{kinds "missing"}}">`, `{{$k := "missing"}}<a href="{{t $k}}">`, `{{url 1}}`, `<p title="{{.Nope}}">`, `<title>{{.Entry.Nope}}</title>`, `<p title="{{t (printf "k.%s" "missing")}}">`, `<a href="{{jsonURL .Entry}}">`, `{{if eq .Entry "x"}}{{end}}`, `{{if eq .Nope "x"}}{{end}}`} {
		compiled, parsed := renderers(t, contextsTheme(t, contextStrings(""), `<p>{{t "k.tricky"}}</p>`+action))
		sameErrors(t, compiled, parsed, Page{Path: "/404.html", Template: "404"})
	}
}

// FuzzCompile checks that the contexts theme writes the same page compiled
// as parsed, whatever its string.
func FuzzCompile(f *testing.F) {
	for _, s := range escapeTests {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		compiled, parsed := renderers(t, contextsTheme(t, contextStrings(s), contexts))
		samePages(t, compiled, parsed, []Page{{Path: "/404.html", Template: "404", Title: s}})
	})
}

// TestFuseFallible checks that kinds, which can fail, is called with the
// escapers after it in one function wherever they follow it, and that
// the pages read the same, as does the failure of a string missing.
func TestFuseFallible(t *testing.T) {
	for _, tc := range []struct {
		base  string
		fused []string
	}{
		{`{{range collections}}<p>{{kinds .Kind}}</p><p title="{{kinds .Kind}}"></p><title>{{kinds .Kind}}</title>{{end}}`,
			[]string{"{{_render_kinds_htmlescaper .Kind}}", "{{_render_kinds_attrescaper .Kind}}", "{{_render_kinds_rcdataescaper .Kind}}"}},
		{`{{range collections}}<p>{{kinds .Kind}}</p><a href="/x?q={{kinds .Kind}}">x</a>{{end}}`,
			[]string{"{{_render_kinds_htmlescaper .Kind}}", "{{_render_kinds_urlescaper_attrescaper .Kind}}"}},
		{`{{range collections}}<p>{{kinds .Kind}}</p>{{if kinds .Kind}}x{{end}}{{end}}`, []string{"{{_render_kinds_htmlescaper .Kind}}"}},
		{`{{range collections}}<p>{{kinds .Kind}}</p>{{$x := kinds .Kind}}{{$x}}{{end}}`, []string{"{{_render_kinds_htmlescaper .Kind}}"}},
		{`{{range collections}}<p>{{kinds .Kind}}</p>{{template "x" (kinds .Kind)}}{{end}}{{define "x"}}{{.}}{{end}}`, []string{"{{_render_kinds_htmlescaper .Kind}}"}},
		// In an attribute, html/template executes a copy of x it
		// derives for the context: compile rewrites it too.
		{`{{range collections}}<p>{{kinds .Kind}}</p><p title="{{template "x" .Kind}}"></p>{{end}}{{define "x"}}{{kinds .}}{{end}}`, []string{"{{_render_kinds_htmlescaper .Kind}}"}},
		{`{{range collections}}<p>{{kinds .Kind}}</p>{{end}}{{define "x"}}{{if kinds .}}{{end}}{{end}}`, []string{"{{_render_kinds_htmlescaper .Kind}}"}},
	} {
		strs := contextStrings("")
		for _, c := range content.Collections() {
			strs["kind."+string(c.Kind)+".plural"] = `<` + string(c.Kind) + `> & "co"`
		}
		compiled, parsed := renderers(t, contextsTheme(t, strs, tc.base))
		samePages(t, compiled, parsed, []Page{{Path: "/404.html", Template: "404"}})
		all := actions(compiled.tmpl["404"], "base.html")
		for _, a := range tc.fused {
			if !slices.Contains(all, a) {
				t.Errorf("%s: no action %s; actions %q", tc.base, a, all)
			}
		}
		delete(strs, "kind.action.plural")
		compiled, parsed = renderers(t, contextsTheme(t, strs, tc.base))
		sameErrors(t, compiled, parsed, Page{Path: "/404.html", Template: "404"})
	}
}

// TestPageConstants checks that base.html writes the same pages once the
// fields every page of a template shares are written as text, wherever
// they are read, and that they are.
func TestPageConstants(t *testing.T) {
	for _, tc := range []struct {
		base string
		text string // written as text, not by an action
	}{
		{`<html lang="{{.Lang}}" class="{{.Template}}"><title>{{.Site.Title}}</title>`, `<html lang="fr" class="404"><title>`},
		{`{{if ne .Template "404"}}<p>not 404</p>{{else if eq .Lang "fr"}}<p>404 fr</p>{{else}}<p>404</p>{{end}}`, `<p>404 fr</p>`},
		{`{{if .Site.RepositoryURL}}<a href="{{.Site.RepositoryURL}}">repo</a>{{end}}{{if not .Template}}<p>none</p>{{end}}`, ``},
		{`{{with .Entry}}<p>{{.Lang}} {{$.Lang}}</p>{{end}}{{range collections}}<p>{{$.Template}} {{.Dir}}</p>{{end}}`, `<p>404 `},
		{`{{with .Entry}}{{else}}<p>{{.Lang}}</p>{{end}}{{with .Title}}{{.}}{{else}}{{$.Site.Publisher.Name}}{{end}}`, `<p>fr</p>`},
		// $ is not the page once assigned.
		{`{{with entry "rie"}}{{$ = .}}{{end}}<p>{{$.Lang}} {{.Lang}}</p>`, ``},
		// Called templates may be called with other data.
		{`{{template "x" .}}{{template "x" .Entry}}{{define "x"}}<p>{{with .}}{{.Lang}}{{end}}</p>{{end}}`, ``},
		{`<p>{{.Site.TableRows}} {{len .Site.Languages}} {{.Path}}</p>`, ``},
	} {
		compiled, parsed := renderers(t, contextsTheme(t, contextStrings(""), tc.base))
		samePages(t, compiled, parsed, somePages(compiled))
		if tc.text == "" {
			continue
		}
		var texts []string
		walk(compiled.tmpl["404"].Lookup("base.html").Tree.Root, func(n parse.Node) {
			if x, ok := n.(*parse.TextNode); ok {
				texts = append(texts, string(x.Text))
			}
		})
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, tc.text) }) {
			t.Errorf("%s: no text %q in base.html of 404: %q", tc.base, tc.text, texts)
		}
	}
}
