package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// goldmark's parser is recursive in block nesting and, for some inputs,
// quadratic in the markup of a paragraph: a 64 KiB paragraph of "[a](" takes
// seconds, a 10,000-deep block quote or "[[[[…" longer. Entries are short and
// plain (the deepest real nesting is 3 levels, the densest paragraph has 34
// markup characters), so a body past the limits below is refused with a
// position, before goldmark sees it, rather than rendered slowly.
const (
	// MaxNesting bounds how deeply block quotes and lists nest, how
	// deeply brackets nest in a paragraph, and how long a run of emphasis
	// markers (* _ ~) may be.
	MaxNesting = 64
	// MaxMarkup bounds the markup characters of one paragraph, heading or
	// table: [ ] ( ) < * _ ~ and backquotes.
	MaxMarkup = 1000
	// MaxTableCells bounds the cells of one table: GFM pads every row to
	// the header's width, so a wide header and many short rows would
	// multiply into millions of cells.
	MaxTableCells = 20000
)

// A LimitError reports a body past one of the limits. Offset is the byte
// offset in the body of the line or character at fault.
//
// Kind and Args say which limit and with which figures (those of Msg, in
// order), so that a caller can put the message in another language.
type LimitError struct {
	Offset int
	Msg    string
	Kind   LimitKind
	Args   []int
}

// A LimitKind names one of the limits of a body.
type LimitKind int

// The limits a LimitError reports.
const (
	LimitNesting  LimitKind = iota // block quotes and lists: Args = depth, limit
	LimitEmphasis                  // a run of emphasis markers: Args = run, limit
	LimitBrackets                  // nested brackets: Args = depth, limit
	LimitMarkup                    // markup characters in a paragraph: Args = count, limit
	LimitTable                     // cells of a table: Args = cells, columns, rows, limit
)

func (e *LimitError) Error() string { return e.Msg }

// blockParser parses block structure only: no inline parsing, which is
// where the cost lies, and no paragraph transformers.
var blockParser = parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...))

// checkLimits returns a *LimitError if src is past a limit. It first
// measures block nesting line by line, so that goldmark never sees a deep
// body, then parses the blocks alone to measure each paragraph's markup.
func checkLimits(src []byte) error {
	if err := checkNesting(src); err != nil {
		return err
	}
	if withinLimits(src) {
		return nil
	}
	return checkBlocks(src)
}

// withinLimits reports whether the whole of src is within the limits
// checkBlocks applies to each paragraph, counted so as never to count
// less than it does: then no paragraph can be past one, and the block
// parse, most of checkLimits' time on an ordinary body, is skipped.
// Every emphasis marker counts as one run, every opening bracket as
// nested in the others, every line as a row of the widest one.
func withinLimits(src []byte) bool {
	markup, emphasis, brackets, lines, pipes, widest := 0, 0, 0, 1, 0, 0
	for _, c := range src {
		switch c {
		case '*', '_', '~':
			emphasis++
			markup++
		case '[':
			brackets++
			markup++
		case ']', '(', ')', '<', '`':
			markup++
		case '|':
			pipes++
			widest = max(widest, pipes)
		case '\n':
			lines++
			pipes = 0
		}
	}
	return emphasis <= MaxNesting && brackets <= MaxNesting && markup <= MaxMarkup &&
		(widest+1)*lines <= MaxTableCells
}

// checkBlocks parses the blocks of src and measures the markup of each
// paragraph and heading.
func checkBlocks(src []byte) error {
	doc := blockParser.Parse(text.NewReader(src))
	var found error
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHeading:
			if err := checkInline(n.Lines(), src); err != nil {
				found = err
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

// checkNesting finds the deepest line: each line's leading run of
// indentation (two columns a level), block-quote markers and list markers.
// It over-counts (an indented code line looks nested) but never
// under-counts, since every level of nesting needs a marker or indentation
// on the line.
func checkNesting(src []byte) error {
	for off := 0; off < len(src); {
		line := src[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if lineDepth(line) > MaxNesting {
			return &LimitError{Offset: off, Msg: fmt.Sprintf("block quotes and lists nest more than %d levels deep; the limit is %d", MaxNesting, MaxNesting), Kind: LimitNesting, Args: []int{MaxNesting, MaxNesting}}
		}
		off += len(line)
	}
	return nil
}

// lineDepth stops counting past MaxNesting: a line of ten thousand markers
// costs no more than one of sixty-five.
func lineDepth(line []byte) int {
	depth, indent, pad := 0, 0, 0
	for i := 0; i < len(line) && depth+indent/2 <= MaxNesting; {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			// The spaces after a marker separate it from its content;
			// only the others indent a nested block.
			if pad > 0 {
				pad--
			} else if c == ' ' {
				indent++
			} else {
				indent += 4
			}
			i++
		case c == '>':
			depth++
			pad = 1
			i++
		case c == '-' || c == '+' || c == '*':
			if !markerEnd(line, i+1) || thematicBreak(line[i:]) {
				return depth + indent/2
			}
			depth++
			pad = 4
			i++
		case isDigit(c):
			j := i
			for j < len(line) && j-i < 10 && isDigit(line[j]) {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || !markerEnd(line, j+1) {
				return depth + indent/2
			}
			depth++
			pad = 4
			i = j + 1
		default:
			return depth + indent/2
		}
	}
	return depth + indent/2
}

// thematicBreak reports whether rest is a thematic break such as "* * *",
// which CommonMark prefers to reading it as nested lists.
func thematicBreak(rest []byte) bool {
	n := 0
	for _, c := range bytes.TrimRight(rest, "\r\n") {
		switch c {
		case rest[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// markerEnd reports whether a list marker ending before line[i] is one:
// followed by a space, a tab or the end of the line.
func markerEnd(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r'
}

// checkInline measures the markup of one paragraph or heading, given by its
// lines.
func checkInline(lines *text.Segments, src []byte) error {
	if lines.Len() == 0 {
		return nil
	}
	start := lines.At(0).Start
	markup, brackets, run, runStart, cols := 0, 0, 0, 0, 0
	for i := range lines.Len() {
		seg := lines.At(i)
		v := seg.Value(src)
		pipes := 0
		for j := 0; j < len(v); j++ {
			c := v[j]
			if c == '*' || c == '_' || c == '~' {
				if run == 0 {
					runStart = seg.Start + j
				}
				run++
				markup++
				if run > MaxNesting {
					return &LimitError{Offset: runStart, Msg: fmt.Sprintf("a run of more than %d emphasis markers (* _ ~); the limit is %d", MaxNesting, MaxNesting), Kind: LimitEmphasis, Args: []int{MaxNesting, MaxNesting}}
				}
				continue
			}
			run = 0
			switch c {
			case '\\':
				j++ // an escaped character is text
			case '[':
				markup++
				if brackets++; brackets > MaxNesting {
					return &LimitError{Offset: seg.Start + j, Msg: fmt.Sprintf("brackets nest more than %d deep; the limit is %d", MaxNesting, MaxNesting), Kind: LimitBrackets, Args: []int{MaxNesting, MaxNesting}}
				}
			case ']':
				markup++
				brackets = max(brackets-1, 0)
			case '(', ')', '<', '`':
				markup++
			case '|':
				pipes++
			}
		}
		if pipes > 0 {
			// A row's cells lie between its pipes; leading and
			// trailing pipes are optional.
			row := bytes.TrimSpace(v)
			cols = max(cols, pipes+1-b2i(row[0] == '|')-b2i(len(row) > 1 && row[len(row)-1] == '|'))
		}
	}
	if markup > MaxMarkup {
		return &LimitError{Offset: start, Msg: fmt.Sprintf("paragraph has %d markup characters ([ ] ( ) < * _ ~ `); the limit is %d: split it with blank lines", markup, MaxMarkup), Kind: LimitMarkup, Args: []int{markup, MaxMarkup}}
	}
	if cells := cols * lines.Len(); cells > MaxTableCells {
		return &LimitError{Offset: start, Msg: fmt.Sprintf("table has up to %d cells (%d columns, %d rows); the limit is %d", cells, cols, lines.Len(), MaxTableCells), Kind: LimitTable, Args: []int{cells, cols, lines.Len(), MaxTableCells}}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
