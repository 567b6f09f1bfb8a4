// Package markdown turns entry bodies into HTML: CommonMark with GFM tables,
// strikethrough, task lists and autolinks, heading IDs folded to ASCII, fenced
// code highlighted by chroma with CSS classes, raw HTML dropped, and entry codes
// written in text (M001, [[2.1.1]]) turned into links.
//
// It knows nothing of the catalogue: codes are resolved through a [Resolver]
// given at render time, and [Markdown.Scan] reports what a body references so
// that the content loader can check it, with byte offsets for error positions.
//
// Hostile bodies never win: links with a scheme other than http, https and
// mailto lose their link and keep their text, images from other hosts become
// links, and a body nested or dense past the limits of [MaxNesting],
// [MaxMarkup] and [MaxTableCells] is refused with a *[LimitError] before
// goldmark, whose cost grows quadratically with such input, parses it.
package markdown

import (
	"bytes"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Resolver maps an entry id to its page. ok is false for an unknown id.
type Resolver interface {
	Resolve(id string) (href, title string, ok bool)
}

// Markdown is a configured converter. Build one with [New] and share it: it
// holds no per-document state and is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
	// noLinkify is md without GFM's autolinks of bare URLs and email
	// addresses, for the bodies that have none (see mayLinkify): goldmark
	// tries linkify at every space, and it was a fifth of parsing a body.
	// Its trees render and scan the same (FuzzNoLinkify); only their text
	// is cut into fewer nodes.
	noLinkify goldmark.Markdown
}

// New returns the catalogue's Markdown converter.
func New() *Markdown {
	md := func(gfm ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(append(gfm, codeLinks{}, highlighting{})...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		)
	}
	return &Markdown{
		md:        md(extension.GFM),
		noLinkify: md(extension.Table, extension.Strikethrough, extension.TaskList), // GFM's others
	}
}

// mayLinkify reports whether src holds what GFM's linkify could make a
// link of: a URL with its scheme ("http:", "https:" or "ftp:" followed
// by "//"), a domain starting "www." or an email address, which needs
// an "@".
func mayLinkify(src []byte) bool {
	return bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0
}

// converter is the goldmark that parses and renders src.
func (m *Markdown) converter(src []byte) goldmark.Markdown {
	if mayLinkify(src) {
		return m.md
	}
	return m.noLinkify
}

var contextResolver = parser.NewContextKey()

// parse parses src; Render and Text then sanitize the tree, Scan reports it
// as written, so that the loader can point at an unsafe link.
func (m *Markdown) parse(src []byte, r Resolver) ast.Node {
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	if r != nil {
		pc.Set(contextResolver, r)
	}
	return m.converter(src).Parser().Parse(text.NewReader(src), parser.WithContext(pc))
}

// Render writes the HTML of src to w, resolving entry codes with r. A body
// past the limits (see [MaxNesting]) is not rendered: the error is a
// *[LimitError].
func (m *Markdown) Render(w io.Writer, src []byte, r Resolver) error {
	if err := checkLimits(src); err != nil {
		return err
	}
	doc := m.parse(src, r)
	sanitize(doc, src)
	return m.converter(src).Renderer().Render(w, src, doc)
}

// A Ref is an entry id written in a body: a bare code such as M075, or an
// explicit [[id]]. Offset is the byte offset of the id in the body.
type Ref struct {
	ID       string
	Offset   int
	Explicit bool
}

// A Link is the destination of an ordinary Markdown link or image.
type Link struct {
	Dest   string
	Offset int
	Image  bool
}

// Scan is what a body references and defines.
type Scan struct {
	Refs     []Ref
	Links    []Link
	Headings []string // heading IDs, in order
	// Text is the body as plain text, as [Markdown.Text] returns it.
	Text string
	// HTML is the raw HTML of the body, which pages do not show.
	HTML []HTML
}

// An HTML is raw HTML written in a body: Tag is the name of the element
// ("div"), or "!--" for a comment. Offset is its byte offset in the body.
type HTML struct {
	Tag    string
	Offset int
}

// htmlTag names the element that raw HTML opens, or "" for a closing tag
// (reported with the tag it closes) and anything else.
func htmlTag(raw []byte) string {
	if bytes.HasPrefix(raw, []byte("<!--")) {
		return "!--"
	}
	if len(raw) < 2 || raw[0] != '<' {
		return ""
	}
	n := 1
	for n < len(raw) && (raw[n] >= 'a' && raw[n] <= 'z' || raw[n] >= 'A' && raw[n] <= 'Z' || n > 1 && (raw[n] >= '0' && raw[n] <= '9' || raw[n] == '-')) {
		n++
	}
	return strings.ToLower(string(raw[1:n]))
}

// Scan parses src and reports its entry references, links and heading IDs
// and its plain text, without rendering it: the one parse search and the
// exports need besides the page's. A body past the limits gives a
// *[LimitError].
func (m *Markdown) Scan(src []byte) (Scan, error) {
	var s Scan
	if err := checkLimits(src); err != nil {
		return s, err
	}
	doc := m.parse(src, nil)
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *CodeRef:
			s.Refs = append(s.Refs, Ref{ID: n.ID, Offset: n.Offset, Explicit: n.Explicit})
		case *ast.Link:
			s.Links = append(s.Links, Link{Dest: string(n.Destination), Offset: offsetOf(n, src)})
		case *ast.Image:
			off := offsetOf(n, src)
			if off > 0 && src[off-1] == '!' {
				off--
			}
			s.Links = append(s.Links, Link{Dest: string(n.Destination), Offset: off, Image: true})
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				seg := n.Segments.At(0)
				if tag := htmlTag(seg.Value(src)); tag != "" {
					s.HTML = append(s.HTML, HTML{Tag: tag, Offset: seg.Start})
				}
			}
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				seg := n.Lines().At(0)
				line := bytes.TrimLeft(seg.Value(src), " \t")
				if tag := htmlTag(line); tag != "" {
					s.HTML = append(s.HTML, HTML{Tag: tag, Offset: seg.Start + seg.Len() - len(line)})
				}
			}
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					s.Headings = append(s.Headings, string(b))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	// What the body links to is found before sanitize drops what a page
	// will not show, so that a bad link is reported, not hidden.
	sanitize(doc, src)
	s.Text = plainText(doc, src)
	return s, err
}

// offsetOf finds the byte offset of an inline node through its first text
// descendant; links carry no segment of their own.
func offsetOf(n ast.Node, src []byte) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			// The link text starts one byte after its opening bracket.
			if off := t.Segment.Start - 1; off >= 0 && src[off] == '[' {
				return off
			}
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// highlighting swaps goldmark's code block renderer for chroma's.
type highlighting struct{}

func (highlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(codeBlockRenderer{}, 100)))
}

// Text returns the body as plain text: the words a reader sees, paragraphs
// and list items separated by newlines, without Markdown syntax. Search and
// the open-data exports use it. A body past the limits is returned as it is.
func (m *Markdown) Text(src []byte) string {
	if checkLimits(src) != nil {
		return string(src)
	}
	doc := m.parse(src, nil)
	sanitize(doc, src)
	return plainText(doc, src)
}

// plainText returns the text of a sanitized document.
func plainText(doc ast.Node, src []byte) string {
	var b bytes.Buffer
	b.Grow(len(src)) // about the text's length: one allocation
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *CodeRef:
			if entering {
				b.WriteString(n.ID)
			}
		case *ast.CodeSpan:
			if entering {
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					if t, ok := c.(*ast.Text); ok {
						b.Write(t.Segment.Value(src))
					}
				}
				return ast.WalkSkipChildren, nil
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		default:
			if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 && b.Bytes()[b.Len()-1] != '\n' {
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	text := b.Bytes()
	if bytes.Contains(text, []byte(" \n")) {
		text = bytes.ReplaceAll(text, []byte(" \n"), []byte("\n"))
	}
	return string(bytes.TrimSpace(text))
}
