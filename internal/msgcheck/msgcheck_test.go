package msgcheck

import (
	"os"
	"path/filepath"
	"testing"
)

func TestVerbs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"no entry %q", "q"},
		{"%q is the label of %s %q, not its value; did you mean %q?", "q s q q"},
		{"%q est le libellé de la valeur %[3]q (%[2]s), pas la valeur elle-même ; vouliez-vous dire %[4]q ?", "q s q q"},
		{"file is %d bytes; write it %%20", "d"},
		{"%.1f MB in %v", "f v"},
		{"none", ""},
	} {
		if got := Verbs(c.in); got != c.want {
			t.Errorf("Verbs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTemplates(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	src := `package a

func f(lang string, format string) {
	say(lang, "one %d", 1)
	x.say(lang, "two")
	say(lang, format)
	other(lang, "not this")
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Templates([]string{file}, "say", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["one %d"] == "" || got["two"] == "" {
		t.Errorf("Templates = %v, want \"one %%d\" and \"two\"", got)
	}
	bad := filepath.Join(dir, "b.go")
	if err := os.WriteFile(bad, []byte("package a\n\nfunc g(lang, s string) { say(lang, s) }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Templates([]string{bad}, "say", 1); err == nil {
		t.Error("a template that is not a literal was not reported")
	}
}
