package content

import (
	"context"
	"os"
	"testing"
)

func TestEntryURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind Kind
		id   string
		want string
	}{
		{KindMutualisation, "M001", "/mutualisations/m001/"},
		{KindService, "s12", "/services/s12/"},
		{Kind("nonsense"), "x1", ""},
		{Kind(""), "m001", ""},
	} {
		if got := EntryURL(tc.kind, tc.id); got != tc.want {
			t.Errorf("EntryURL(%q, %q) = %q, want %q", tc.kind, tc.id, got, tc.want)
		}
	}
	e := &Entry{Kind: KindMutualisation}
	e.ID = "M001"
	if e.URL() != EntryURL(e.Kind, e.ID) {
		t.Errorf("Entry.URL = %q, EntryURL = %q", e.URL(), EntryURL(e.Kind, e.ID))
	}
}

// TestEntryURLKept requires the URL a loaded entry keeps to be the one
// EntryURL makes; TestReload follows it through edits.
func TestEntryURLKept(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/valid.txtar")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := Load(context.Background(), siteFS(t, string(data)), Options{})
	for _, e := range cat.Entries {
		if e.url == "" || e.URL() != EntryURL(e.Kind, e.ID) {
			t.Errorf("%s: URL %q (kept %q), EntryURL %q", e.File, e.URL(), e.url, EntryURL(e.Kind, e.ID))
		}
	}
}
