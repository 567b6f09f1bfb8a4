package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"catalogue/generator/content"
)

// termSafe escapes what a terminal would act on rather than show: control
// characters (ESC starts a sequence that moves the cursor or rewrites the
// title, CR returns to the start of the line), bidirectional controls that
// reorder the rest of the line, and bytes that are not UTF-8. They are
// written as Go escapes, \x1b, \r, \u202e; everything else is kept, accents
// included. File names and the text of entries reach the terminal through
// it.
func termSafe(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case content.IsControl(r) || content.IsBidiControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if content.IsControl(r) || content.IsBidiControl(r) {
			return true
		}
	}
	return false
}
