package export

import (
	"strings"
	"testing"
)

// summaryReference is what summaryText imitates: the whole text split
// into words, joined again, then cut.
func summaryReference(text string, n int) string {
	return cut(strings.Join(strings.Fields(text), " "), n)
}

func TestSummaryText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("mot ", 100)
	for _, text := range []string{
		"", "   ", "un", " un  deux\ttrois\n", "un deux", "abcde", "abcdef", "abc def", "abcd ef", "abcde f", "ab\u00a0cd ef",
		"é\u2003è  à", "\xff\xfe abc", "a\xffb cdef", long, "\u0085x\u3000y",
	} {
		for _, n := range []int{0, 1, 4, 5, 6, 300} {
			if got, want := summaryText(text, n), summaryReference(text, n); got != want {
				t.Errorf("summaryText(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
}

func FuzzSummaryText(f *testing.F) {
	f.Add("un  deux\ttrois", 5)
	f.Add("\xff\xfe é\u2003è", 3)
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = min(max(n, 0), 400)
		if got, want := summaryText(text, n), summaryReference(text, n); got != want {
			t.Errorf("summaryText(%q, %d) = %q, want %q", text, n, got, want)
		}
	})
}
