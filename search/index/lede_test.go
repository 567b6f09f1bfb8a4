package index

import (
	"strings"
	"testing"
)

// ledeWhole is Lede as it was first written, collapsing the spaces of the
// whole text before cutting it: what Lede must return.
func ledeWhole(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,;:.") + " …"
}

func TestLede(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
		want string
	}{
		{"", 10, ""},
		{"  court  \n texte ", 20, "court texte"},
		{"un deux trois quatre", 20, "un deux trois quatre"},
		{"un deux trois quatre", 14, "un deux trois …"},
		{"un deux trois quatre", 12, "un deux …"},
		{"un deux, trois quatre", 9, "un deux …"},
		{"anticonstitutionnellement dit", 10, "anticonsti …"},
		{"éééééééé", 5, "éé …"},
		{"mot", 0, " …"},
	} {
		if got := Lede(tc.text, tc.n); got != tc.want {
			t.Errorf("Lede(%q, %d) = %q, want %q", tc.text, tc.n, got, tc.want)
		}
		if got := ledeWhole(tc.text, tc.n); got != tc.want {
			t.Errorf("ledeWhole(%q, %d) = %q, want %q", tc.text, tc.n, got, tc.want)
		}
	}
}

func FuzzLede(f *testing.F) {
	f.Add("un deux trois quatre", 12)
	f.Add("  a\u00a0b\tc  d ", 3)
	f.Add("éé ééé é", 4)
	f.Fuzz(func(t *testing.T, text string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		if got, want := Lede(text, n), ledeWhole(text, n); got != want {
			t.Errorf("Lede(%q, %d) = %q, want %q", text, n, got, want)
		}
	})
}

// TestLedeBundled checks Lede on the bodies of the bundled catalogue.
func TestLedeBundled(t *testing.T) {
	for _, d := range bundledDocs(t) {
		for _, n := range []int{ledeLen, 200, 40} {
			if got, want := Lede(d.Body, n), ledeWhole(d.Body, n); got != want {
				t.Errorf("%s: Lede(body, %d) = %q, want %q", d.ID, n, got, want)
			}
		}
	}
}
