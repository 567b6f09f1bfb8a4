package main

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// caseFold wraps the site handler: a page address typed or linked in
// another case, as a code is written (/mutualisations/M075/), moves
// permanently to the page's own address (/mutualisations/m075/). Only an
// address that has no file of its own and whose lower-case form is a page
// of the built site under public moves; base returns the path the site is
// served under.
func caseFold(public string, base func() string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to, ok := foldedPage(public, base(), r.URL.Path); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// foldedPage returns the address of the page that p names in another
// case, if p itself names nothing under public.
func foldedPage(public, base, p string) (string, bool) {
	lower := strings.ToLower(p)
	if lower == p || strings.Contains(p, "\\") {
		return "", false
	}
	clean := path.Clean("/" + p)
	rel, ok := strings.CutPrefix(clean, strings.TrimSuffix(base, "/"))
	if !ok || strings.Contains(rel, "..") {
		return "", false
	}
	if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(rel))); err == nil {
		return "", false // the address is a file in its own right
	}
	lowerRel := strings.ToLower(rel)
	if info, err := os.Stat(filepath.Join(public, filepath.FromSlash(lowerRel), "index.html")); err != nil || info.IsDir() {
		return "", false
	}
	return strings.TrimSuffix(base, "/") + strings.TrimSuffix(lowerRel, "/") + "/", true
}
