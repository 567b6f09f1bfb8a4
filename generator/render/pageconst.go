package render

import (
	"reflect"
	"strconv"
	"text/template/parse"
)

// A page template's base.html is executed with pages that all have the
// same .Template, its name, .Lang and .Site, the renderer's (see execute):
// {{if ne .Template "404"}}, {{.Lang}} and {{.Site.Title}} give the same
// on each of them, and cost an entry page seven calls of Go functions
// through reflection. pageConstants writes, in the tree of base.html, such
// a field of strings as the string it holds, read from page; compile then
// writes the action as text (fold) and an if on a comparison of constants
// as the branch it takes (constIfs).
//
// Only base.html itself is rewritten, where $ is always the page and so is
// dot outside with and range: a template it calls may be called with other
// data elsewhere. A field of a type other than string, or reached through
// a method, or named like a method (which text/template would call) is
// left as it is.
func pageConstants(root *parse.ListNode, page reflect.Value) {
	assigned := false
	walk(root, func(n parse.Node) {
		if p, ok := n.(*parse.PipeNode); ok && p.IsAssign && len(p.Decl) > 0 && p.Decl[0].Ident[0] == "$" {
			assigned = true // {{$ = …}}: $ is not the page after it
		}
	})
	if !assigned {
		pageConstantsIn(root, page, true)
	}
}

// pageConstantsIn rewrites the fields of page under n; dotIsPage tells
// whether dot is the page there.
func pageConstantsIn(n parse.Node, page reflect.Value, dotIsPage bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, x := range n.Nodes {
				pageConstantsIn(x, page, dotIsPage)
			}
		}
	case *parse.ActionNode:
		pageConstantsIn(n.Pipe, page, dotIsPage)
	case *parse.IfNode:
		pageConstantsIn(n.Pipe, page, dotIsPage)
		pageConstantsIn(n.List, page, dotIsPage)
		pageConstantsIn(n.ElseList, page, dotIsPage)
	case *parse.WithNode:
		pageConstantsIn(n.Pipe, page, dotIsPage)
		pageConstantsIn(n.List, page, false)
		pageConstantsIn(n.ElseList, page, dotIsPage)
	case *parse.RangeNode:
		pageConstantsIn(n.Pipe, page, dotIsPage)
		pageConstantsIn(n.List, page, false)
		pageConstantsIn(n.ElseList, page, dotIsPage)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			pageConstantsIn(n.Pipe, page, dotIsPage)
		}
	case *parse.PipeNode:
		if n != nil {
			for _, cmd := range n.Cmds {
				pageConstantsIn(cmd, page, dotIsPage)
			}
		}
	case *parse.CommandNode:
		for i, a := range n.Args {
			var fields []string
			switch a := a.(type) {
			case *parse.FieldNode:
				if dotIsPage {
					fields = a.Ident
				}
			case *parse.VariableNode:
				if a.Ident[0] == "$" {
					fields = a.Ident[1:]
				}
			case *parse.PipeNode:
				pageConstantsIn(a, page, dotIsPage)
			}
			if s, ok := pageConstant(page, fields); ok {
				n.Args[i] = &parse.StringNode{NodeType: parse.NodeString, Pos: a.Position(), Quoted: strconv.Quote(s), Text: s}
			}
		}
	}
}

// pageConstant returns the string that the chain of fields gives on page,
// if its first field is one that every page of base.html shares and the
// last a string.
func pageConstant(page reflect.Value, fields []string) (string, bool) {
	if len(fields) == 0 || fields[0] != "Template" && fields[0] != "Lang" && fields[0] != "Site" {
		return "", false
	}
	v := page
	for _, name := range fields {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() || v.Elem().Kind() != reflect.Struct {
				return "", false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct || v.Addr().MethodByName(name).IsValid() {
			return "", false
		}
		f, ok := v.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			return "", false
		}
		v = v.FieldByIndex(f.Index)
	}
	if v.Type() != stringType {
		return "", false
	}
	return v.String(), true
}

// constIfs returns nodes with each if whose condition is a constant, a
// string or a comparison of two with eq or ne, replaced by the nodes of
// the branch it takes.
func (c *compiler) constIfs(nodes []parse.Node) []parse.Node {
	var out []parse.Node
	for i, n := range nodes {
		branch, ok := c.constIf(n)
		if !ok {
			if out != nil {
				out = append(out, n)
			}
			continue
		}
		if out == nil {
			out = append([]parse.Node{}, nodes[:i]...)
		}
		if branch != nil {
			out = append(out, c.constIfs(branch.Nodes)...)
		}
	}
	if out == nil {
		return nodes
	}
	return out
}

// constIf returns the branch that the if n takes, if n is an if and its
// condition is a constant.
func (c *compiler) constIf(n parse.Node) (*parse.ListNode, bool) {
	x, ok := n.(*parse.IfNode)
	if !ok || len(x.Pipe.Decl) > 0 || len(x.Pipe.Cmds) != 1 {
		return nil, false
	}
	var truth bool
	args := x.Pipe.Cmds[0].Args
	switch name := ident(x.Pipe.Cmds[0]); {
	case len(args) == 1:
		s, ok := args[0].(*parse.StringNode)
		if !ok {
			return nil, false
		}
		truth = s.Text != ""
	case len(args) == 3 && (name == "eq" || name == "ne"):
		if _, redefined := c.funcs[name]; redefined {
			return nil, false
		}
		a, ok1 := args[1].(*parse.StringNode)
		b, ok2 := args[2].(*parse.StringNode)
		if !ok1 || !ok2 {
			return nil, false
		}
		truth = (a.Text == b.Text) == (name == "eq")
	default:
		return nil, false
	}
	if truth {
		return x.List, true
	}
	return x.ElseList, true
}
