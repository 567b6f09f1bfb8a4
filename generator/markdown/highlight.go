package markdown

import (
	"bytes"
	"io"
	"regexp"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// ChromaStyle is the chroma style whose CSS the theme ships.
const ChromaStyle = "github"

// A language name is a word such as go, c++, objective-c or f#: chroma would
// also match a long hostile name against every lexer's file patterns, which
// takes seconds.
var langPattern = regexp.MustCompile(`^[A-Za-z0-9_+#.-]{1,32}$`)

// maxHighlight bounds the code chroma colours; a longer block is shown
// plain, since lexing a megabyte takes seconds.
const maxHighlight = 64 << 10

func formatter() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"), chromahtml.WithPreWrapper(focusablePre{}))
}

// WriteCSS writes the stylesheet for highlighted code; the theme keeps a copy
// (themes/default/static/css/chroma.css) that a test compares with it.
func WriteCSS(w io.Writer) error {
	return formatter().WriteCSS(w, styles.Get(ChromaStyle))
}

type codeBlockRenderer struct{}

func (codeBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var code bytes.Buffer
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(src))
	}
	if code.Len() <= maxHighlight {
		var lexer chroma.Lexer
		if langPattern.MatchString(lang) {
			lexer = lexers.Get(lang)
		}
		if lexer == nil {
			lexer = lexers.Fallback
		}
		it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
		if err == nil {
			var out bytes.Buffer
			if err = formatter().Format(&out, styles.Get(ChromaStyle), it); err == nil {
				_, _ = w.Write(out.Bytes())
				return ast.WalkSkipChildren, nil
			}
		}
	}
	// A long block, or one chroma failed on: show the code plain rather
	// than lose it.
	_, _ = w.WriteString(`<pre><code>`)
	_, _ = w.Write(util.EscapeHTML(code.Bytes()))
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// focusablePre makes code blocks reachable by keyboard: a scrolling region
// that cannot take focus fails WCAG 2.1.1 for keyboard users.
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	return `<pre class="hl-chroma" tabindex="0"><code>`
}

func (focusablePre) End(code bool) string { return "</code></pre>\n" }
