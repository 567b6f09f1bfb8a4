package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"catalogue/search"
	"catalogue/search/static"
)

// searchPage serves a search page of the site (/search/, /en/search/):
// with the search API up, filled with the results of the query in its
// URL, so that the search form works without JavaScript (the script, when
// it runs, searches again over the same markup); without it, as built,
// saying that the search needs JavaScript.
func (s *server) searchPage(w http.ResponseWriter, r *http.Request, file string) {
	l := s.currentIndex()
	if l == nil {
		s.html(w, r, file, http.StatusOK)
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		s.html(w, r, file, http.StatusOK)
		return
	}
	page, err := search.ParsePage(data)
	if err != nil {
		s.writeHTML(w, r, data, http.StatusOK)
		return
	}
	req, err := search.ParseRequest(r.URL.RawQuery)
	if err != nil {
		s.writeHTML(w, r, page.Render(req, nil, err), http.StatusBadRequest)
		return
	}
	if req.Query == "" && len(req.Filters) == 0 {
		s.writeHTML(w, r, page.Render(req, nil, nil), http.StatusOK)
		return
	}
	release, ok := s.acquireSearch(w)
	if !ok {
		s.writeHTML(w, r, page.Render(req, nil, errors.New("busy")), http.StatusServiceUnavailable)
		return
	}
	defer release()
	page.AddLabels(s.contentLabels())
	ctx, cancel := context.WithTimeout(r.Context(), pageSearchTimeout)
	defer cancel()
	res, err := l.search(ctx, req)
	status := http.StatusOK
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		status = http.StatusBadRequest
	case err != nil:
		status = http.StatusServiceUnavailable
	}
	s.writeHTML(w, r, page.Render(req, res, err), status)
}

// pageSearchTimeout bounds the search of a page, as the API's.
const pageSearchTimeout = 10 * time.Second

// contentLabels reads the labels of the facet values that come from the
// content (owners, programmes) from the static search files; none when
// they cannot be read.
func (s *server) contentLabels() map[string]map[string]string {
	dir := filepath.Join(s.opts.Public, static.Dir)
	var idx struct {
		Version string `json:"version"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil || json.Unmarshal(data, &idx) != nil || !fs.ValidPath(idx.Version) {
		return nil
	}
	var labels map[string]map[string]string
	data, err = os.ReadFile(filepath.Join(dir, idx.Version, "labels.json"))
	if err != nil || json.Unmarshal(data, &labels) != nil {
		return nil
	}
	return labels
}

// search runs req on the index unless it is closed.
func (l *liveIndex) search(ctx context.Context, req search.Request) (*search.Result, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return nil, errors.New("the search index is being replaced: retry")
	}
	return l.ix.Search(ctx, req)
}
