package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"

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
		srch = refusal{err.Error()}
	}
	s.setSearch(srch)
	return err
}

// reopenSearch switches to the index of a new build: it opens the new
// one, then closes the old one once the searches in flight are done. When
// the new one cannot be opened the old one stays.
func (s *server) reopenSearch() {
	srch, err := s.loadSearch(context.Background())
	if err != nil {
		fmt.Fprintf(s.stderr, "search API: keeping the previous index: %v\n", err)
		return
	}
	s.setSearch(srch)
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

// loadSearch opens the index and, in production mode, checks it against
// public/'s static search files (which must come from the same build)
// and, beside the first searches, against the content: a stale index is
// said once, on stderr, and still served; liveIndex.Stale tells it after.
func (s *server) loadSearch(ctx context.Context) (searcher, error) {
	ix, err := search.Open(s.opts.Index)
	if err != nil {
		return nil, err
	}
	l := &liveIndex{ix: ix, h: search.NewHandler(ix), checked: make(chan struct{})}
	if s.dev {
		close(l.checked)
		return l, nil
	}
	if err := static.Check(s.opts.Public, ix.Manifest()); err != nil {
		ix.Close()
		return nil, err
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

// A liveIndex serves searches from an open index until it is closed;
// closing waits for the searches in flight.
type liveIndex struct {
	mu     sync.RWMutex
	ix     *search.Index
	h      http.Handler
	closed bool
	// checked is closed once stale is known: the check walks the content,
	// and the first searches need not wait for it.
	checked chan struct{}
	stale   string // why the index is stale, "" when fresh or not checked
}

// Stale says why the index is stale against the content, or "" when it
// is fresh or was not checked (dev mode, no sources), for a health check.
// It waits for the check.
func (l *liveIndex) Stale() string {
	<-l.checked
	return l.stale
}

func (l *liveIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		refusal{"the search index is being replaced: retry"}.ServeHTTP(w, r)
		return
	}
	l.h.ServeHTTP(w, r)
}

func (l *liveIndex) Close() error {
	<-l.checked // the check reports to serve's stderr: not after it
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
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(append(data, '\n'))
}

func (refusal) Close() error { return nil }

// indexDir is where a site keeps its index, as generator.Options says.
func indexDir(root string) string { return filepath.Join(root, ".catalogue", "index") }
