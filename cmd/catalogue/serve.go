package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"catalogue/generator"
	"catalogue/generator/content"
	"catalogue/internal/progress"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on")
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/)")
	noBuild := fs.Bool("no-build", false, "serve the site and index already built, without building or watching (production mode)")
	logFormat := fs.String("log", "", "access log on stderr: text, json or none (default text with -no-build, none otherwise)")
	poll := fs.Duration("poll", 2*time.Second, "with -no-build, how often to look for a new index (0: only on SIGHUP)")
	lim := limits{readHeader: 10 * time.Second}
	fs.DurationVar(&lim.read, "read-timeout", 30*time.Second, "time to read a whole request")
	fs.DurationVar(&lim.write, "write-timeout", 30*time.Second, "time to write a response (the live-reload stream has none)")
	fs.DurationVar(&lim.idle, "idle-timeout", 2*time.Minute, "time a kept-alive connection may wait for its next request")
	fs.IntVar(&lim.conns, "max-conns", 1024, "connections open at once; more wait to be accepted")
	fs.IntVar(&lim.searches, "max-searches", 64, "searches at once; more are answered 503 with Retry-After")
	fs.IntVar(&lim.answers, "answers", 4096, "search answers kept in memory for the queries asked again (0: none)")
	drain := fs.Duration("shutdown-timeout", 10*time.Second, "on SIGTERM or Ctrl-C, how long the requests in flight may take to finish")
	baseURL := baseURLFlag(fs)
	langVal := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := uiLang("serve", *langVal, *root, stderr)
	if err != nil {
		return err
	}
	if err := checkBaseURL("serve", *baseURL, lang, stderr); err != nil {
		return err
	}
	switch *logFormat {
	case "":
		*logFormat = "none"
		if *noBuild {
			*logFormat = "text"
		}
	case "text", "json", "none":
	default:
		fmt.Fprintf(stderr, "serve: -log %q: want text, json or none\n", *logFormat)
		return exitError(2)
	}
	if lim.read > 0 {
		lim.readHeader = min(lim.readHeader, lim.read)
	}
	s := newServer(generator.Options{Root: *root, BaseURL: *baseURL}, !*noBuild, lim, stdout, stderr)
	s.lang = lang
	s.log = newAccessLog(*logFormat, stderr)
	if s.dev {
		s.rebuild(ctx, nil)
	}
	if _, err := os.Stat(filepath.Join(s.opts.Public, "index.html")); err != nil && !s.dev {
		return fmt.Errorf("no built site in %s: run catalogue build first", s.opts.Public)
	}
	if err := s.openSearch(); err != nil && !s.dev {
		return fmt.Errorf("%w; refusing to serve a site whose search index does not match it", err)
	}
	defer s.closeSearch()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(caseFold(s.opts.Public, s.basePath, s), lim)
	base := s.basePath()
	fmt.Fprintf(stdout, "serving %s at http://%s%s (Ctrl-C to stop)\n", s.opts.Public, ln.Addr(), base)
	fmt.Fprintf(stdout, "search API at http://%s/api/search?q=…", ln.Addr())
	if !s.dev {
		fmt.Fprintf(stdout, "; probes at /healthz and /readyz, metrics at /metrics")
	}
	fmt.Fprintln(stdout)

	var wg sync.WaitGroup
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	if s.dev {
		w, err := newWatcher(*root)
		if err != nil {
			ln.Close()
			return err
		}
		defer w.Close()
		wg.Go(func() { s.watch(watchCtx, w) })
	} else {
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		wg.Go(func() { s.watchIndex(watchCtx, *poll, hup) })
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(newLimitListener(ln, lim.conns)) }()
	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	// Drain: stop accepting, let the requests in flight finish, then
	// close the index.
	fmt.Fprintln(stdout, "stopping")
	s.draining.Store(true)
	stopWatching()
	s.closeClients()
	shutdown, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	err = srv.Shutdown(shutdown)
	wg.Wait()
	return err
}

// newServer returns the server of the site opts.Root, in dev mode (build,
// watch, live reload) or not.
func newServer(opts generator.Options, dev bool, lim limits, stdout, stderr io.Writer) *server {
	root := opts.Root
	s := &server{
		opts:     opts,
		changed:  map[string]bool{},
		stdout:   stdout,
		stderr:   stderr,
		clients:  map[chan event]bool{},
		dev:      dev,
		limits:   lim,
		searches: make(chan struct{}, max(lim.searches, 1)),
	}
	s.opts.Public = filepath.Join(root, "public")
	s.opts.Index = indexDir(root)
	s.builder = generator.NewBuilder(s.opts)
	s.metrics = newMetrics(s)
	return s
}

// An event goes to the open browser tabs: a reload after a good build, or
// the diagnostics of a failed one.
type event struct {
	name, data string
}

// server serves the last good build of a site and, in dev mode, rebuilds it
// when its sources change.
type server struct {
	opts           generator.Options
	builder        *generator.Builder
	stdout, stderr io.Writer
	dev            bool
	lang           string          // of the messages in the terminal and the overlay
	changed        map[string]bool // files changed since the last rebuild; watch's own
	limits         limits
	log            *slog.Logger // access log; nil for none
	metrics        *serveMetrics
	searches       chan struct{} // a token per search running
	draining       atomic.Bool   // shutting down: not ready

	mu      sync.Mutex
	failure string // diagnostics of the last build, when it failed
	base    string // path of base_url, from the last good build
	clients map[chan event]bool
	search  searcher
}

func (s *server) basePath() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.base != "" {
		return s.base
	}
	return "/"
}

// rebuild builds the site after the given files changed (nil: all of
// it), reports the outcome in the terminal and to the browsers, and keeps
// serving the last good site when it fails. Browsers reload as soon as the
// pages are written; the exports and the index follow.
func (s *server) rebuild(ctx context.Context, changed []string) {
	reloaded := false
	start := time.Now()
	// The first build shows its progress on a terminal, as build does;
	// the line is cleared before anything else is printed.
	stopProgress := func() {}
	if changed == nil && terminal(s.stderr) {
		var stop func() []progress.Snapshot
		ctx, stop = startProgress(ctx, s.stderr, true)
		stopProgress = func() { stop() }
	}
	res, err := s.builder.Update(ctx, changed, func(res *generator.Result) {
		reloaded = true
		s.mu.Lock()
		s.failure = ""
		if u, err := url.Parse(res.Catalogue.Site.BaseURL); err == nil {
			s.base = "/" + strings.Trim(u.Path, "/") + "/"
			s.base = strings.Replace(s.base, "//", "/", 1)
		}
		s.mu.Unlock()
		s.broadcast(event{"reload", fmt.Sprintf("%d pages in %v", res.Pages, res.Took.Round(time.Millisecond))})
	})
	stopProgress()
	kind := "update"
	if changed == nil {
		kind = "full"
	}
	s.metrics.build(kind, time.Since(start), err)
	var msg bytes.Buffer
	if res != nil {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(&msg, termSafe(d.Text(s.lang)))
		}
	}
	if err != nil {
		var de *content.DiagnosticsError
		if !errors.As(err, &de) {
			fmt.Fprintln(&msg, err)
		}
		if reloaded {
			// The browsers have reloaded the new pages: they must
			// hear of the failure that followed, as the terminal does.
			msg.WriteString(say(s.lang, "the pages are up to date; updating the exports or the index failed") + "\n")
			fmt.Fprint(s.stderr, msg.String())
		} else {
			fmt.Fprintf(s.stderr, "%s%s\n", msg.String(), say(s.lang, "build failed; still serving the last good site"))
		}
		s.mu.Lock()
		s.failure = msg.String()
		s.mu.Unlock()
		s.broadcast(event{"build-error", msg.String()})
		return
	}
	if msg.Len() > 0 {
		fmt.Fprint(s.stderr, msg.String())
	}
	fmt.Fprintln(s.stdout, rebuilt(res, changed, s.lang))
	s.reopenSearch()
}

func (s *server) broadcast(ev event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a tab that does not read its events loses them
		}
	}
}

func (s *server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

// events streams build events to a browser tab (server-sent events).
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = true
	failure := s.failure
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	io.WriteString(w, "retry: 1000\n\n")
	if failure != "" {
		writeEvent(w, event{"build-error", failure})
	}
	if err := rc.Flush(); err != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			writeEvent(w, ev)
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}

// writeEvent writes ev in the event-stream format, where CR, LF and CRLF
// all end a line: the data is split at each of them, so that nothing in
// it (a file name with a carriage return in a diagnostic) can end the
// event early or start another.
func writeEvent(w io.Writer, ev event) {
	fmt.Fprintf(w, "event: %s\n", ev.name)
	for _, line := range lineBreaks.Split(ev.data, -1) {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	io.WriteString(w, "\n")
}

var lineBreaks = regexp.MustCompile(`\r\n|\r|\n`)

// live serves the live-reload script and the style of its overlay, files
// of their own so that the pages need no inline script or style.
func (s *server) live(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	if path.Ext(r.URL.Path) == ".css" {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		io.WriteString(w, liveCSS)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	io.WriteString(w, liveJS)
}

// file serves the built site, with the live-reload script added to HTML
// pages in dev mode. Every file has an ETag, answered 304 when the client
// has it, and may be kept if revalidated.
func (s *server) file(w http.ResponseWriter, r *http.Request) {
	base := s.basePath()
	p := path.Clean("/" + r.URL.Path)
	if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
		p += "/"
	}
	rel, ok := strings.CutPrefix(p, base)
	if !ok && p+"/" == base {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	if !ok {
		s.notFound(w, r)
		return
	}
	full := filepath.Join(s.opts.Public, filepath.FromSlash(rel))
	info, err := os.Stat(full)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(p, "/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		info, err = os.Stat(full)
	}
	if err != nil || !info.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	if strings.HasSuffix(full, ".html") {
		s.html(w, r, full, http.StatusOK)
		return
	}
	if filepath.Base(full) == "feed.xml" {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "no-cache")
	// A build rewrites every file it publishes: size and time of
	// modification change with the bytes, as for nginx's ETags.
	w.Header().Set("ETag", fmt.Sprintf(`"%x-%x"`, info.ModTime().UnixNano(), info.Size()))
	http.ServeFile(w, r, full)
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	full := filepath.Join(s.opts.Public, "404.html")
	if _, err := os.Stat(full); err != nil {
		http.NotFound(w, r)
		return
	}
	s.html(w, r, full, http.StatusNotFound)
}

func (s *server) html(w http.ResponseWriter, r *http.Request, file string, status int) {
	data, err := os.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			http.NotFound(w, r)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.mu.Lock()
	_, refused := s.search.(refusal)
	api := s.search != nil && !refused
	s.mu.Unlock()
	if api {
		// The search page asks the server instead of the static files.
		const meta = `<meta name="catalogue-search-api" content="/api/search">`
		if i := bytes.Index(data, []byte("</head>")); i >= 0 {
			data = append(data[:i:i], append([]byte(meta), data[i:]...)...)
		}
	}
	if s.dev {
		script := `<script src="/_catalogue/live.js" data-failed="` + html.EscapeString(say(s.lang, "Build failed — still serving the last good site")) +
			`" data-close="` + html.EscapeString(say(s.lang, "Close")) + `"></script>`
		if i := bytes.LastIndex(data, []byte("</body>")); i >= 0 {
			data = append(data[:i:i], append([]byte(script), data[i:]...)...)
		} else {
			data = append(data, script...)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if status == http.StatusOK {
		// The page as served (with what serve adds) is its own tag.
		sum := sha256.Sum256(data)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		w.Header().Set("ETag", etag)
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// liveJS reloads the page after a good build and shows the diagnostics of a
// failed one over it. Only serve injects it; built pages never carry it.
// It is a file of its own so that it is read, linted and diffed as script.
//
//go:embed live/live.js
var liveJS string

// liveCSS is the style of liveJS's overlay.
//
//go:embed live/live.css
var liveCSS string

// watcher watches a site's sources with fsnotify, including folders
// created after it started.
type watcher struct {
	*fsnotify.Watcher
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw}
	if err := w.Add(root); err != nil { // for site.toml
		fw.Close()
		return nil, err
	}
	for _, dir := range []string{"content", "themes"} {
		if err := w.addTree(filepath.Join(root, dir)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}

// relevant tells a change to a source from noise: editor swap files, and
// the build's own output at the root.
func relevant(root string, ev fsnotify.Event) bool {
	name := filepath.Base(ev.Name)
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") {
		return false
	}
	if filepath.Dir(ev.Name) == filepath.Clean(root) {
		return name == content.SiteFile
	}
	return true
}

// debounce is how long the watcher waits for a burst of changes (an
// editor's save, a git checkout) to end before rebuilding once.
const debounce = 100 * time.Millisecond

func (s *server) watch(ctx context.Context, w *watcher) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !relevant(s.opts.Root, ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = w.addTree(ev.Name)
				}
			}
			if rel, err := filepath.Rel(s.opts.Root, ev.Name); err == nil {
				s.changed[filepath.ToSlash(rel)] = true
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.stderr, "watch:", err)
		case <-timer.C:
			changed := make([]string, 0, len(s.changed))
			for p := range s.changed {
				changed = append(changed, p)
			}
			clear(s.changed)
			s.rebuild(ctx, changed)
		}
	}
}

// rebuilt is the line serve prints after a good rebuild: the summary of
// the first build, "rebuilt after site.toml changed: …" for a change that
// rebuilt everything, "updated M075 (8 pages) in 41ms; …" for an edit.
func rebuilt(res *generator.Result, changed []string, lang string) string {
	switch {
	case changed == nil:
		return summary(res, lang)
	case res.Full:
		return say(lang, "rebuilt after %s changed: %d pages, %d files in %v",
			listed(lang, changed, 3), res.Pages, res.Files, res.Took.Round(time.Millisecond))
	}
	var what []string
	for _, f := range changed {
		if e := res.Catalogue.EntryAt(f); e != nil {
			what = append(what, e.ID)
		} else {
			what = append(what, f) // removed
		}
	}
	return say(lang, "updated %s (%d pages) in %v; exports and index in %v",
		listed(lang, what, 3), res.Pages, res.PagesTook.Round(time.Millisecond), (res.Took - res.PagesTook).Round(time.Millisecond))
}

// listed names up to n items, then how many more: "a, b, c and 4 more".
func listed(lang string, items []string, n int) string {
	safe := make([]string, min(len(items), n))
	for i := range safe {
		safe[i] = termSafe(items[i])
	}
	if len(items) <= n {
		return strings.Join(safe, ", ")
	}
	return say(lang, "%s and %d more", strings.Join(safe, ", "), len(items)-n)
}
