//go:build unix

package generator

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBuildWaitsForLock: a build of a site whose lock another build holds
// says whose it is, waits, and builds when it is released.
func TestBuildWaitsForLock(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	ctx := context.Background()
	unlock, err := lockSite(ctx, filepath.Join(root, stateDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		_, err := Build(ctx, Options{Root: root, Waiting: func(pid int) { waiting <- pid }})
		done <- err
	}()
	select {
	case pid := <-waiting:
		if pid != os.Getpid() {
			t.Errorf("waiting for pid %d, want %d", pid, os.Getpid())
		}
	case err := <-done:
		t.Fatalf("the build did not wait for the lock (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
		t.Error("public/ written while the lock was held")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "public", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestLockCancelled: a build waiting for the lock stops when its context
// is done.
func TestLockCancelled(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	unlock, err := lockSite(context.Background(), filepath.Join(root, stateDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Build(ctx, Options{Root: root, Waiting: func(int) { cancel() }})
	if err != context.Canceled {
		t.Errorf("build: %v, want %v", err, context.Canceled)
	}
}

// TestSweep: the trees and batches of builds killed half-way are removed
// at the start of the next build; a link of such a name is removed, not
// followed, and nothing else is touched.
func TestSweep(t *testing.T) {
	t.Parallel()
	root := testSite(t)
	target, intact := outside(t)
	// Each stale folder, with a file in it.
	stale := map[string]string{
		".public-new-123":             "index.html",
		".public-old-456":             "tree/index.html",
		".catalogue/.index-new-789":   "store/root.bolt",
		".catalogue/.index-old-1":     "tree/index_meta.json",
		".catalogue/.index-batches-2": "0.zap",
		"public-new-kept":             "x", // not a build's
		".catalogue/kept":             "x",
	}
	for dir, f := range stale {
		p := filepath.Join(root, filepath.FromSlash(dir), filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, target, filepath.Join(root, ".public-old-link"))
	symlink(t, target, filepath.Join(root, ".public-new-123", "escape"))
	build(t, root)
	for _, dir := range append(slices.Collect(maps.Keys(stale)), ".public-old-link") {
		_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
		kept := strings.HasSuffix(dir, "kept")
		if kept != (err == nil) {
			t.Errorf("%s: kept %v, want %v (%v)", dir, err == nil, kept, err)
		}
	}
	intact()
}
