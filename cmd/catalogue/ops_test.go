package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"catalogue/generator"
)

// do sends a request and returns the response with its body read.
func do(t *testing.T, method, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestServeHeaders checks what every response of the production server
// carries, and the answers to methods, caches and probes.
func TestServeHeaders(t *testing.T) {
	t.Parallel()
	srv := startServe(t, "-no-build", "-root", builtSite(t))
	for _, path := range []string{"/", "/mutualisations/m001/", "/feed.xml", "/css/site.css", "/no/such/page/",
		"/api/search?q=cloud", "/healthz", "/readyz", "/metrics"} {
		resp, _ := do(t, "GET", srv.base+path, nil)
		for k, v := range securityHeaders {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("GET %s: %s: %q, want %q", path, k, got, v)
			}
		}
	}
	if resp, _ := do(t, "GET", srv.base+"/feed.xml", nil); resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("feed: Content-Type %q", resp.Header.Get("Content-Type"))
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"} {
		for _, path := range []string{"/", "/feed.xml", "/healthz", "/metrics"} {
			resp, _ := do(t, m, srv.base+path, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q; want 405 and GET, HEAD", m, path, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	}
	if resp, _ := do(t, "HEAD", srv.base+"/mutualisations/m001/", nil); resp.StatusCode != 200 {
		t.Errorf("HEAD a page: %d", resp.StatusCode)
	}

	// Pages, files and search answers have an ETag; a client that has it
	// gets a 304. A search's tag changes with the query.
	tags := map[string]string{}
	for _, path := range []string{"/mutualisations/m001/", "/css/site.css", "/feed.xml", "/api/search?q=cloud", "/api/search?q=franceconnect"} {
		resp, body := do(t, "GET", srv.base+path, nil)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "no-cache") {
			t.Errorf("GET %s: %d, ETag %q, Cache-Control %q", path, resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
			continue
		}
		for other, tag := range tags {
			if tag == etag {
				t.Errorf("%s and %s share the ETag %s", path, other, etag)
			}
		}
		tags[path] = etag
		resp, again := do(t, "GET", srv.base+path, http.Header{"If-None-Match": {`"other", ` + etag}})
		if resp.StatusCode != http.StatusNotModified || again != "" {
			t.Errorf("GET %s with its ETag: %d, %d bytes; want 304 and none", path, resp.StatusCode, len(again))
		}
		if resp, _ := do(t, "GET", srv.base+path, http.Header{"If-None-Match": {`"other"`}}); resp.StatusCode != 200 {
			t.Errorf("GET %s with another ETag: %d", path, resp.StatusCode)
		}
		if strings.HasPrefix(path, "/api/") && !strings.Contains(body, `"total"`) {
			t.Errorf("GET %s: %s", path, body)
		}
	}
	if resp, _ := do(t, "GET", srv.base+"/api/search?q=cloud&page=0", nil); resp.StatusCode != 400 || resp.Header.Get("ETag") != "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a refused search: %d, ETag %q, Cache-Control %q; want 400, none, no-store", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"))
	}

	if resp, body := do(t, "GET", srv.base+"/healthz", nil); resp.StatusCode != 200 || !strings.Contains(body, `"status":"ok"`) || !strings.Contains(body, `"entries":9`) {
		t.Errorf("/healthz: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, "GET", srv.base+"/readyz", nil); resp.StatusCode != 200 || !strings.Contains(body, `"ready":true`) {
		t.Errorf("/readyz: %d %s", resp.StatusCode, body)
	}
	// The access log has a line per request.
	if log := srv.stderr.String(); !strings.Contains(log, `msg=request method=GET path=/readyz status=200`) || !strings.Contains(log, "path=/feed.xml status=405") {
		t.Errorf("access log:\n%s", log)
	}
}

// TestServeJSONLog checks -log json: a JSON object per request.
func TestServeJSONLog(t *testing.T) {
	t.Parallel()
	srv := startServe(t, "-no-build", "-log", "json", "-root", builtSite(t))
	do(t, "GET", srv.base+"/mutualisations/m001/", nil)
	srv.stop(t)
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(srv.stderr.String()), "\n") {
		var rec struct {
			Msg, Method, Path string
			Status            int
			Bytes             int64
			Ms                *float64
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		if rec.Msg == "request" && rec.Method == "GET" && rec.Path == "/mutualisations/m001/" && rec.Status == 200 && rec.Bytes > 0 && rec.Ms != nil {
			found = true
		}
	}
	if !found {
		t.Errorf("no log line of the request:\n%s", srv.stderr.String())
	}
}

// TestServeReadyz checks that readiness needs an index that answers, and
// ends with the shutdown.
func TestServeReadyz(t *testing.T) {
	t.Parallel()
	dir := siteDir(t)
	s := newServer(generator.Options{Root: dir}, true, limits{searches: 1}, io.Discard, io.Discard)
	ts := httptest.NewServer(s)
	defer ts.Close()
	if resp, body := do(t, "GET", ts.URL+"/readyz", nil); resp.StatusCode != 503 || !strings.Contains(body, "not open") {
		t.Errorf("/readyz without an index: %d %s", resp.StatusCode, body)
	}
	s.setSearch(refusal{"search index x: not built: run catalogue build"})
	if resp, body := do(t, "GET", ts.URL+"/readyz", nil); resp.StatusCode != 503 || !strings.Contains(body, "not built") {
		t.Errorf("/readyz with an index refused: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, "GET", ts.URL+"/healthz", nil); resp.StatusCode != 200 {
		t.Errorf("/healthz: %d %s", resp.StatusCode, body)
	}
	var out syncBuffer
	if err := run(context.Background(), []string{"build", "-root", dir}, &out, &out); err != nil {
		t.Fatal(err, out.String())
	}
	if err := s.openSearch(); err != nil {
		t.Fatal(err)
	}
	defer s.closeSearch()
	if resp, body := do(t, "GET", ts.URL+"/readyz", nil); resp.StatusCode != 200 {
		t.Errorf("/readyz with the index open: %d %s", resp.StatusCode, body)
	}
	s.draining.Store(true)
	if resp, body := do(t, "GET", ts.URL+"/readyz", nil); resp.StatusCode != 503 || !strings.Contains(body, "shutting down") {
		t.Errorf("/readyz while draining: %d %s", resp.StatusCode, body)
	}
}

// TestServeMetrics scrapes /metrics and reads it with Prometheus's own
// parser.
func TestServeMetrics(t *testing.T) {
	t.Parallel()
	dir := builtSite(t)
	srv := startServe(t, "-no-build", "-root", dir)
	for range 3 {
		do(t, "GET", srv.base+"/api/search?q=cloud", nil)
	}
	do(t, "GET", srv.base+"/no/such/page/", nil)
	resp, body := do(t, "GET", srv.base+"/metrics", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics does not parse: %v\n%s", err, body)
	}
	value := func(name string, labels map[string]string) (float64, bool) {
		fam := fams[name]
		if fam == nil {
			return 0, false
		}
	metric:
		for _, m := range fam.Metric {
			for _, l := range m.Label {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					continue metric
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount()), true
			}
		}
		return 0, false
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"catalogue_http_requests_total", map[string]string{"route": "search", "code": "200"}, 3},
		{"catalogue_http_requests_total", map[string]string{"route": "static", "code": "404"}, 1},
		{"catalogue_http_request_duration_seconds", map[string]string{"route": "search", "code": "200"}, 3},
		{"catalogue_search_index_up", nil, 1},
		{"catalogue_search_index_entries", nil, 9},
	} {
		if got, ok := value(c.name, c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	for _, name := range []string{"catalogue_search_index_bytes", "catalogue_search_index_age_seconds"} {
		if got, ok := value(name, nil); !ok || got <= 0 {
			t.Errorf("%s = %v (found %v), want > 0", name, got, ok)
		}
	}
	if fams["go_goroutines"] == nil || fams["process_resident_memory_bytes"] == nil && fams["process_cpu_seconds_total"] == nil {
		t.Error("no Go or process metrics")
	}
}

// A blockingSearcher holds every search until released.
type blockingSearcher struct {
	started chan struct{}
	release chan struct{}
}

func (b *blockingSearcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.started <- struct{}{}
	<-b.release
	io.WriteString(w, `{"total":0}`)
}

func (b *blockingSearcher) Close() error { return nil }

// TestSearchBusy checks the bound on concurrent searches: one more is
// answered 503 with Retry-After at once, never queued.
func TestSearchBusy(t *testing.T) {
	t.Parallel()
	s := newServer(generator.Options{Root: t.TempDir()}, false, limits{searches: 2}, io.Discard, io.Discard)
	b := &blockingSearcher{started: make(chan struct{}), release: make(chan struct{})}
	s.setSearch(b)
	ts := httptest.NewServer(s)
	defer ts.Close()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if resp, body := do(t, "GET", ts.URL+"/api/search?q=a", nil); resp.StatusCode != 200 {
				t.Errorf("a search within the bound: %d %s", resp.StatusCode, body)
			}
		})
		<-b.started
	}
	resp, body := do(t, "GET", ts.URL+"/api/search?q=b", nil)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `"code":"busy"`) {
		t.Errorf("a search beyond the bound: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	close(b.release)
	wg.Wait()
	go func() { <-b.started }()
	if resp, body := do(t, "GET", ts.URL+"/api/search?q=c", nil); resp.StatusCode != 200 {
		t.Errorf("a search after the others ended: %d %s", resp.StatusCode, body)
	}
}

// TestServeStarved fills the connection cap with clients that hold their
// connection without using it — idle, sending half a request, kept alive
// after one, not reading a large answer — and shows that another client
// is still served: the timeouts close theirs and free the slots.
func TestServeStarved(t *testing.T) {
	// Not parallel: its connections have deadlines that the other tests'
	// load could make it miss.
	dir := builtSite(t)
	big := make([]byte, 64<<20) // more than the socket buffers hold
	if err := os.WriteFile(filepath.Join(dir, "public", "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, "-no-build", "-root", dir, "-max-conns", "4",
		"-read-timeout", "300ms", "-write-timeout", "300ms", "-idle-timeout", "300ms")
	addr := strings.TrimPrefix(srv.base, "http://")
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	idle := dial()
	half := dial()
	io.WriteString(half, "GET / HTTP/1.1\r\nHost: x\r\n")
	kept := dial()
	io.WriteString(kept, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(kept), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("kept-alive client: %v %v", resp, err)
	}
	slow := dial()
	io.WriteString(slow, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")

	client := &http.Client{Timeout: 30 * time.Second}
	r, err := client.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatalf("another client is not served: %v", err)
	}
	r.Body.Close()
	// Every connection held was closed by the server.
	for name, c := range map[string]net.Conn{"idle": idle, "half a request": half, "kept alive": kept, "not reading": slow} {
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		_, err := io.Copy(io.Discard, c)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s: the server kept the connection\n%s", name, srv.stderr)
		}
	}
}

// TestServeDrain stops the server while a large file is being sent: the
// client gets all of it, and serve returns cleanly.
func TestServeDrain(t *testing.T) {
	// Not parallel: its connections have deadlines that the other tests'
	// load could make it miss.
	dir := builtSite(t)
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = byte(i)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	// The drain is bounded by -shutdown-timeout; the test gives it all
	// the time a loaded machine under -race may need to send 64 MB.
	srv := startServe(t, "-no-build", "-root", dir, "-shutdown-timeout", "10m", "-lang", "en")
	resp, err := http.Get(srv.base + "/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 1<<20)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- srv.stop(t) }()
	waitFor(t, "the shutdown to start", func() bool { return strings.Contains(srv.stdout.String(), "stopping") })
	if _, err := http.Get(srv.base + "/healthz"); err == nil {
		t.Error("a new request was accepted after the shutdown started")
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil || len(first)+len(rest) != len(big) {
		t.Errorf("the request in flight got %d of %d bytes: %v", len(first)+len(rest), len(big), err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serve returned %v", err)
	}
}

// TestServeSwapWhileQuerying edits an entry while clients search: every
// search is answered, none with a 503, and the new words are found.
func TestServeSwapWhileQuerying(t *testing.T) {
	t.Parallel()
	dir := siteDir(t)
	srv := startServe(t, "-root", dir)
	search := func(q string) (int, int) {
		resp, body := do(t, "GET", srv.base+"/api/search?q="+q, nil)
		var res struct{ Total int }
		json.Unmarshal([]byte(body), &res)
		return resp.StatusCode, res.Total
	}
	if code, total := search("cloud"); code != 200 || total == 0 {
		t.Fatalf("before the edits: %d, %d found", code, total)
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	bad := map[int]int{} // status: searches
	n, failed := 0, 0
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				code, _ := search("cloud")
				mu.Lock()
				n++
				if code != 200 {
					bad[code]++
					failed++
				}
				mu.Unlock()
			}
		})
	}
	file := filepath.Join(dir, "content", "mutualisations", "M001.md")
	src, _ := os.ReadFile(file)
	for i := range 3 {
		word := fmt.Sprintf("zorglub%c", 'a'+i)
		if err := os.WriteFile(file, []byte(string(src)+"\n"+word+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, word+" found", func() bool { _, total := search(word); return total == 1 })
	}
	stop()
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d searches of %d were not answered during the edits: %v", failed, n, bad)
	}
}

// TestServeNoBuildNewIndex builds the site in place under a running
// serve -no-build: the new words are found, once by polling, once on
// SIGHUP alone, and the old index's files are closed.
func TestServeNoBuildNewIndex(t *testing.T) {
	for _, how := range []string{"poll", "SIGHUP"} {
		t.Run(how, func(t *testing.T) {
			dir := builtSite(t)
			poll := "100ms"
			if how == "SIGHUP" {
				poll = "0"
			}
			srv := startServe(t, "-no-build", "-root", dir, "-poll", poll)
			total := func(q string) int {
				_, body := do(t, "GET", srv.base+"/api/search?q="+q, nil)
				var res struct{ Total int }
				json.Unmarshal([]byte(body), &res)
				return res.Total
			}
			if total("zorglub") != 0 {
				t.Fatal("found before the edit")
			}
			file := filepath.Join(dir, "content", "mutualisations", "M001.md")
			src, _ := os.ReadFile(file)
			if err := os.WriteFile(file, append(src, "\nzorglub\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			var out syncBuffer
			if err := run(context.Background(), []string{"build", "-root", dir}, &out, &out); err != nil {
				t.Fatal(err, out.String())
			}
			if how == "SIGHUP" {
				time.Sleep(300 * time.Millisecond)
				if total("zorglub") != 0 {
					t.Fatal("new index taken without poll nor SIGHUP")
				}
				hup(t)
			}
			waitFor(t, "the new word", func() bool { return total("zorglub") == 1 })
			// The old index is closed just after the new one answers.
			waitFor(t, "the old index's files closed", func() bool { return len(deletedFilesOpen(t, dir)) == 0 })
		})
	}
}

// TestServeNoBuildSwitch rolls a deployment forward the way
// docs/deployment.md says: each release in a folder of its own, serve's
// root a symbolic link switched from one to the next.
func TestServeNoBuildSwitch(t *testing.T) {
	t.Parallel()
	old, next := builtSite(t), siteDir(t)
	file := filepath.Join(next, "content", "mutualisations", "M001.md")
	src, _ := os.ReadFile(file)
	if err := os.WriteFile(file, append(src, "\nzorglub\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	if err := run(context.Background(), []string{"build", "-root", next}, &out, &out); err != nil {
		t.Fatal(err, out.String())
	}
	current := filepath.Join(t.TempDir(), "current")
	if err := os.Symlink(old, current); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	srv := startServe(t, "-no-build", "-root", current, "-poll", "100ms")
	total := func() int {
		_, body := do(t, "GET", srv.base+"/api/search?q=zorglub", nil)
		var res struct{ Total int }
		json.Unmarshal([]byte(body), &res)
		return res.Total
	}
	if total() != 0 {
		t.Fatal("found before the switch")
	}
	tmp := current + ".new"
	if err := os.Symlink(next, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, current); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new release's words", func() bool { return total() == 1 })
	if _, page := get(t, srv.base+"/mutualisations/m001/"); !strings.Contains(page, "zorglub") {
		t.Error("the pages are still the old release's")
	}
}

// deletedFilesOpen lists the files under dir that this process holds open
// after they were removed.
func deletedFilesOpen(t *testing.T, dir string) []string {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	var out []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir) && strings.HasSuffix(target, " (deleted)") {
			out = append(out, target)
		}
	}
	return out
}

// TestWriteEvent checks that nothing in an event's data ends it or starts
// another, read as a browser reads the stream.
func TestWriteEvent(t *testing.T) {
	t.Parallel()
	for _, data := range []string{
		"one line",
		"two\nlines",
		"content/x\revent: reload\r.md:1:1: error",
		"crlf\r\nevent: reload\r\n\r\ndata: x",
		"lone\r\rcr",
	} {
		var b strings.Builder
		writeEvent(&b, event{"build-error", data})
		evs := readEvents(b.String())
		if len(evs) != 1 || evs[0].name != "build-error" {
			t.Errorf("%q: events %q, want one build-error", data, evs)
			continue
		}
		want := strings.Join(lineBreaks.Split(data, -1), "\n")
		if evs[0].data != want {
			t.Errorf("%q: data %q, want %q", data, evs[0].data, want)
		}
	}
}

// readEvents parses an event stream as the HTML standard says: lines end
// at CRLF, LF or CR; an empty line dispatches the event.
func readEvents(stream string) []event {
	var evs []event
	var ev event
	var data []string
	for _, line := range lineBreaks.Split(stream, -1) {
		switch {
		case line == "":
			if data != nil {
				ev.data = strings.Join(data, "\n")
				evs = append(evs, ev)
			}
			ev, data = event{}, nil
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		}
	}
	return evs
}

// TestServeCarriageReturnName gives a broken entry a file name with
// carriage returns and a fake event: the browser gets one build-error,
// and no reload.
func TestServeCarriageReturnName(t *testing.T) {
	t.Parallel()
	dir := siteDir(t)
	srv := startServe(t, "-root", dir)
	resp, err := http.Get(srv.base + "/_catalogue/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	streamed := make(chan string, 1)
	go func() {
		var got strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			got.Write(buf[:n])
			if evs := readEvents(got.String()); len(evs) > 0 || err != nil {
				streamed <- got.String()
				return
			}
		}
	}()
	name := filepath.Join(dir, "content", "mutualisations", "M9\revent: reload\r\rdata: x\r.md")
	if err := os.WriteFile(name, []byte("+++\nid = \n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stream string
	select {
	case stream = <-streamed:
	case <-time.After(30 * time.Second):
		t.Fatal("no event")
	}
	evs := readEvents(stream)
	if len(evs) != 1 || evs[0].name != "build-error" || !strings.Contains(evs[0].data, "M9") {
		t.Errorf("events %q, want one build-error about M9\nstream %q", evs, stream)
	}
}

// hup sends SIGHUP to this process, where serve runs.
func hup(t *testing.T) {
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Signal(syscall.SIGHUP)
	}
	if err != nil {
		t.Skipf("cannot send SIGHUP: %v", err)
	}
}

// TestAnswersKept checks the answers kept per index: a query asked again
// is answered without a search, with the same bytes and ETag; errors are
// not kept; the oldest answer goes first.
func TestAnswersKept(t *testing.T) {
	t.Parallel()
	searches := map[string]int{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("q")
		searches[q]++
		if q == "bad" {
			http.Error(w, `{"error":"bad"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"query":%q,"search":%d}`, q, searches[q])
	})
	l := &liveIndex{h: h, tag: []byte("index"), answers: newAnswers(2)}
	ask := func(q string) (int, string, string) {
		w := httptest.NewRecorder()
		l.ServeHTTP(w, httptest.NewRequest("GET", "/api/search?q="+q, nil))
		return w.Code, w.Header().Get("ETag"), w.Body.String()
	}
	_, tag1, body1 := ask("a")
	_, tag2, body2 := ask("a")
	if searches["a"] != 1 || body1 != body2 || tag1 != tag2 || body2 != `{"query":"a","search":1}` {
		t.Errorf("asked twice: %d searches, %q then %q, tags %s %s", searches["a"], body1, body2, tag1, tag2)
	}
	for range 2 {
		if code, _, _ := ask("bad"); code != 400 {
			t.Errorf("bad: %d", code)
		}
	}
	if searches["bad"] != 2 {
		t.Errorf("an error was kept: %d searches for 2 requests", searches["bad"])
	}
	ask("b")
	ask("c") // a goes
	ask("a")
	if searches["a"] != 2 || searches["c"] != 1 {
		t.Errorf("eviction: searches %v", searches)
	}
}

// TestSearchPageBusy checks that the search page, filled by the server,
// keeps to the same bound as the API: with every place taken, a query is
// answered 503 with Retry-After, and the page still shows its form.
func TestSearchPageBusy(t *testing.T) {
	t.Parallel()
	dir := builtSite(t)
	s := newServer(generator.Options{Root: dir}, false, limits{searches: 1}, io.Discard, io.Discard)
	if err := s.openSearch(); err != nil {
		t.Fatal(err)
	}
	defer s.closeSearch()
	ts := httptest.NewServer(s)
	defer ts.Close()
	if resp, body := do(t, "GET", ts.URL+"/search/?q=cloud", nil); resp.StatusCode != 200 || !strings.Contains(body, `id="search-results"`) {
		t.Fatalf("a search within the bound: %d", resp.StatusCode)
	}
	s.searches <- struct{}{} // the one place, taken
	resp, body := do(t, "GET", ts.URL+"/search/?q=cloud", nil)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `id="search-q"`) {
		t.Errorf("a search beyond the bound: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	<-s.searches
}
