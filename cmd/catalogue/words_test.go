package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"catalogue/internal/msgcheck"
)

// TestWordsTranslated finds every line the command passes to say and fails
// when one has no French, or French with other verbs, or when words holds a
// line nothing says.
func TestWordsTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	used, err := msgcheck.Templates(files, "say", 1)
	if err != nil {
		t.Fatal(err)
	}
	// count(lang, n, one, many) says its two templates.
	for _, at := range []int{2, 3} {
		more, err := msgcheck.Templates(files, "count", at)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range more {
			used[k] = v
		}
	}
	msgcheck.CheckWords(t, used, words)
}
