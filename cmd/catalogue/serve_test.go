package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// siteDir writes the generator's test site, with the repository's theme,
// into a new folder.
func siteDir(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("../../generator/testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS("../../themes")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls cond until it holds; the deadline only bounds a hung test,
// it asserts nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// A running serve, started by startServe.
type serveRun struct {
	base           string // http://127.0.0.1:port
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

// startServe runs `catalogue serve -addr 127.0.0.1:0 args...` in this
// process until the test ends, and waits for its address.
func startServe(t *testing.T, args ...string) *serveRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &serveRun{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		r.done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), r.stdout, r.stderr)
	}()
	t.Cleanup(func() { r.stop(t) })
	addrRe := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/`)
	waitFor(t, "the server address", func() bool {
		select {
		case err := <-r.done:
			r.done <- err
			t.Fatalf("serve stopped: %v\n%s", err, r.stderr)
		default:
		}
		m := addrRe.FindStringSubmatch(r.stdout.String())
		if m != nil {
			r.base = m[1]
		}
		return m != nil
	})
	return r
}

// stop stops the server as Ctrl-C does and returns what serve returned.
func (r *serveRun) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
		return nil
	}
}

// builtSite is siteDir built once with catalogue build.
func builtSite(t *testing.T) string {
	t.Helper()
	dir := siteDir(t)
	var out syncBuffer
	if err := run(context.Background(), []string{"build", "-root", dir}, &out, &out); err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	return dir
}

// TestServeLoop drives serve like a contributor: the page is served with the
// live-reload script; an edit rebuilds it and tells the browser to reload;
// a broken edit reports the error to the browser and keeps the last good
// page; Ctrl-C stops the server cleanly. The timeouts are short, and the
// live-reload stream outlives them: it alone has no deadline.
func TestServeLoop(t *testing.T) {
	dir := siteDir(t)
	srv := startServe(t, "-root", dir, "-read-timeout", "200ms", "-write-timeout", "200ms", "-idle-timeout", "200ms")
	base, stderr := srv.base, srv.stderr

	code, page := get(t, base+"/mutualisations/m001/")
	if code != 200 || !strings.Contains(page, "<h1>Cloud interministériel</h1>") || !strings.Contains(page, `<script src="/_catalogue/live.js" data-failed="Échec de la construction — le dernier site correct reste servi" data-close="Fermer"></script></body>`) {
		t.Fatalf("GET m001: %d\n%s", code, page)
	}
	if built, _ := os.ReadFile(filepath.Join(dir, "public", "mutualisations", "m001", "index.html")); strings.Contains(string(built), "live.js") {
		t.Error("the live-reload script leaked into public/")
	}
	for _, name := range []string{"live.js", "live.css"} {
		want, err := os.ReadFile(filepath.Join("live", name))
		if err != nil {
			t.Fatal(err)
		}
		if code, got := get(t, base+"/_catalogue/"+name); code != 200 || len(want) == 0 || got != string(want) {
			t.Errorf("GET /_catalogue/%s: %d, %d bytes, want live/%s (%d bytes)", name, code, len(got), name, len(want))
		}
	}
	if code, _ := get(t, base+"/no/such/page/"); code != 404 {
		t.Errorf("missing page: status %d, want 404", code)
	}
	// An entry's address in the case its code is written moves to the page.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noFollow.Get(base + "/mutualisations/M001/"); err != nil || resp.StatusCode != 301 || resp.Header.Get("Location") != "/mutualisations/m001/" {
		t.Errorf("GET /mutualisations/M001/: %v %v, want 301 to /mutualisations/m001/", resp, err)
	} else {
		resp.Body.Close()
	}

	resp, err := http.Get(base + "/_catalogue/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
		close(events)
	}()
	time.Sleep(time.Second) // past every deadline the stream could have had
	next := func(want string) {
		t.Helper()
		select {
		case got := <-events:
			if got != want {
				t.Fatalf("event %q, want %q", got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no %q event", want)
		}
	}

	file := filepath.Join(dir, "content", "mutualisations", "M001.md")
	src, _ := os.ReadFile(file)
	edited := strings.Replace(string(src), `title = "Cloud interministériel"`, `title = "Cloud de l'État"`, 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	next("reload")
	if _, page := get(t, base+"/mutualisations/m001/"); !strings.Contains(page, "<h1>Cloud de l&#39;État</h1>") {
		t.Errorf("page not rebuilt after the edit:\n%s", page)
	}

	// The terminal says what the server does: where it serves, the first
	// build's summary, then each edit.
	waitFor(t, "the update's line", func() bool {
		return regexp.MustCompile(`(?m)^M001 mis à jour \(\d+ pages\) en \S+ ; exports et index en \S+$`).MatchString(srv.stdout.String())
	})
	for _, want := range []string{`(?m)^serving \S+ at http://127\.0\.0\.1:\d+/ \(Ctrl-C to stop\)$`,
		`(?m)^search API at http://127\.0\.0\.1:\d+/api/search\?q=…$`, `(?m)^\d+ fiches construites : `} {
		if !regexp.MustCompile(want).MatchString(srv.stdout.String()) {
			t.Errorf("stdout lacks %s:\n%s", want, srv.stdout.String())
		}
	}

	// The builds are timed in the metrics (the update's ends after the
	// reload, with the index).
	waitFor(t, "the build durations in /metrics", func() bool {
		_, metrics := get(t, base+"/metrics")
		return strings.Contains(metrics, `catalogue_build_duration_seconds_count{kind="full",result="ok"} 1`) &&
			strings.Contains(metrics, `catalogue_build_duration_seconds_count{kind="update",result="ok"} 1`)
	})

	broken := strings.Replace(edited, `status = "identified"`, `status = "perdu"`, 1)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	next("build-error")
	if _, page := get(t, base+"/mutualisations/m001/"); !strings.Contains(page, "<h1>Cloud de l&#39;État</h1>") {
		t.Error("the last good page is not served after a failed build")
	}
	// In the site's language: site.toml sets none, so French.
	waitFor(t, "the error in the terminal", func() bool {
		return strings.Contains(stderr.String(), `content/mutualisations/M001.md:4:10: error: status: "perdu" n'est pas une valeur admise`)
	})

	if err := srv.stop(t); err != nil {
		t.Errorf("serve returned %v after Ctrl-C", err)
	}
}

// TestServeBaseURL: -base-url overrides site.toml's base_url under serve
// too, so the preview is served under the path it will be published at.
func TestServeBaseURL(t *testing.T) {
	dir := siteDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-root", dir, "-base-url", "https://owner.gitlab.io/preview/"}, &stdout, &stderr)
	}()
	addrRe := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/preview/ `)
	var base string
	waitFor(t, "the server address", func() bool {
		m := addrRe.FindStringSubmatch(stdout.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	})
	if code, page := get(t, base+"/preview/mutualisations/m001/"); code != 200 || !strings.Contains(page, "<h1>Cloud interministériel</h1>") {
		t.Fatalf("GET /preview/mutualisations/m001/: %d\n%s", code, page)
	}
	if sitemap, _ := os.ReadFile(filepath.Join(dir, "public", "sitemap.xml")); !strings.Contains(string(sitemap), "https://owner.gitlab.io/preview/mutualisations/m001/") {
		t.Errorf("sitemap.xml does not use -base-url:\n%s", sitemap)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after Ctrl-C", err)
	}
}

// TestServeFrench: with -lang fr, the overlay's title and close button,
// the problems it shows and the terminal's failure line are in French.
func TestServeFrench(t *testing.T) {
	dir := siteDir(t)
	srv := startServe(t, "-root", dir, "-lang", "fr")
	_, page := get(t, srv.base+"/mutualisations/m001/")
	if want := `<script src="/_catalogue/live.js" data-failed="Échec de la construction — le dernier site correct reste servi" data-close="Fermer"></script>`; !strings.Contains(page, want) {
		t.Errorf("page lacks %s:\n%s", want, page)
	}
	file := filepath.Join(dir, "content", "mutualisations", "M001.md")
	src, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), "+++\n", "+++\ncolour = \"bleu\"\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the failure in French", func() bool {
		return strings.Contains(srv.stderr.String(), `champ inconnu "colour"`) &&
			strings.Contains(srv.stderr.String(), "échec de la construction ; le dernier site correct reste servi")
	})
}
