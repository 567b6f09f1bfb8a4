package render

import (
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	cat := firstLanguage(loadCatalogue(t))
	r, err := New(os.DirFS("../../themes/default"), cat, md)
	if err != nil {
		t.Fatal(err)
	}
	tm := r.tmpl["entry"]
	for _, n := range []string{"base.html", "main", "panel-list"} {
		t.Logf("=== %s\n%s", n, tm.Lookup(n).Tree.Root.String())
	}
}
