package content

import "testing"

// FuzzLocate checks that the key scanner ends on any input, valid TOML or
// not, and never reports a position outside the text: it runs only after
// the parser accepted a front matter today, but must not hang if that
// changes.
func FuzzLocate(f *testing.F) {
	for _, s := range []string{
		"title = \"x\"\n[sources]\ndocument = \"a\"\n",
		"y=[,z = 2}]",
		"a = { b = [1, {c = 2}], d = '''x'''}\n",
		"[[t]]\nk = [\n  \"a\", # c\n]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		l := locate("f.md", src, 1)
		for _, s := range l.spots {
			if s.off < 0 || int(s.off) > len(src) || s.line < 1 {
				t.Fatalf("spot %+v outside the text", s)
			}
		}
	})
}
