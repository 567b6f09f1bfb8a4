package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestCaseFold(t *testing.T) {
	t.Parallel()
	public := t.TempDir()
	for _, f := range []string{"mutualisations/m075/index.html", "api/v1/mutualisations/M075.json", "actions/2.4.3.a/index.html", "Upper/index.html"} {
		p := filepath.Join(public, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	for _, tc := range []struct {
		base, method, url string
		code              int
		location          string
	}{
		{"/", "GET", "/mutualisations/M075/", 301, "/mutualisations/m075/"},
		{"/", "HEAD", "/mutualisations/M075", 301, "/mutualisations/m075/"},
		{"/", "GET", "/MUTUALISATIONS/M075/?a=1", 301, "/mutualisations/m075/?a=1"},
		{"/", "GET", "/actions/2.4.3.A/", 301, "/actions/2.4.3.a/"},
		{"/", "GET", "/mutualisations/m075/", 418, ""},                 // already canonical
		{"/", "GET", "/api/v1/mutualisations/M075.json", 418, ""},      // a file of its own
		{"/", "GET", "/mutualisations/M999/", 418, ""},                 // no such page: the 404
		{"/", "GET", "/Upper/", 418, ""},                               // a folder in that case exists
		{"/", "POST", "/mutualisations/M075/", 418, ""},                // only reads move
		{"/", "GET", "/mutualisations/M075/../../etc/PASSWD", 418, ""}, // nothing outside public
		{"/catalogue/", "GET", "/catalogue/mutualisations/M075/", 301, "/catalogue/mutualisations/m075/"},
		{"/catalogue/", "GET", "/other/mutualisations/M075/", 418, ""},
	} {
		h := caseFold(public, func() string { return tc.base }, next)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.url, nil))
		if w.Code != tc.code || w.Header().Get("Location") != tc.location {
			t.Errorf("%s %s (base %s): %d %q, want %d %q", tc.method, tc.url, tc.base, w.Code, w.Header().Get("Location"), tc.code, tc.location)
		}
	}
}
