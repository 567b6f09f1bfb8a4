package render

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	ttemplate "text/template"
	"text/template/parse"
	"time"

	"catalogue/generator/content"
)

// Executing a template calls a Go function through reflection for every
// command of every action, and html/template ends each action with one to
// three escaper commands: on an entry page, most of the rendering time went
// into those calls. compile rewrites the escaped parse trees of the page
// templates, once in New before any page is executed, so that they write
// the same bytes with fewer calls:
//
//   - an action that calls a pure template function with constant
//     arguments, {{t "nav.home"}} or {{url "/css/site.css"}}, then
//     escapes the result becomes the text it writes;
//   - the escapers that follow a template function returning a string
//     become one call of a Go function that applies them all, and that
//     also calls the function if fuseCall knows its type: {{t .}} and
//     {{url $e.URL}} are one call each;
//   - the escaper of HTML text after a function returning template.HTML,
//     {{link .}} or {{chrome "header" .}}, goes: it writes such a value
//     as it is;
//   - the escaper of HTML text or attributes alone after a field, a
//     variable or another function, {{$e.ID}} or {{len .Entries}}, becomes
//     one of valueEscapers, which takes the value as it is instead of in a
//     slice made for each call, and escapes strings and integers without
//     html/template;
//   - the string of a key made with printf, {{t (printf "status.%s" .)}},
//     and its escapers become one call;
//   - a comparison with a constant string, {{if ne .Path "/"}}, becomes
//     one call of a function of two arguments (compareStrings) in place
//     of the variadic built-in;
//   - in base.html, the page's fields that every page of a template
//     shares, {{.Lang}} or {{if ne .Template "404"}}, become the text
//     they write or the branch they take (pageConstants, constIfs).
//
// All use the escapers of escape.go on plain strings, which a function
// returning string always hands them; valueEscapers hand them only values
// html/template would make the same string of. An action whose commands are not all
// known is left as it is, as is a constant call that fails (a theme string
// missing): it fails when executed, with its message. The trees of the
// "home" template are left as parsed: chrome and link execute templates
// of it by name, which html/template escapes at their first execution,
// and escaping a tree again after it was rewritten could give a different
// result; link executes entry-link in a copy of it that compile rewrites.
// A page that fails is executed again with its templates as parsed (see
// execute), so that the message names what the theme wrote.
func (r *Renderer) compile() {
	funcs := map[string]reflect.Value{}
	for name, f := range r.funcs() {
		funcs[name] = reflect.ValueOf(f)
	}
	type entry struct {
		t    *template.Template
		name string
		page reflect.Value // what base.html's pages have in common
	}
	entries := []entry{{t: r.linkTmpl, name: "entry-link"}}
	r.parsed = map[string]*template.Template{}
	for _, name := range pageTemplates {
		if name != "home" {
			common := &Page{Template: name, Lang: r.lang, Site: r.site}
			entries = append(entries, entry{r.tmpl[name], "base.html", reflect.ValueOf(common)})
			// Not executed yet, it can be cloned.
			if parsed, err := r.tmpl[name].Clone(); err == nil {
				r.parsed[name] = parsed
			}
		}
	}
	for _, e := range entries {
		t := e.t
		if t.Lookup(e.name) == nil || !escape(t, e.name) {
			continue
		}
		c := compiler{funcs: funcs, chains: map[string]any{}}
		if x := t.Lookup(e.name); e.page.IsValid() && x.Tree != nil {
			pageConstants(x.Tree.Root, e.page)
		}
		seen := map[*parse.Tree]bool{}
		for _, x := range t.Templates() {
			if x.Tree != nil && !seen[x.Tree] {
				seen[x.Tree] = true
				c.list(x.Tree.Root)
			}
		}
		for tree := range seen {
			c.compareStrings(tree.Root)
		}
		t.Funcs(c.chains)
	}
}

// errStop stops the execution escape starts.
var errStop = errors.New("stop")

type stopWriter struct{}

func (stopWriter) Write([]byte) (int, error) { return 0, errStop }

// escape makes html/template escape the template name of t and those it
// calls, which it does at their first execution, and reports whether it
// did. The execution stops at the first byte written; the template fails
// earlier on the nil data if it reads a field first.
func escape(t *template.Template, name string) bool {
	err := t.ExecuteTemplate(stopWriter{}, name, nil)
	var exec ttemplate.ExecError
	return err == nil || errors.Is(err, errStop) || errors.As(err, &exec)
}

// pure names the template functions whose result depends only on their
// arguments and on what the renderer holds for its whole life (the theme's
// strings, the site's configuration): called with constants, they give a
// constant.
var pure = map[string]bool{
	"t": true, "url": true, "abs": true, "root": true, "kind": true, "kinds": true, "theme": true,
	"themeURL": true, "ownerURL": true, "collectionDir": true,
}

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	errorType  = reflect.TypeFor[error]()
)

// A compiler rewrites the trees of one template name space.
type compiler struct {
	funcs map[string]reflect.Value // the template functions
	// chains holds the functions that apply a chain of escapers, by the
	// name the rewritten trees call them.
	chains map[string]any
}

// list rewrites the actions of l and of the lists nested in it, then
// merges the texts that end up next to each other.
func (c *compiler) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	l.Nodes = c.constIfs(l.Nodes)
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := c.fold(n.Pipe); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
			} else {
				c.fuse(n.Pipe)
			}
		case *parse.IfNode:
			c.list(n.List)
			c.list(n.ElseList)
		case *parse.WithNode:
			c.list(n.List)
			c.list(n.ElseList)
		case *parse.RangeNode:
			c.list(n.List)
			c.list(n.ElseList)
		}
	}
	nodes := l.Nodes[:0:0]
	for _, n := range l.Nodes {
		if t, ok := n.(*parse.TextNode); ok && len(nodes) > 0 {
			if prev, ok := nodes[len(nodes)-1].(*parse.TextNode); ok {
				// A new node: the old one's bytes may be shared.
				text := append(append([]byte{}, prev.Text...), t.Text...)
				nodes[len(nodes)-1] = &parse.TextNode{NodeType: parse.NodeText, Pos: prev.Pos, Text: text}
				continue
			}
		}
		nodes = append(nodes, n)
	}
	l.Nodes = nodes
}

// chain returns the escapers that end p, from the first command after
// its first, and the function that applies them; nil if p ends with a
// command that is not an escaper of escape.go.
func (c *compiler) chain(p *parse.PipeNode) (int, func(string) string) {
	i := len(p.Cmds)
	for i > 1 {
		if _, ok := escapers[ident(p.Cmds[i-1])]; !ok || len(p.Cmds[i-1].Args) != 1 {
			break
		}
		i--
	}
	if i == len(p.Cmds) {
		return 0, nil
	}
	var fs []func(string) string
	for _, cmd := range p.Cmds[i:] {
		fs = append(fs, escapers[ident(cmd)])
	}
	return i, func(s string) string {
		for _, f := range fs {
			s = f(s)
		}
		return s
	}
}

// fold returns what the action of pipeline p writes if it is a constant:
// a string, or a pure function called with strings, escaped.
func (c *compiler) fold(p *parse.PipeNode) (string, bool) {
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	i, esc := c.chain(p)
	if esc == nil || i != 1 {
		return "", false
	}
	args := p.Cmds[0].Args
	if s, ok := args[0].(*parse.StringNode); ok && len(args) == 1 {
		return esc(s.Text), true
	}
	name := ident(p.Cmds[0])
	if !pure[name] {
		return "", false
	}
	s, ok := callConst(c.funcs[name], args[1:])
	if !ok {
		return "", false
	}
	return esc(s), true
}

// callConst calls f with the constant strings args, as a template would,
// and returns its result if it is a string and f succeeds.
func callConst(f reflect.Value, args []parse.Node) (s string, ok bool) {
	if !f.IsValid() || !returnsString(f.Type()) || f.Type().IsVariadic() || f.Type().NumIn() != len(args) {
		return "", false
	}
	argv := make([]reflect.Value, len(args))
	for i, a := range args {
		str, isStr := a.(*parse.StringNode)
		in := f.Type().In(i)
		if !isStr || in.Kind() != reflect.String {
			return "", false
		}
		argv[i] = reflect.New(in).Elem()
		argv[i].SetString(str.Text)
	}
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	out := f.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return "", false
	}
	return out[0].String(), true
}

// returnsString reports whether a function of type t returns a string, or
// a string and an error.
func returnsString(t reflect.Type) bool { return returns(t, stringType) }

// returnsHTML reports whether a function of type t returns a
// template.HTML, or one and an error.
func returnsHTML(t reflect.Type) bool { return returns(t, htmlType) }

func returns(t, out reflect.Type) bool {
	return t.Kind() == reflect.Func && (t.NumOut() == 1 || t.NumOut() == 2 && t.Out(1) == errorType) && t.Out(0) == out
}

// fuse replaces the escapers that follow a call of a template function
// returning a string with one call of a function that applies them all.
func (c *compiler) fuse(p *parse.PipeNode) {
	i, esc := c.chain(p)
	if esc == nil {
		return
	}
	if c.fuseKey(p, i, esc) {
		return
	}
	f, ok := c.funcs[ident(p.Cmds[i-1])]
	if !ok || !returnsString(f.Type()) && !returnsHTML(f.Type()) {
		c.fuseValue(p, i)
		return
	}
	if returnsHTML(f.Type()) && len(p.Cmds) == i+1 && ident(p.Cmds[i]) == "_html_template_htmlescaper" {
		// HTML text is where a template.HTML goes as it is.
		p.Cmds = p.Cmds[:i:i]
		return
	}
	if !returnsString(f.Type()) {
		return
	}
	names := make([]string, 0, len(p.Cmds)-i)
	for _, cmd := range p.Cmds[i:] {
		names = append(names, strings.TrimPrefix(ident(cmd), "_html_template_"))
	}
	// Names html/template and the theme cannot use.
	chain := "_render_" + strings.Join(names, "_")
	fname := ident(p.Cmds[i-1])
	if fused := fuseCall(f.Interface(), esc); fused != nil {
		name := "_render_" + fname + chain[len("_render"):]
		c.chains[name] = fused
		id := p.Cmds[i-1].Args[0].(*parse.IdentifierNode)
		cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: p.Cmds[i-1].Pos,
			Args: append([]parse.Node{parse.NewIdentifier(name).SetPos(id.Pos)}, p.Cmds[i-1].Args[1:]...)}
		p.Cmds = append(p.Cmds[:i-1:i-1], cmd)
		return
	}
	c.chains[chain] = esc
	pos := p.Cmds[i].Pos
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos,
		Args: []parse.Node{parse.NewIdentifier(chain).SetPos(pos)}}
	p.Cmds = append(p.Cmds[:i:i], cmd)
}

// fuseKey replaces {{t (printf "status.%s" .)}} and the escapers after
// it, the theme string of a key made of a value, by one call of a
// function that formats the key, looks it up and escapes it, as
// _render_tprintf_htmlescaper "status.%s" .: an entry page made one in ten
// of its function calls for printf. It reports whether p is such a
// pipeline, which then ends at cmds[i] with the escapers esc. A missing
// string fails the page with the message of t all the same: execute
// executes a page that fails again as parsed.
func (c *compiler) fuseKey(p *parse.PipeNode, i int, esc func(string) string) bool {
	if i != 1 || ident(p.Cmds[0]) != "t" || len(p.Cmds[0].Args) != 2 {
		return false
	}
	arg, ok := p.Cmds[0].Args[1].(*parse.PipeNode)
	if !ok || len(arg.Decl) > 0 || len(arg.Cmds) != 1 {
		return false
	}
	printf := arg.Cmds[0]
	if _, redefined := c.funcs["printf"]; redefined || ident(printf) != "printf" || len(printf.Args) != 3 {
		return false
	}
	if _, ok := printf.Args[1].(*parse.StringNode); !ok {
		return false
	}
	t, ok := c.funcs["t"].Interface().(func(string) (string, error))
	if !ok {
		return false
	}
	names := []string{"tprintf"}
	for _, cmd := range p.Cmds[i:] {
		names = append(names, strings.TrimPrefix(ident(cmd), "_html_template_"))
	}
	name := "_render_" + strings.Join(names, "_")
	c.chains[name] = func(format string, arg any) (string, error) {
		s, err := t(fmt.Sprintf(format, arg))
		if err != nil {
			return "", err
		}
		return esc(s), nil
	}
	id := printf.Args[0].(*parse.IdentifierNode)
	p.Cmds = []*parse.CommandNode{{NodeType: parse.NodeCommand, Pos: p.Cmds[0].Pos,
		Args: append([]parse.Node{parse.NewIdentifier(name).SetPos(id.Pos)}, printf.Args[1:]...)}}
	return true
}

// fuseValue replaces the escaper that follows a command of p giving a
// value of any type, from cmds[i], when it is alone and one of
// valueEscapers, by a function that takes the value as it is: {{$e.ID}}
// and {{len .Entries}} call it where html/template called its own escaper
// with a slice of one value.
func (c *compiler) fuseValue(p *parse.PipeNode, i int) {
	name := ident(p.Cmds[i])
	if _, ok := valueEscapers[name]; !ok || len(p.Cmds) != i+1 {
		return
	}
	chain := "_render_value_" + strings.TrimPrefix(name, "_html_template_")
	if c.chains[chain] == nil {
		c.chains[chain] = valueEscaper(name)
	}
	pos := p.Cmds[i].Pos
	p.Cmds[i] = &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos,
		Args: []parse.Node{parse.NewIdentifier(chain).SetPos(pos)}}
}

// fuseCall returns a function that calls f, then esc on its result unless
// f fails; nil for a type of function it does not know. A call that fails
// or panics (jsonURL of a nil entry) fails the page under the fused
// function's name: the page is then executed again as parsed, whose
// message names f (see execute).
func fuseCall(f any, esc func(string) string) any {
	switch f := f.(type) {
	case func(string) string:
		return func(s string) string { return esc(f(s)) }
	case func(time.Time) string:
		return func(t time.Time) string { return esc(f(t)) }
	case func(*content.Entry) string:
		return func(e *content.Entry) string { return esc(f(e)) }
	case func(string) (string, error):
		return func(s string) (string, error) {
			v, err := f(s)
			if err != nil {
				return "", err
			}
			return esc(v), nil
		}
	case func(content.Kind) (string, error):
		return func(k content.Kind) (string, error) {
			v, err := f(k)
			if err != nil {
				return "", err
			}
			return esc(v), nil
		}
	}
	return nil
}

// compareStrings replaces each comparison of a value with a constant
// string under n, {{if ne .Template "404"}}, by a call of eqString or
// neString: the built-ins eq and ne take any number of arguments of any
// kind, through reflection, and cost an entry page a tenth of its
// allocations for four such comparisons.
func (c *compiler) compareStrings(n parse.Node) {
	walk(n, func(n parse.Node) {
		cmd, ok := n.(*parse.CommandNode)
		if !ok || len(cmd.Args) != 3 {
			return
		}
		name := ident(cmd)
		if _, redefined := c.funcs[name]; redefined || name != "eq" && name != "ne" {
			return
		}
		x, s := cmd.Args[1], cmd.Args[2]
		if _, ok := s.(*parse.StringNode); !ok {
			x, s = s, x
		}
		if _, ok := s.(*parse.StringNode); !ok {
			return
		}
		// Names html/template and the theme cannot use.
		fname := "_render_" + name + "String"
		c.chains[fname] = eqString
		if name == "ne" {
			c.chains[fname] = neString
		}
		id := cmd.Args[0].(*parse.IdentifierNode)
		cmd.Args = []parse.Node{parse.NewIdentifier(fname).SetPos(id.Pos), x, s}
	})
}

// eqString is text/template's eq of x and the string s, taking x as eq
// does: whether x is a value of a kind of string equal to s; false for a
// nil interface; an error for a value of another kind, and, before the
// call, for no value at all. The page then fails with eq's own message,
// executed again as parsed (see execute).
func eqString(x reflect.Value, s string) (bool, error) {
	if x.Kind() == reflect.Interface {
		x = x.Elem()
	}
	switch {
	case !x.IsValid():
		return false, nil
	case x.Kind() == reflect.String:
		return x.String() == s, nil
	}
	return false, fmt.Errorf("incompatible types for comparison: %v and string", x.Type())
}

// neString is text/template's ne of x and the string s: see eqString.
func neString(x reflect.Value, s string) (bool, error) {
	eq, err := eqString(x, s)
	return !eq, err
}

// ident returns the identifier cmd starts with: the function it calls, if
// any.
func ident(cmd *parse.CommandNode) string {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return id.Ident
	}
	return ""
}

// walk calls f for n and every node under it, in the order of the text.
func walk(n parse.Node, f func(parse.Node)) {
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, x := range n.Nodes {
				walk(x, f)
			}
		}
	case *parse.ActionNode:
		walk(n.Pipe, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			walk(n.Pipe, f)
		}
	case *parse.PipeNode:
		for _, v := range n.Decl {
			walk(v, f)
		}
		for _, cmd := range n.Cmds {
			walk(cmd, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, f)
		}
	case *parse.ChainNode:
		walk(n.Node, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	walk(b.Pipe, f)
	walk(b.List, f)
	if b.ElseList != nil {
		walk(b.ElseList, f)
	}
}
