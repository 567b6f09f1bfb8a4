package content

import (
	"regexp"
	"strings"
)

// The TOML decoder's messages speak of lexer states ("expected a top-level
// item to end with a newline…") and point where it gave up, which for an
// array left open is the next key, lines below. plainTOML turns them into
// one sentence saying what to do, at the place to fix.

// A tomlFix rewrites one of the decoder's messages.
type tomlFix struct {
	pattern *regexp.Regexp
	// fix returns the sentence and the byte offset in the front matter to
	// report it at; off is where the decoder stopped, m the submatches.
	fix func(src string, off int, m []string) (Message, int)
}

var tomlFixes = []tomlFix{
	{regexp.MustCompile(`^expected a comma \(','\) or array terminator \(']'\), but got (.*)$`), func(src string, off int, m []string) (Message, int) {
		if open := openBracket(src, off, '['); open >= 0 {
			return msgf("this list is not closed: add ] after its last item, and a comma between items"), open
		}
		return msgf("items of a list are separated by commas and the list ends with ]"), off
	}},
	{regexp.MustCompile(`^expected a comma or an inline table terminator '}', but got (.*)$`), func(src string, off int, m []string) (Message, int) {
		if open := openBracket(src, off, '{'); open >= 0 {
			return msgf("this inline table is not closed: add } after its last key = value, on the same line"), open
		}
		return msgf("the keys of an inline table are separated by commas and the table ends with }"), off
	}},
	{regexp.MustCompile(`^newlines not allowed within inline tables$`), func(src string, off int, m []string) (Message, int) {
		if open := openBracket(src, off, '{'); open >= 0 {
			return msgf("an inline table { … } must fit on one line; write it as a [table] over several lines instead"), open
		}
		return msgf("an inline table { … } must fit on one line; write it as a [table] over several lines instead"), off
	}},
	{regexp.MustCompile(`^expected a top-level item to end with a newline, comment, or EOF, but got (.*) instead$`), func(src string, off int, m []string) (Message, int) {
		if q := off - 1; q >= 0 && off < len(src) && (src[q] == '\'' || src[q] == '"') && src[off] != ' ' && src[off] != '\t' {
			// The string ended early, at a quote of its own text.
			if src[q] == '\'' {
				return msgf(`this apostrophe ends the '…' string: write the value in double quotes ("L'État") or use ’`), q
			}
			return msgf(`this quote ends the "…" string: write it \" inside the string, or use « » or “ ”`), q
		}
		for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
			off++
		}
		return msgf("one key = value per line: start a new line after the value, or put the whole text in one pair of quotes"), off
	}},
	{regexp.MustCompile(`^strings cannot contain newlines$`), func(src string, off int, m []string) (Message, int) {
		if open := openQuote(src, off); open >= 0 {
			return msgf(`this string is not closed: end it with the same quote on the same line, or use """ … """ for text over several lines`), open
		}
		return msgf(`a string ends on its own line: close its quote, or use """ … """ for text over several lines`), off
	}},
	{regexp.MustCompile(`^unexpected EOF; expected ['"]('''|"""|'|")['"]$`), func(src string, off int, m []string) (Message, int) {
		if open := strings.LastIndex(src[:min(off, len(src))], m[1]); open >= 0 {
			return msgf("this string is never closed: end it with %s", m[1]), open
		}
		return msgf("a string is never closed: end it with %s", m[1]), off
	}},
	{regexp.MustCompile(`^expected value but found (.*) instead$`), func(src string, off int, m []string) (Message, int) {
		return msgf(`a value is missing or not quoted: write text in quotes ("…"), or a number, true, false, a date (2026-01-31) or a list [ … ]`), off
	}},
	{regexp.MustCompile(`^unexpected EOF; expected value$`), func(src string, off int, m []string) (Message, int) {
		return msgf(`the value after = is missing: write text in quotes ("…"), a number, a date or a list [ … ]`), off
	}},
	{regexp.MustCompile(`^expected '\.' or '=', but got (.*) instead$`), func(src string, off int, m []string) (Message, int) {
		return msgf("a key is one word followed by = and its value: write key = value, with - or _ instead of spaces in the key"), off
	}},
	{regexp.MustCompile(`^unexpected EOF; expected key separator '='$`), func(src string, off int, m []string) (Message, int) {
		return msgf("a key is followed by = and its value: write key = value"), off
	}},
	{regexp.MustCompile(`^unexpected '=': key name appears blank$`), func(src string, off int, m []string) (Message, int) {
		if eq := strings.LastIndexByte(src[:min(off, len(src))], '='); eq >= 0 {
			off = eq
		}
		return msgf("a key is missing before =: write key = value"), off
	}},
	{regexp.MustCompile(`^unexpected '\.': keys cannot start with a '\.'$|^unexpected '\.'$|^unexpected '='$`), func(src string, off int, m []string) (Message, int) {
		return msgf("a key is one or more words joined by dots: write key = value, or section.key = value"), off
	}},
	{regexp.MustCompile(`^expected end of table array name delimiter '\]', but got (.*) instead$`), func(src string, off int, m []string) (Message, int) {
		if h := strings.LastIndex(src[:min(off, len(src))], "[["); h >= 0 {
			off = h
		}
		return msgf("a list of tables is headed [[name]]: close it with two brackets ]]"), off
	}},
	{regexp.MustCompile(`^expected '\.' or '\]' to end table name, but got (.*) instead$`), func(src string, off int, m []string) (Message, int) {
		if h := strings.LastIndex(src[:min(off, len(src))], "\n["); h >= 0 {
			off = h + 1
		}
		return msgf("a table is headed [name] on a line of its own: close it with ]"), off
	}},
	{regexp.MustCompile(`^unexpected end of table name \(table names cannot be empty\)$|^unexpected table separator \(table names cannot be empty\)$`), func(src string, off int, m []string) (Message, int) {
		return msgf("a table header needs a name: write [name] or [[name]]"), off
	}},
	{regexp.MustCompile(`^unexpected comma$`), func(src string, off int, m []string) (Message, int) {
		return msgf("a comma is out of place: remove it, or put an item before it"), off
	}},
	{regexp.MustCompile(`^Key '(.*)' has already been defined\.$`), func(src string, off int, m []string) (Message, int) {
		return msgf("key %s is set twice: keep one", m[1]), secondKey(src, m[1], off)
	}},
	{regexp.MustCompile(`^Key '(.*)' was already created as a hash\.$|^Key '(.*)' was already created and cannot be used as an array\.$|^(.*) is not a table$`), func(src string, off int, m []string) (Message, int) {
		return msgf("this key is already used for another kind of value (a table, a list of tables or a value): rename one of them"), off
	}},
	{regexp.MustCompile(`(?i)^(invalid float|floats must start|cannot use sign|expected a digit|not a binary|not an octal|not a hexadecimal)`), func(src string, off int, m []string) (Message, int) {
		return msgf(`this is not a number: write digits such as 12 or 3.5, or put text in quotes ("…")`), off
	}},
	{regexp.MustCompile(`^expected (two|four|eight) hexadecimal digits after`), func(src string, off int, m []string) (Message, int) {
		return msgf(`a backslash starts an escape in "…" strings: write \\ for a backslash, or use a '…' string`), off
	}},
}

// plainTOML rewrites the decoder's message msg about the front matter src,
// where it stopped at byte off, and returns the sentence and the offset to
// report; ok is false for a message it does not know.
func plainTOML(src string, off int, msg string) (Message, int, bool) {
	for _, f := range tomlFixes {
		if m := f.pattern.FindStringSubmatch(msg); m != nil {
			s, at := f.fix(src, off, m)
			return s, max(0, min(at, len(src))), true
		}
	}
	return Message{}, off, false
}

// secondKey finds where key (a dotted path, of which the last part is
// written) is set the second time in src, else returns off: the decoder
// reports a repeated key past its line.
func secondKey(src, key string, off int) int {
	parts := strings.Split(key, ".")
	re, err := regexp.Compile(`(?m)^[ \t]*` + regexp.QuoteMeta(parts[len(parts)-1]) + `[ \t]*=`)
	if err != nil {
		return off
	}
	if ms := re.FindAllStringIndex(src, 2); len(ms) == 2 {
		return ms[1][0] + len(src[ms[1][0]:]) - len(strings.TrimLeft(src[ms[1][0]:], " \t"))
	}
	return off
}

// offsetOf turns a 1-based line and column (in bytes) of src into a byte
// offset.
func offsetOf(src string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return min(off+max(col, 1)-1, len(src))
}

// tomlLineCol turns a byte offset of src into a 1-based line and column.
func tomlLineCol(src string, off int) (int, int) {
	off = min(off, len(src))
	line := 1 + strings.Count(src[:off], "\n")
	return line, off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
}

// openBracket finds the opening bracket (kind '[' or '{') of a value that
// is still open at byte end of src, outside strings and comments, or -1.
func openBracket(src string, end int, kind byte) int {
	end = min(end, len(src))
	var stack []int
	for i := 0; i < end; i++ {
		switch c := src[i]; c {
		case '#':
			for i < end && src[i] != '\n' {
				i++
			}
		case '"', '\'':
			j := i + 1
			for j < end && src[j] != c && src[j] != '\n' {
				if c == '"' && src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '[', '{':
			// A table header at the start of a line is not a value.
			if c == '[' && lineStart(src, i) {
				for i < end && src[i] != '\n' {
					i++
				}
				continue
			}
			stack = append(stack, i)
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	for k := len(stack) - 1; k >= 0; k-- {
		if src[stack[k]] == kind {
			return stack[k]
		}
	}
	return -1
}

// lineStart reports whether only blanks stand before byte i on its line.
func lineStart(src string, i int) bool {
	for j := i - 1; j >= 0 && src[j] != '\n'; j-- {
		if src[j] != ' ' && src[j] != '\t' {
			return false
		}
	}
	return true
}

// openQuote finds the quote that opens the string still open at the end
// of the line before byte end, or -1.
func openQuote(src string, end int) int {
	end = min(end, len(src))
	start := strings.LastIndexByte(src[:end], '\n')
	if start == end-1 && start >= 0 {
		start = strings.LastIndexByte(src[:start], '\n')
	}
	line := src[start+1 : end]
	open := -1
	var q byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q == 0 && c == '#':
			return open
		case q == 0 && (c == '"' || c == '\''):
			q, open = c, start+1+i
		case q != 0 && c == '\\' && q == '"':
			i++
		case q != 0 && c == q:
			q, open = 0, -1
		}
	}
	return open
}

// decoderSays carries a message of the TOML decoder that plainTOML does not
// know: shown as is in English, and in French as a sentence that quotes it,
// since the decoder speaks only English. Its template "%[1]s" is "%s" under
// another name, so that it can have its own translation.
func decoderSays(msg string) Message { return msgf("%[1]s", msg) }
