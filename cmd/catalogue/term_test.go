package main

import (
	"bytes"
	"strings"
	"testing"

	"catalogue/search"
)

func TestTermSafe(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"content/mutualisations/M001.md:2:6: error: id: \"x\"", "content/mutualisations/M001.md:2:6: error: id: \"x\""},
		{"é, 日本, \U0001F469\u200D\U0001F4BB", "é, 日本, \U0001F469\u200D\U0001F4BB"},
		{"M\x1b[2J\r.md", `M\x1b[2J\r.md`},
		{"a\nb\tc\x00\x7f\u0085", `a\nb\tc\x00\x7f\u0085`},
		{"invoice \u202Egnp.exe \u2066x\u2069", `invoice \u202egnp.exe \u2066x\u2069`},
		{"bad \xff byte", `bad \xff byte`},
		{"\uFFFD kept", "\uFFFD kept"},
	} {
		if got := termSafe(tt.in); got != tt.want {
			t.Errorf("termSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPrintResultEscapes prints a search result whose text holds what a
// terminal acts on: an index built from an older catalogue, or a body (which
// may hold an escape character), must not rewrite the screen.
func TestPrintResultEscapes(t *testing.T) {
	t.Parallel()
	res := &search.Result{Query: "x\x1b", Total: 1, Page: 1, Size: 10, Hits: []search.Hit{{
		ID: "M\x1b]0;pwned\x07", Kind: "mutualisation", Title: "T\r\u202Eitle", URL: "/m/\x1b[2J/",
		Snippet: "a &#27;[31m<mark>red</mark> \u009b2J",
	}}}
	var out bytes.Buffer
	printResult(&out, res)
	for _, r := range out.String() {
		if r != '\n' && (r < 0x20 || r >= 0x7f && r <= 0x9f || r == '\u202E') {
			t.Fatalf("printed %U raw:\n%q", r, out.String())
		}
	}
	if !strings.Contains(out.String(), `a \x1b[31m*red* \u009b2J`) {
		t.Errorf("snippet not escaped as expected:\n%s", out.String())
	}
}
