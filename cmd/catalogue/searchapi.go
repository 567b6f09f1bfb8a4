package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"catalogue/generator/content"
	"catalogue/search"
	searchindex "catalogue/search/index"
	"catalogue/search/static"
)

// A searcher answers /api/search from the prebuilt index.
type searcher interface {
	http.Handler
	Close() error
}

// openSearch opens the index for the search API. In production mode
// (-no-build) an index that does not match the content it is served with,
// or the static search files of public/, is refused: serve stops there
// with the reason. In dev mode the site is still served and /api/search
// says why, as the terminal did, until a good build.
func (s *server) openSearch() error {
	srch, err := s.loadSearch(context.Background())
	if err != nil {
		fmt.Fprintf(s.stderr, "search API unavailable: %v\n", err)
		s.setSearch(refusal{err.Error()})
		return err
	}
	s.setSearch(srch)
	return nil
}

// reopenSearch switches to the index of a new build: it opens the new
// one, puts it in place, then closes the old one once the searches in
// flight are done. The API never goes away meanwhile. When the new one
// cannot be opened the old one stays.
func (s *server) reopenSearch() error {
	start := time.Now()
	srch, err := s.loadSearch(context.Background())
	s.metrics.indexReload(time.Since(start), err)
	if err != nil {
		fmt.Fprintf(s.stderr, "search API: keeping the previous index: %v\n", err)
		return err
	}
	s.setSearch(srch)
	return nil
}

func (s *server) closeSearch() { s.setSearch(nil) }

// setSearch puts srch in place of the search the API answers from, and
// closes the one it replaces.
func (s *server) setSearch(srch searcher) {
	s.mu.Lock()
	old := s.search
	s.search = srch
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// currentIndex returns the open index the API answers from, or nil.
func (s *server) currentIndex() *liveIndex {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, _ := s.search.(*liveIndex)
	return l
}

// loadSearch opens the index and, in production mode, checks it against
// public/'s static search files (which must come from the same build)
// and, beside the first searches, against the content: a stale index is
// said once, on stderr, and still served; liveIndex.Stale tells it after.
func (s *server) loadSearch(ctx context.Context) (*liveIndex, error) {
	files := s.statIndex()
	ix, err := search.Open(s.opts.Index)
	if err != nil {
		return nil, err
	}
	if !s.dev {
		if err := static.Check(s.opts.Public, ix.Manifest()); err != nil {
			ix.Close()
			return nil, err
		}
	}
	l := newLiveIndex(ix, files, dirSize(s.opts.Index), s.limits.answers)
	if s.dev {
		close(l.checked)
		return l, nil
	}
	go func() {
		defer close(l.checked)
		l.stale = checkStale(s.opts.Index, s.opts.Root)
		if l.stale != "" {
			fmt.Fprintf(s.stderr, "warning: %s; serving it meanwhile\n", termSafe(l.stale))
		}
	}()
	return l, nil
}

// checkStale is staleness, with an error said as the reason: an index
// that cannot be checked is not known to be fresh.
func checkStale(indexDir, root string) string {
	stale, err := staleness(indexDir, root)
	if err != nil {
		return err.Error()
	}
	return stale
}

// staleness says why the index in indexDir is stale against the site at
// root, or "" when it is fresh. It walks the content once and reads no
// entry (index.CheckTree). A deployment that ships no sources (no
// site.toml) cannot be checked and is trusted.
func staleness(indexDir, root string) (string, error) {
	if _, err := os.Stat(filepath.Join(root, content.SiteFile)); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	stale, why, err := searchindex.CheckTree(indexDir, root)
	if err != nil {
		return "", fmt.Errorf("cannot check the search index %s against the content: %v", indexDir, err)
	}
	if !stale {
		return "", nil
	}
	return fmt.Sprintf("search index %s is stale: %s: run catalogue build", indexDir, why), nil
}

// dirSize is the total size of the files under dir, for the metrics.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// A liveIndex serves searches from an open index until it is closed;
// closing waits for the searches in flight.
type liveIndex struct {
	ix      *search.Index
	h       http.Handler
	tag     []byte     // hash of the manifest and the synonyms: what every answer depends on but the query
	files   indexFiles // as opened, to notice a new index
	bytes   int64      // size on disk
	answers *answers   // nil: none kept

	mu     sync.RWMutex
	closed bool
	// checked is closed once stale is known: the check walks the content,
	// and the first searches need not wait for it. nil: not checked.
	checked chan struct{}
	stale   string // why the index is stale, "" when fresh or not checked
}

// Stale says why the index is stale against the content, or "" when it
// is fresh or was not checked (dev mode, no sources). It waits for the
// check.
func (l *liveIndex) Stale() string {
	if l.checked != nil {
		<-l.checked
	}
	return l.stale
}

// staleNow is Stale without the wait: known is false while the check
// runs.
func (l *liveIndex) staleNow() (why string, known bool) {
	if l.checked == nil {
		return "", true
	}
	select {
	case <-l.checked:
		return l.stale, true
	default:
		return "", false
	}
}

func newLiveIndex(ix *search.Index, files indexFiles, bytes int64, keep int) *liveIndex {
	// The synonyms change answers without changing the manifest.
	m, _ := json.Marshal([]any{ix.Manifest(), ix.Synonyms()})
	sum := sha256.Sum256(m)
	return &liveIndex{ix: ix, h: search.NewHandler(ix), tag: sum[:], files: files, bytes: bytes, answers: newAnswers(keep), checked: make(chan struct{})}
}

// ServeHTTP answers a search. An answer depends only on the index and the
// query: its ETag is their hash, so a client or a cache that has it gets
// a 304 without a search being run.
func (l *liveIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		// Only a search that took the index just before it was replaced
		// gets here: the server already answers from the new one.
		refusal{"the search index is being replaced: retry"}.ServeHTTP(w, r)
		return
	}
	etag := l.etag(r.URL.RawQuery)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", searchCacheControl)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if a := l.answers.get(etag); a != nil {
		a.write(w, r)
		return
	}
	if l.answers == nil {
		l.h.ServeHTTP(&cacheable{ResponseWriter: w, etag: etag}, r)
		return
	}
	c := &capture{header: http.Header{}}
	l.h.ServeHTTP(&cacheable{ResponseWriter: c, etag: etag}, r)
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.status)
	w.Write(c.body.Bytes())
	if c.status == http.StatusOK && r.Method == http.MethodGet {
		l.answers.put(&answer{etag: etag, header: c.header, body: c.body.Bytes()})
	}
}

// searchCacheControl lets a browser or a cache keep an answer, asking
// the server whether it still holds (a 304 when it does): the index can
// change at any time.
const searchCacheControl = "public, no-cache"

func (l *liveIndex) etag(query string) string {
	h := sha256.New()
	h.Write(l.tag)
	h.Write([]byte{0})
	h.Write([]byte(query))
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// cacheable marks a good answer of the search handler with its ETag and
// lets caches keep it; errors stay uncached.
type cacheable struct {
	http.ResponseWriter
	etag string
}

func (c *cacheable) WriteHeader(status int) {
	if status == http.StatusOK {
		c.Header().Set("ETag", c.etag)
		c.Header().Set("Cache-Control", searchCacheControl)
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *cacheable) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// etagMatch tells whether an If-None-Match header names etag, with the
// weak comparison RFC 9110 asks for. Splitting at commas is enough: the
// tags this server makes hold none.
func etagMatch(header, etag string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// probe runs a query, as /readyz asks: an index that opened but cannot
// answer is not ready.
func (l *liveIndex) probe(ctx context.Context) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return errors.New("the search index is closed")
	}
	_, err := l.ix.Search(ctx, search.Request{Query: "catalogue", Size: 1})
	return err
}

func (l *liveIndex) Close() error {
	l.Stale() // the check reports to serve's stderr: not after it
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	return l.ix.Close()
}

// A refusal answers every search with why there is no index to search.
type refusal struct{ msg string }

func (r refusal) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	data, _ := json.Marshal(map[string]string{"error": r.msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(append(data, '\n'))
}

func (refusal) Close() error { return nil }

// searchAPI answers /api/search from the current index, at most
// cap(s.searches) at a time: beyond that it answers 503 with Retry-After
// at once rather than queue without limit.
func (s *server) searchAPI(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.search
	s.mu.Unlock()
	if h == nil {
		refusal{"the search index is not available"}.ServeHTTP(w, r)
		return
	}
	release, ok := s.acquireSearch(w)
	if !ok {
		data, _ := json.Marshal(map[string]string{"error": "too many searches at once: retry", "code": "busy"})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(append(data, '\n'))
		return
	}
	defer release()
	h.ServeHTTP(w, r)
}

// acquireSearch takes one of the cap(s.searches) places for a search, or,
// when all are taken, counts the refusal and sets Retry-After, leaving the
// 503's body to the caller. ok says which; release gives the place back.
func (s *server) acquireSearch(w http.ResponseWriter) (release func(), ok bool) {
	select {
	case s.searches <- struct{}{}:
		return func() { <-s.searches }, true
	default:
		s.metrics.searchRejected.Inc()
		w.Header().Set("Retry-After", "1")
		return nil, false
	}
}

// watchIndex notices a new index under -no-build: a build in place (or an
// operator switching the index folder) changes the index's manifest and
// the static search files, looked at every poll and on each signal from
// hup; the new index is opened, swapped in, and the old one closed. An
// index that cannot be opened is said once and the old one kept, until
// its files change again (a build swaps the index, then public/: the
// first look may see one new and the other old).
func (s *server) watchIndex(ctx context.Context, poll time.Duration, hup <-chan os.Signal) {
	var tick <-chan time.Time
	if poll > 0 {
		t := time.NewTicker(poll)
		defer t.Stop()
		tick = t.C
	}
	var refused indexFiles // the files of the last index refused
	for {
		forced := false
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case <-hup:
			forced = true
		}
		files := s.statIndex()
		if files.manifest == nil {
			continue // being replaced, or gone: keep the open one
		}
		if !forced && (files.same(refused) || s.serving(files)) {
			continue
		}
		fmt.Fprintf(s.stdout, "search index: opening %s\n", s.opts.Index)
		if err := s.reopenSearch(); err != nil {
			refused = files
			continue
		}
		refused = indexFiles{}
	}
}

// indexFiles are the files that tell one build's index from another's:
// its manifest and the static search files' index in public/.
type indexFiles struct {
	manifest, static os.FileInfo // nil when missing
}

func (s *server) statIndex() indexFiles {
	var f indexFiles
	f.manifest, _ = os.Stat(filepath.Join(s.opts.Index, searchindex.ManifestFile))
	f.static, _ = os.Stat(filepath.Join(s.opts.Public, static.Dir, "index.json"))
	return f
}

func (f indexFiles) same(g indexFiles) bool {
	return sameFile(f.manifest, g.manifest) && sameFile(f.static, g.static)
}

// serving tells whether files are those of the open index.
func (s *server) serving(files indexFiles) bool {
	l := s.currentIndex()
	return l != nil && files.same(l.files)
}

// sameFile tells whether a and b describe the same, unchanged file.
func sameFile(a, b os.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

// indexDir is where a site keeps its index, as generator.Options says.
func indexDir(root string) string { return filepath.Join(root, ".catalogue", "index") }
