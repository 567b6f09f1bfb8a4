package main

import (
	"net/http"
)

// A searcher answers /api/search from the prebuilt index.
type searcher interface {
	http.Handler
	Close() error
}

// openSearch opens the index for the search API.
func (s *server) openSearch() {}

// reopenSearch switches to the index of a new build.
func (s *server) reopenSearch() {}

func (s *server) closeSearch() {}
