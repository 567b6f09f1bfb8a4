package markdown

import (
	"bytes"
	"io"

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
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code.String())
	if err == nil {
		var out bytes.Buffer
		if err = formatter().Format(&out, styles.Get(ChromaStyle), it); err == nil {
			_, _ = w.Write(out.Bytes())
			return ast.WalkSkipChildren, nil
		}
	}
	// chroma failed on odd input: show the code plain rather than lose it.
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
