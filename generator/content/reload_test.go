package content

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// summary is what a load produced, comparable across loads.
func summary(cat *Catalogue, diags Diagnostics) map[string]any {
	out := map[string]any{}
	for _, e := range cat.Entries {
		var links, back []string
		for _, l := range e.Links {
			links = append(links, string(l.Rel)+">"+l.Entry.ID+"@"+l.Pos.String())
		}
		for _, l := range e.Backlinks {
			back = append(back, string(l.Rel)+"<"+l.Entry.ID)
		}
		out[e.ID] = []any{e.Title, e.File, e.URL(), links, back}
	}
	var ds []string
	for _, d := range diags {
		ds = append(ds, d.Error())
	}
	out["diagnostics"] = ds
	return out
}

// TestReload edits, adds and removes files and requires Reload, which reads
// only those again, to give what a full Load gives.
func TestReload(t *testing.T) {
	t.Parallel()
	fsys := siteFS(t, `
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "Cloud"
[[sources]]
document = "csic-2018"
+++
Voir M002 et [son objectif](/mutualisations/m002/#objectif).
-- content/mutualisations/M002.md --
+++
id = "M002"
title = "Identité"
+++
## Objectif
-- content/actions/2.1.1.md --
+++
id = "2.1.1"
title = "Action"
mutualisations = ["M001"]
[[sources]]
document = "csic-2018"
+++
`)
	ctx := context.Background()
	prev, diags := Load(ctx, fsys, Options{})
	if len(diags) != 1 { // M002 cites no source
		t.Fatalf("diagnostics: %v", diags)
	}
	steps := []struct {
		name    string
		changed []string
		apply   func()
	}{
		{"edit", []string{"content/actions/2.1.1.md"}, func() {
			fsys["content/actions/2.1.1.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"2.1.1\"\ntitle = \"Action modifiée\"\nmutualisations = [\"M002\"]\n[[sources]]\ndocument = \"csic-2018\"\n+++\n")}
		}},
		{"add", []string{"content/mutualisations/M003.md"}, func() {
			fsys["content/mutualisations/M003.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"M003\"\ntitle = \"Échanges\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\nComme M001 ; voir [l'objectif](/mutualisations/m002/#objectif).\n")}
		}},
		// M001 and M003 do not change, but their links to M002's heading
		// break, then work again; M003's is its only reference to M002.
		{"drop a heading linked to", []string{"content/mutualisations/M002.md"}, func() {
			fsys["content/mutualisations/M002.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"M002\"\ntitle = \"Identité\"\n+++\n## Objectifs\n")}
		}},
		// Its page moves with its id.
		{"change an id", []string{"content/mutualisations/M003.md"}, func() {
			fsys["content/mutualisations/M003.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"M004\"\ntitle = \"Échanges\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\nComme M001.\n")}
		}},
		{"restore the heading", []string{"content/mutualisations/M002.md"}, func() {
			fsys["content/mutualisations/M002.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"M002\"\ntitle = \"Identité modifiée\"\n+++\n## Objectif\n")}
		}},
		{"remove", []string{"content/mutualisations/M002.md"}, func() {
			delete(fsys, "content/mutualisations/M002.md")
		}},
		// Reload lists the entry files again only when a changed file
		// is not one.
		{"add a stray file", []string{"content/actions/notes.txt"}, func() {
			fsys["content/actions/notes.txt"] = &fstest.MapFile{Data: []byte("notes\n")}
		}},
		{"remove the stray file", []string{"content/actions/notes.txt"}, func() {
			delete(fsys, "content/actions/notes.txt")
		}},
	}
	for _, step := range steps {
		step.apply()
		got, gotDiags := Reload(ctx, fsys, prev, step.changed, Options{})
		want, wantDiags := Load(ctx, fsys, Options{})
		if diff := cmp.Diff(summary(want, wantDiags), summary(got, gotDiags)); diff != "" {
			t.Errorf("%s: Reload differs from Load (-load +reload):\n%s", step.name, diff)
		}
		for _, e := range got.Entries {
			if old := prev.Entry(e.ID); old == e {
				t.Errorf("%s: Reload reused entry %s itself instead of a copy", step.name, e.ID)
			}
		}
		prev = got
	}
}

// TestReloadForgetsPositions requires a catalogue to drop the positions of
// its entries' keys once loaded, and Reload to find them again for the
// entries it links anew, the keys whose value did not decode included.
func TestReloadForgetsPositions(t *testing.T) {
	fsys := siteFS(t, `
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "Cloud"
[[sources]]
document = "csic-2018"
+++
-- content/actions/2.1.1.md --
+++
id = "2.1.1"
title = "Action"
mutualisations = ["M001", 2]
[[sources]]
document = "csic-2018"
+++
`)
	ctx := context.Background()
	prev, _ := Load(ctx, fsys, Options{})
	forgotten := func(step string, cat *Catalogue) {
		t.Helper()
		for _, e := range cat.Entries {
			if e.loc != nil {
				t.Errorf("%s: entry %s keeps the positions of its keys", step, e.ID)
			}
		}
	}
	forgotten("load", prev)
	// 2.1.1 is linked anew: its link to M001 and its reported bad value
	// must be as a full load finds them.
	for _, title := range []string{"Cloud modifié", "Cloud"} {
		fsys["content/mutualisations/M001.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"M001\"\ntitle = \"" + title + "\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n")}
		got, gotDiags := Reload(ctx, fsys, prev, []string{"content/mutualisations/M001.md"}, Options{})
		want, wantDiags := Load(ctx, fsys, Options{})
		if diff := cmp.Diff(summary(want, wantDiags), summary(got, gotDiags)); diff != "" {
			t.Errorf("%s: Reload differs from Load (-load +reload):\n%s", title, diff)
		}
		forgotten(title, got)
		prev = got
	}
}
