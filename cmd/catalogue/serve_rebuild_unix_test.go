//go:build unix

package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveEvents starts serve on the site dir and returns the server's
// stderr and the live-reload events as "name: data" strings, the data's
// lines joined.
func serveEvents(t *testing.T, dir string) (*syncBuffer, <-chan string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-lang", "en", "-addr", "127.0.0.1:0", "-root", dir}, &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	addrRe := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/`)
	var base string
	waitFor(t, "the server address", func() bool {
		m := addrRe.FindStringSubmatch(stdout.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	})
	resp, err := http.Get(base + "/_catalogue/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = []string{strings.TrimPrefix(line, "event: ") + ":"}
			case strings.HasPrefix(line, "data: "):
				ev = append(ev, strings.TrimPrefix(line, "data: "))
			case line == "" && ev != nil:
				events <- strings.Join(ev, " ")
				ev = nil
			}
		}
	}()
	return &stderr, events
}

func nextEvent(t *testing.T, events <-chan string, name string) string {
	t.Helper()
	select {
	case ev := <-events:
		if !strings.HasPrefix(ev, name+":") {
			t.Fatalf("event %q, want %s", ev, name)
		}
		return ev
	case <-time.After(30 * time.Second): // bounds a hung rebuild only
		t.Fatalf("no %s event", name)
	}
	return ""
}

// TestServeThemePipe: a named pipe added to the theme blocked the rebuild
// forever, and serve fell silent. It is a build error now, in the terminal
// and in the browser's overlay.
func TestServeThemePipe(t *testing.T) {
	dir := siteDir(t)
	stderr, events := serveEvents(t, dir)
	pipe := filepath.Join(dir, "themes", "default", "static", "css", "pipe.css")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Should a rebuild wait on the pipe, let it go.
		if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}()
	const want = "themes/default/static/css/pipe.css: error: not a regular file; a theme holds files and folders only"
	if ev := nextEvent(t, events, "build-error"); !strings.Contains(ev, want) {
		t.Errorf("overlay: %q, want %q", ev, want)
	}
	waitFor(t, "the error in the terminal", func() bool {
		return strings.Contains(stderr.String(), want+"\nbuild failed; still serving the last good site\n")
	})
}

// TestServeExportFails: when the pages of an edit are written but the
// exports that follow fail, the browser has reloaded; the failure must
// still reach its overlay, not only the terminal.
func TestServeExportFails(t *testing.T) {
	dir := siteDir(t)
	stderr, events := serveEvents(t, dir)
	feed := filepath.Join(dir, "public", "feed.xml")
	if err := os.Remove(feed); err != nil {
		t.Fatal(err)
	}
	// A folder with a file in it: the feed cannot be renamed over it.
	if err := os.MkdirAll(filepath.Join(feed, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "content", "mutualisations", "M001.md")
	src, _ := os.ReadFile(file)
	edited := strings.Replace(string(src), `title = "Cloud interministériel"`, `title = "Cloud de l'État"`, 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	nextEvent(t, events, "reload")
	ev := nextEvent(t, events, "build-error")
	if !strings.Contains(ev, "feed.xml") || !strings.Contains(ev, "the pages are up to date; updating the exports or the index failed") {
		t.Errorf("overlay: %q", ev)
	}
	waitFor(t, "the error in the terminal", func() bool {
		return strings.Contains(stderr.String(), "the pages are up to date; updating the exports or the index failed\n")
	})
}
