package content

import (
	"fmt"
	"strconv"
)

// Front matter is text for people: a title, an owner, a note. TOML lets an
// escape put any character in a string, and some of them act on whoever
// reads the value rather than being read: a control character moves a
// terminal's cursor or ends a CSV cell, a bidirectional override shows
// "exe.gnp" as "png.exe". They are refused where they are written, with
// the position of the character. Tab and newline are text in the keys that
// hold several lines (tag text:"multiline"); the marks U+200E and U+200F,
// which a right-to-left phrase may need, are only worth a warning.

// bidiNames names the bidirectional controls that reorder the text around
// them.
var bidiNames = map[rune]string{
	'\u202A': "LEFT-TO-RIGHT EMBEDDING",
	'\u202B': "RIGHT-TO-LEFT EMBEDDING",
	'\u202C': "POP DIRECTIONAL FORMATTING",
	'\u202D': "LEFT-TO-RIGHT OVERRIDE",
	'\u202E': "RIGHT-TO-LEFT OVERRIDE",
	'\u2066': "LEFT-TO-RIGHT ISOLATE",
	'\u2067': "RIGHT-TO-LEFT ISOLATE",
	'\u2068': "FIRST STRONG ISOLATE",
	'\u2069': "POP DIRECTIONAL ISOLATE",
}

// markNames names the invisible marks a language may need.
var markNames = map[rune]string{
	'\u200E': "LEFT-TO-RIGHT MARK",
	'\u200F': "RIGHT-TO-LEFT MARK",
	'\u061C': "ARABIC LETTER MARK",
}

// IsControl reports whether r is a C0 or C1 control character or DEL:
// what a terminal or a spreadsheet may act on instead of showing.
func IsControl(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F
}

// IsBidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069), which reorders the text after it.
func IsBidiControl(r rune) bool {
	_, ok := bidiNames[r]
	return ok
}

// A textProblem is the first character of a value that front matter must
// not hold.
type textProblem struct {
	At   int // index in runes; -1 when the whole value is the problem
	Msg  Message
	Warn bool // only a warning
}

// findTextProblem returns the first error of s, else its first warning, or
// false when it is clean.
func findTextProblem(s string, multiline bool) (textProblem, bool) {
	i := 0
	var warning *textProblem
	for _, r := range s {
		switch {
		case r >= ' ' && r < 0x7F:
			// Printable ASCII, most of any text: none of the cases below.
		case (r == '\n' || r == '\t') && multiline:
		case r == '\n':
			return textProblem{At: -1, Msg: msgf("must be one line; put longer text in the body")}, true
		case IsControl(r):
			return textProblem{At: i, Msg: msgf("contains the control character U+%04X (%s); remove it", r, quoteRune(r))}, true
		case r >= '\u202A' && r <= '\u2069' && IsBidiControl(r):
			return textProblem{At: i, Msg: msgf("contains U+%04X %s, which reorders the text around it on screen; remove it", r, bidiNames[r])}, true
		case r >= '\u061C' && r <= '\u200F' && markNames[r] != "" && warning == nil:
			warning = &textProblem{At: i, Warn: true, Msg: msgf("contains U+%04X %s, an invisible character; keep it only where the language needs it", r, markNames[r])}
		}
		i++
	}
	if warning != nil {
		return *warning, true
	}
	return textProblem{}, false
}

// quoteRune writes a control character as a Go escape: \t, \x1b, \u0085.
func quoteRune(r rune) string {
	q := fmt.Sprintf("%+q", string(r))
	return q[1 : len(q)-1]
}

// checkText reports the characters of a decoded value that front matter
// must not hold, at their position, and marks the value bad when one is an
// error; raw is a string or an array of them, other values are left to the
// decoder.
func (d *decoder) checkText(path string, raw any, multiline bool) {
	switch v := raw.(type) {
	case string:
		p, found := findTextProblem(v, multiline)
		if !found {
			return
		}
		pos := d.loc.valPos(path)
		if p.At >= 0 {
			pos = d.loc.runePos(path, p.At)
		}
		if p.Warn {
			d.diags.Warnf(pos, path, "%s", p.Msg)
			return
		}
		d.diags.Errorf(pos, path, "%s", p.Msg)
		d.loc.markBad(path)
	case []any:
		for j, item := range v {
			d.checkText(path+"["+strconv.Itoa(j)+"]", item, multiline)
		}
	}
}
