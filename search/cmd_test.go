package search

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCommands drives the catalogue command as a user does: build, search
// from the terminal, serve the search API in production mode (which says
// once that its index is stale, and serves it) and in dev mode (where an
// edit reaches the index, which is then fresh).
func TestCommands(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the catalogue command")
	}
	bin := filepath.Join(t.TempDir(), "catalogue")
	if out, err := exec.Command("go", "build", "-o", bin, "catalogue/cmd/catalogue").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := t.TempDir()
	for name, f := range smallSite() {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(root, "themes"), os.DirFS("../themes")); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, string, error) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	if _, stderr, err := run("build", "-root", root); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}

	out, stderr, err := run("search", "-root", root, "signatrue")
	if err != nil || !strings.Contains(out, "1. M010  Signature / vérif Sign.") || !strings.Contains(out, "*signature*") || stderr != "" {
		t.Errorf("search signatrue: %v\n%s%s", err, out, stderr)
	}
	out, _, err = run("search", "-root", root, "instant", "-kind", "service", "-json")
	var res Result
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Total != 1 || res.Hits[0].ID != "tchap" {
		t.Errorf("search instant -kind service -json: %v\n%s", err, out)
	}
	if _, stderr, err := run("search", "-root", root); err == nil || !strings.Contains(stderr, "usage: catalogue search") {
		t.Errorf("search without a query: %v\n%s", err, stderr)
	}

	// The content changes after the build.
	m010 := filepath.Join(root, "content", "mutualisations", "M010.md")
	data, _ := os.ReadFile(m010)
	os.WriteFile(m010, bytes.Replace(data, []byte("Signature / vérif Sign."), []byte("Signature électronique"), 1), 0o644)
	staleLine := "search index " + filepath.Join(root, ".catalogue", "index") + " is stale: content/mutualisations/M010.md changed: run catalogue build"
	if _, stderr, _ := run("search", "-root", root, "signature"); stderr != "warning: "+staleLine+"\n" {
		t.Errorf("search with a stale index: stderr %q, want the warning", stderr)
	}
	// Production mode says once that the index is stale, and serves it.
	prod, stopProd := serve(t, bin, "-no-build", "-root", root)
	if status, body := getBody(t, prod+"api/search?q=signature"); status != 200 || !strings.Contains(body, `"id":"M010"`) {
		t.Errorf("serve -no-build with a stale index: %d %s", status, body)
	}
	if logs := stopProd(); strings.Count(logs, "is stale") != 1 || !strings.Contains(logs, "warning: "+staleLine+"; serving it meanwhile") {
		t.Errorf("serve -no-build with a stale index said:\n%s", logs)
	}

	// Dev mode builds, and an edit reaches the index.
	base, stop := serve(t, bin, "-root", root)
	defer stop()
	if status, body := getBody(t, base+"api/search?q=signature+%C3%A9lectronique"); status != 200 || !strings.Contains(body, "Signature électronique") {
		t.Errorf("serve: %d %s", status, body)
	}
	os.WriteFile(filepath.Join(root, "content", "mutualisations", "M011.md"), []byte("+++\nid = \"M011\"\ntitle = \"Horodatage qualifié\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\nUn service d'horodatage.\n"), 0o644)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := getBody(t, base+"api/search?q=horodatage")
		if strings.Contains(body, `"id":"M011"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new entry never reached the search API: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The edits reached the index in place, and its record of the
	// content: it is fresh.
	if logs := stop(); strings.Contains(logs, "error") {
		t.Logf("serve said:\n%s", logs)
	}
	if _, stderr, err := run("search", "-root", root, "horodatage"); err != nil || stderr != "" {
		t.Errorf("search after serve's updates: %v, stderr %q, want no warning", err, stderr)
	}
}

var servingLine = regexp.MustCompile(`(http://127\.0\.0\.1:\d+/)`)

// serve starts catalogue serve on a free port and returns its address and
// a function that stops it and returns what it printed.
func serve(t *testing.T, bin string, args ...string) (string, func() string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	base := ""
	for base == "" && lines.Scan() {
		logs.Write([]byte(lines.Text() + "\n"))
		if m := servingLine.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	done := make(chan struct{})
	go func() {
		io.Copy(&logs, stdout)
		close(done)
	}()
	stopped := false
	return base, func() string {
		if !stopped {
			stopped = true
			cmd.Process.Signal(os.Interrupt)
			<-done
			cmd.Wait()
		}
		return logs.String()
	}
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// syncBuffer is a buffer that the command's output goroutines and the
// test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
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
