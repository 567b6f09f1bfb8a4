//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBuildWaitsForLock: catalogue build, while another process holds the
// site's lock, says which and waits for it, then builds.
func TestBuildWaitsForLock(t *testing.T) {
	dir := siteDir(t)
	if err := os.MkdirAll(filepath.Join(dir, ".catalogue"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Held as a build holds it: flock, and its pid in the file.
	f, err := os.OpenFile(filepath.Join(dir, ".catalogue", "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())

	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"build", "-lang", "en", "-root", dir}, &stdout, &stderr)
	}()
	want := fmt.Sprintf("waiting for the build of process %d to end (it holds %s)\n", os.Getpid(), filepath.Join(dir, ".catalogue", "lock"))
	waitFor(t, "the message that the build waits", func() bool {
		select {
		case err := <-done:
			t.Fatalf("the build did not wait for the lock: %v; stderr:\n%s", err, stderr.String())
		default:
		}
		return stderr.String() == want
	})
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("public/ written while the lock was held")
	}
	f.Close() // releases the lock
	if err := <-done; err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "built ") {
		t.Errorf("stdout: %q", stdout.String())
	}
}
