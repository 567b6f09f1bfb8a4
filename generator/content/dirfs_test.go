package content

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// writeSite writes the files of a txtar archive under a new folder, as
// siteFS does in memory.
func writeSite(t *testing.T, archive []byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range siteFS(t, string(archive)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDirFSLoadsAsDirFS loads the test sites, sound and broken, from disk
// through DirFS's fast reads and through os.DirFS: same entries, same
// bodies, same diagnostics.
func TestDirFSLoadsAsDirFS(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"valid.txtar", "broken.txtar"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		dir := writeSite(t, data)
		// A file past the limit, and one at it.
		big := "+++\nid = \"M900\"\ntitle = \"Big\"\n+++\n"
		big += strings.Repeat("x", MaxFileSize-len(big))
		for file, data := range map[string]string{"content/mutualisations/M900.md": big, "content/mutualisations/M901.md": big + "x"} {
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, wantDiags := Load(context.Background(), os.DirFS(dir), Options{})
		got, gotDiags := Load(context.Background(), DirFS(dir), Options{})
		if diff := cmp.Diff(summary(want, wantDiags), summary(got, gotDiags)); diff != "" {
			t.Errorf("%s: DirFS loads otherwise than os.DirFS (-os +DirFS):\n%s", name, diff)
		}
		for i, e := range want.Entries {
			if g := got.Entries[i]; g.Body != e.Body || g.BodyText() != e.BodyText() {
				t.Errorf("%s: %s: body read otherwise", name, e.File)
			}
		}
	}
}

// TestDirFSReads compares readInto from DirFS with readInto from os.DirFS
// on files that are not entries: missing, a folder, names fs.FS refuses,
// and a DirFS with no root.
func TestDirFSReads(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, txtar.Format(&txtar.Archive{}))
	if err := os.WriteFile(filepath.Join(dir, "empty.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir, dir + "/", ""} {
		for _, file := range []string{SiteFile, "empty.md", "missing.md", "content", "content/", "../" + SiteFile, "/" + SiteFile, "", "."} {
			var want, got Diagnostics
			wantData, wantOK := readInto(new(bytes.Buffer), os.DirFS(root), file, &want)
			gotData, gotOK := readInto(new(bytes.Buffer), DirFS(root), file, &got)
			if !bytes.Equal(gotData, wantData) || gotOK != wantOK || !slices.EqualFunc(got, want, sameDiagnostic) {
				t.Errorf("root %q, file %q: DirFS read %q, %v, %v; os.DirFS %q, %v, %v", root, file, gotData, gotOK, got, wantData, wantOK, want)
			}
		}
	}
}

func sameDiagnostic(a, b Diagnostic) bool { return a.Error() == b.Error() }
