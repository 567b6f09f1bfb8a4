package markdown

import (
	"strings"
	"testing"
)

// withinLimits must never let through a body that checkBlocks refuses.
func FuzzWithinLimits(f *testing.F) {
	for _, s := range []string{
		"", "plain text", strings.Repeat("*", 65), strings.Repeat("[", 65), strings.Repeat("(", 1001),
		"> **a\n> **b", "| a | b |\n|---|---|\n| 1 | 2 |\n", "\\*\\*\\*", strings.Repeat("|", 200) + "\n" + strings.Repeat("x\n", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if withinLimits([]byte(s)) {
			if err := checkBlocks([]byte(s)); err != nil {
				t.Fatalf("withinLimits let through %q, which checkBlocks refuses: %v", s, err)
			}
		}
	})
}

func TestWithinLimitsFastPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"An ordinary paragraph with *some* emphasis and a [link](https://example.org).\n\n- a list\n- of items\n", true},
		{strings.Repeat("*", MaxNesting), true},
		{strings.Repeat("*", MaxNesting+1), false},
		{strings.Repeat("[", MaxNesting+1), false},
		{strings.Repeat("()", MaxMarkup/2+1), false},
		// Markup spread over paragraphs is over each one's limit only
		// together: withinLimits cannot tell, and leaves it to checkBlocks.
		{strings.Repeat("*a* ", 20) + "\n\n" + strings.Repeat("*a* ", 20), false},
		{"| a | b |\n" + strings.Repeat("| 1 | 2 |\n", MaxTableCells/4), false},
	} {
		if got := withinLimits([]byte(tc.src)); got != tc.want {
			t.Errorf("withinLimits(%.40q…) = %v, want %v", tc.src, got, tc.want)
		}
		// Whatever withinLimits says, checkLimits agrees with the block parse.
		if got, want := checkLimits([]byte(tc.src)), checkBlocks([]byte(tc.src)); (got == nil) != (want == nil) {
			t.Errorf("checkLimits(%.40q…) = %v, checkBlocks = %v", tc.src, got, want)
		}
	}
}
