package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCodeRef is the node kind of [CodeRef].
var KindCodeRef = ast.NewNodeKind("CodeRef")

// A CodeRef is an entry id written in text: a bare mutualisation code (M075)
// or an explicit [[id]]. Href and Title are filled when a resolver knew it.
type CodeRef struct {
	ast.BaseInline
	ID       string
	Offset   int
	Explicit bool
	Href     string
	Title    string
}

// Kind implements ast.Node.
func (n *CodeRef) Kind() ast.NodeKind { return KindCodeRef }

// Dump implements ast.Node.
func (n *CodeRef) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// codeLinks is the goldmark extension for [CodeRef].
type codeLinks struct{}

func (codeLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(wikiParser{}, 150),
	), parser.WithASTTransformers(util.Prioritized(mcodes{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(codeRefRenderer{}, 100)))
}

// mcodes finds bare mutualisation codes in text after parsing: goldmark
// calls inline parsers only at punctuation and spaces, and a code may follow
// either ("(M007", "M001/M002"). Text inside code spans and links is left
// alone.
type mcodes struct{}

func (mcodes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindLink, ast.KindAutoLink, ast.KindImage, KindCodeRef:
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(*ast.Text); ok && bytes.IndexByte(t.Segment.Value(src), 'M') >= 0 {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		splitCodes(t, src, pc)
	}
}

// splitCodes replaces t by text, code, text, … for every code in it.
func splitCodes(t *ast.Text, src []byte, pc parser.Context) {
	seg := t.Segment
	val := seg.Value(src)
	parent := t.Parent()
	start := 0
	var prev ast.Node = t
	for i := 0; i+4 <= len(val); i++ {
		if val[i] != 'M' || !isDigit(val[i+1]) || !isDigit(val[i+2]) || !isDigit(val[i+3]) {
			continue
		}
		if i > 0 {
			if r, _ := utf8.DecodeLastRune(val[:i]); isWordRune(r) {
				continue
			}
		}
		if i+4 < len(val) {
			if r, _ := utf8.DecodeRune(val[i+4:]); isWordRune(r) {
				continue
			}
		}
		if i > start {
			before := ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+i))
			parent.InsertAfter(parent, prev, before)
			prev = before
		}
		ref := newCodeRef(string(val[i:i+4]), seg.Start+i, false, pc)
		parent.InsertAfter(parent, prev, ref)
		prev = ref
		start = i + 4
		i += 3
	}
	if prev == t {
		return
	}
	if start < len(val) {
		rest := ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Stop))
		rest.SetSoftLineBreak(t.SoftLineBreak())
		rest.SetHardLineBreak(t.HardLineBreak())
		parent.InsertAfter(parent, prev, rest)
	}
	parent.RemoveChild(parent, t)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// wikiParser recognises [[id]], the explicit link to any entry.
type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' {
		return nil
	}
	end := -1
	for i := 2; i+1 < len(line); i++ {
		if line[i] == ']' && line[i+1] == ']' {
			end = i
			break
		}
		if line[i] == '[' || line[i] == '\n' {
			return nil
		}
	}
	if end <= 2 {
		return nil
	}
	id := string(line[2:end])
	block.Advance(end + 2)
	return newCodeRef(id, seg.Start+2, true, pc)
}

func newCodeRef(id string, offset int, explicit bool, pc parser.Context) *CodeRef {
	n := &CodeRef{ID: id, Offset: offset, Explicit: explicit}
	if r, ok := pc.Get(contextResolver).(Resolver); ok {
		n.Href, n.Title, _ = r.Resolve(id)
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

type codeRefRenderer struct{}

func (codeRefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCodeRef, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*CodeRef)
		if n.Href == "" {
			// An unknown code stays visible as written; the loader has
			// already reported it.
			_, _ = w.WriteString(`<span class="code-ref code-ref-unknown">`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.ID)))
			_, _ = w.WriteString(`</span>`)
			return ast.WalkSkipChildren, nil
		}
		_, _ = w.WriteString(`<a class="code-ref" href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.Href), false)))
		if n.Title != "" {
			_, _ = w.WriteString(`" title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.Title)))
		}
		_, _ = w.WriteString(`">`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.ID)))
		_, _ = w.WriteString(`</a>`)
		return ast.WalkSkipChildren, nil
	})
}
