package diff

import (
	"testing"

	"catalogue/internal/msgcheck"
)

// TestWordsTranslated finds every line write.go says and fails when one
// has no French, or French with other verbs, or when words holds a line
// nothing says.
func TestWordsTranslated(t *testing.T) {
	used := map[string]string{}
	for _, call := range []struct {
		fn string
		at int
	}{{"say", 1}, {"section", 0}, {"heading", 0}} {
		more, err := msgcheck.Templates([]string{"write.go"}, call.fn, call.at)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range more {
			used[k] = v
		}
	}
	msgcheck.CheckWords(t, used, words)
}
