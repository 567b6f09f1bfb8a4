package content

import "testing"

// TestTextProblemEveryRune checks that the quick paths of findTextProblem
// skip none of the characters it names.
func TestTextProblemEveryRune(t *testing.T) {
	t.Parallel()
	for names, warn := range map[*map[rune]string]bool{&bidiNames: false, &markNames: true} {
		for r := range *names {
			p, found := findTextProblem("ab"+string(r), false)
			if !found || p.At != 2 || p.Warn != warn {
				t.Errorf("U+%04X: %+v, %v; want a problem at rune 2, warning %v", r, p, found, warn)
			}
		}
	}
	for _, r := range []rune{0, '\t', 0x1b, 0x7f, 0x85, 0x9f} {
		if p, found := findTextProblem("ab"+string(r), false); !found || p.At != 2 || p.Warn {
			t.Errorf("U+%04X: %+v, %v; want an error at rune 2", r, p, found)
		}
	}
}
