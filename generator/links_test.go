package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outside makes a folder that is not the build's, with a file in it and in
// a subfolder, and returns it and a check that both files are still there.
func outside(t *testing.T) (dir string, intact func()) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []string{"keep.txt", "sub/keep.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("not the build's"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, func() {
		t.Helper()
		for _, f := range []string{"keep.txt", "sub/keep.txt"} {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
				t.Errorf("the folder a link pointed to lost %s: %v", f, err)
			}
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// TestSwapRefusesLink: swapping a tree over a link moved the link aside,
// then removed the old tree through it, emptying the folder it pointed to.
func TestSwapRefusesLink(t *testing.T) {
	t.Parallel()
	target, intact := outside(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "public")
	symlink(t, target, dst)
	tmp, err := tempSibling(dst)
	if err != nil {
		t.Fatal(err)
	}
	err = swap(tmp, dst)
	if err == nil || !strings.Contains(err.Error(), dst+": is a symbolic link (to "+target+")") {
		t.Errorf("swap over a link: %v", err)
	}
	intact()
	if info, err := os.Lstat(dst); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link itself was moved: %v", err)
	}
}

// TestRemoveAllLink: removing a path that is a link removes the link.
func TestRemoveAllLink(t *testing.T) {
	t.Parallel()
	target, intact := outside(t)
	link := filepath.Join(t.TempDir(), "tree")
	symlink(t, target, link)
	if err := removeAll(link); err != nil {
		t.Fatal(err)
	}
	intact()
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("the link is still there: %v", err)
	}
}

// TestBuildRefusesLinks: a public/, .catalogue/ or index that is a link
// fails the build before anything is written; a link inside the old
// public/ is removed with it, not followed.
func TestBuildRefusesLinks(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	target, intact := outside(t)
	for _, link := range []string{"public", ".catalogue", ".catalogue/index"} {
		t.Run(link, func(t *testing.T) {
			p := filepath.Join(root, filepath.FromSlash(link))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			symlink(t, target, p)
			defer os.Remove(p)
			_, err := Build(context.Background(), Options{Root: root})
			if err == nil || !strings.Contains(err.Error(), p+": is a symbolic link") {
				t.Errorf("build: %v", err)
			}
			intact()
		})
	}
	build(t, root)
	symlink(t, target, filepath.Join(root, "public", "escape"))
	build(t, root)
	intact()
}
