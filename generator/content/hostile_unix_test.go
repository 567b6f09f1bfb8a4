//go:build unix

package content

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadHostileFiles builds a site on disk with what a careless or hostile
// merge request could hold: a 50 MB entry, a named pipe, symbolic links out
// of content/, content/ itself a link. Each is an error; none blocks or
// reads what it should not.
func TestLoadHostileFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(SiteFile, testSite)
	write("content/sources/csic-2018.md", "+++\nid = \"csic-2018\"\ntitle = \"Lignes stratégiques\"\n+++\n")
	write("secret/M009.md", "+++\nid = \"M009\"\ntitle = \"secret\"\n+++\n")
	big, err := os.Create(filepath.Join(dir, "content/sources/big.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil { // 50 MB of NUL bytes, sparse
		t.Fatal(err)
	}
	big.Close()
	if err := syscall.Mkfifo(filepath.Join(dir, "content/sources/pipe.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Symlink("../../secret/M009.md", filepath.Join(dir, "content/sources/M009.md")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink("../secret", filepath.Join(dir, "content/mutualisations")); err != nil {
		t.Fatal(err)
	}
	// DirFS reads entries by another way than os.DirFS; the same.
	for _, fsys := range []fs.FS{os.DirFS(dir), DirFS(dir)} {
		_, diags := Load(context.Background(), fsys, Options{})
		var got []string
		for _, d := range diags {
			got = append(got, d.Error())
		}
		want := []string{
			`content/mutualisations: error: symbolic links are not allowed in content/: copy the file instead`,
			`content/sources/M009.md: error: symbolic links are not allowed in content/: copy the file instead`,
			`content/sources/big.md: error: file is 52428800 bytes; an entry is limited to 1048576 (1 MiB)`,
			`content/sources/pipe.md: error: not a regular file; expected a text file`,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%T: diagnostics (-want +got):\n%s", fsys, diff)
		}
	}

	// content/ itself a link to a folder outside the site.
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "elsewhere")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("elsewhere", filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(context.Background(), os.DirFS(dir), Options{})
	if len(diags) != 1 || diags[0].Error() != `content: error: symbolic links are not allowed in content/: content/ itself must be a folder` {
		t.Errorf("content/ as a link: %v", diags)
	}
}

// TestRedirectsHostile: content/redirects.toml is read outside the walk of
// the entries, under the same rules: a named pipe is refused, not opened.
func TestRedirectsHostile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SiteFile), []byte(testSite), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, RedirectsFile), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	_, diags := Load(context.Background(), os.DirFS(dir), Options{})
	if len(diags) != 1 || diags[0].Error() != "content/redirects.toml: error: not a regular file; expected a text file" {
		t.Errorf("diagnostics: %v", diags)
	}
}
