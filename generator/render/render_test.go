package render

import "github.com/yuin/goldmark/util"

// goldmark writes to a util.BufWriter as it is, and wraps any other
// writer in a new bufio.Writer.
var _ util.BufWriter = (*bodyWriter)(nil)
