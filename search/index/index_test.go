package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

// TestIndexLayout checks what the index keeps: one segment, the manifest,
// no _all field, only what results show stored.
func TestIndexLayout(t *testing.T) {
	t.Parallel()
	fx := small(t)
	var segments []string
	filepath.WalkDir(fx.index, func(p string, d os.DirEntry, err error) error {
		if d != nil && d.IsDir() && d.Name() == WordsDir {
			return filepath.SkipDir // an index of its own
		}
		if strings.HasSuffix(p, ".zap") {
			segments = append(segments, filepath.Base(p))
		}
		return err
	})
	if len(segments) != 1 {
		t.Errorf("segments %v, want one", segments)
	}
	m := fx.manifest
	if m.Format != Format || m.Entries != len(fx.cat.Entries) || !strings.HasPrefix(m.Inputs, "sha256:") || m.Bleve == "" {
		t.Errorf("manifest %+v", m)
	}
	if m.Inputs != InputsHash(Documents(fx.cat)) {
		t.Error("manifest hash differs from the hash of the content it was built from")
	}
	fields, err := fx.idx.Fields()
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(fields, "_all") {
		t.Errorf("fields %v include _all", fields)
	}
	stored := storedFieldNames(t, fx)
	want := []string{FieldKind, FieldLang, FieldSummaryFR, FieldTitleFR}
	if !slices.Equal(stored, want) {
		t.Errorf("stored fields of M010 %v, want %v", stored, want)
	}
}

// storedFieldNames returns the fields of M010 a search can load.
func storedFieldNames(t *testing.T, fx *fixture) []string {
	t.Helper()
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{"M010"}))
	req.Fields = []string{"*"}
	res, err := fx.idx.Search(req)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("loading M010: %v", err)
	}
	var names []string
	for k := range res.Hits[0].Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// TestOpenRefuses opens missing, broken and foreign indexes: each is
// refused with what to do.
func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	fx := small(t)
	copyIndex := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "index")
		if err := os.CopyFS(dir, os.DirFS(fx.index)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	editManifest := func(dir string, edit func(*Manifest)) {
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		edit(&m)
		data, _ := json.Marshal(m)
		os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "none") }, "not built: run catalogue build"},
		{"empty folder", func(t *testing.T) string { return t.TempDir() }, "not built: run catalogue build"},
		{"broken manifest", func(t *testing.T) string {
			dir := copyIndex(t)
			os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{"), 0o644)
			return dir
		}, "broken manifest"},
		{"other format", func(t *testing.T) string {
			dir := copyIndex(t)
			editManifest(dir, func(m *Manifest) { m.Format = Format + 1 })
			return dir
		}, "this program reads format"},
		{"other Bleve", func(t *testing.T) string {
			dir := copyIndex(t)
			editManifest(dir, func(m *Manifest) { m.Bleve = "v0.0.1" })
			return dir
		}, "written by Bleve v0.0.1"},
		{"wrong count", func(t *testing.T) string {
			dir := copyIndex(t)
			editManifest(dir, func(m *Manifest) { m.Entries++ })
			return dir
		}, "holds 4 entries, its manifest says 5"},
		{"no store", func(t *testing.T) string {
			dir := copyIndex(t)
			os.RemoveAll(filepath.Join(dir, "store"))
			return dir
		}, "broken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx, _, err := Open(tc.setup(t))
			if err == nil {
				idx.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "run catalogue build") {
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}

// TestOpenWhileWritten opens an index a writer holds: the read-only open
// gives up after its timeout instead of waiting forever.
func TestOpenWhileWritten(t *testing.T) {
	t.Parallel()
	fx := small(t)
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.CopyFS(dir, os.DirFS(fx.index)); err != nil {
		t.Fatal(err)
	}
	w, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	idx, _, err := Open(dir)
	if err == nil {
		idx.Close()
		t.Fatal("opened an index a writer holds")
	}
	if !strings.Contains(err.Error(), "is a build writing it?") {
		t.Errorf("error %q", err)
	}
}

// TestDocumentsParallel checks that Documents, made in chunks on every
// core, gives the documents made one after the other, in the same order,
// on the bundled catalogue (a few hundred entries: several chunks).
func TestDocumentsParallel(t *testing.T) {
	cat, diags := content.Load(context.Background(), os.DirFS("../.."), content.Options{Markdown: markdown.New()})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cat.Entries) <= 2*documentChunk {
		t.Fatalf("%d entries: too few to span several chunks", len(cat.Entries))
	}
	serial := make([]Document, len(cat.Entries))
	for i, e := range cat.Entries {
		serial[i] = newDocument(cat.Site, e)
	}
	got := Documents(cat)
	if len(got) != len(serial) {
		t.Fatalf("%d documents, want %d", len(got), len(serial))
	}
	for i := range serial {
		if !reflect.DeepEqual(got[i], serial[i]) {
			t.Fatalf("document %d (%s) differs from the serial one:\n got %+v\nwant %+v", i, serial[i].ID, got[i], serial[i])
		}
	}
}
