package content

import "testing"

// FuzzLocate checks that the key scanner ends on any input, valid TOML or
// not, and never reports a position outside the text: it runs only after
// the parser accepted a front matter today, but must not hang if that
// changes. The line and column of a value are those of its offset: the
// scanner's leaps over strings and comments count them as its steps from
// byte to byte do.
func FuzzLocate(f *testing.F) {
	for _, s := range []string{
		"title = \"x\"\n[sources]\ndocument = \"a\"\n",
		"y=[,z = 2}]",
		"a = { b = [1, {c = 2}], d = '''x'''}\n",
		"[[t]]\nk = [\n  \"a\", # c\n]\n",
		"a = \"\"\"x\n\ny\"\"\" # \"\nb = ['''p\nq''', \"r\"]\nc = 'é' # ü\nd = 1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		l := locate("f.md", src, 1)
		for _, s := range l.spots {
			if s.off < 0 || int(s.off) > len(src) || s.line < 1 {
				t.Fatalf("spot %+v outside the text", s)
			}
			if line, col := lineCol([]byte(src), int(s.off)); s.kind == valSpot && (int(s.line) != line || int(s.col) != col) {
				t.Fatalf("spot %+v at offset %d, which is %d:%d", s, s.off, line, col)
			}
		}
	})
}
