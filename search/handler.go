package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"catalogue/search/index"
)

// NewHandler serves searches of ix as JSON:
//
//	GET /api/search?q=signature&kind=mutualisation&theme=securite&page=2
//
// q is the query; each facet (kind, theme, status, priority, programme,
// owner, lang) may be given several times, any of its values matching;
// page counts from 1, size is the number of hits per page. The answer is
// a [Result]; a request the search refuses is a 400 with {"error": why}.
func NewHandler(ix *Index) http.Handler {
	return handler{ix}
}

type handler struct{ ix *Index }

// requestTimeout bounds a search; the slowest real query takes
// milliseconds.
const requestTimeout = 10 * time.Second

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, &QueryError{"bad_method", "method " + r.Method + " not allowed: use GET"})
		return
	}
	req, err := parseRequest(r.URL.RawQuery)
	var qe *QueryError
	if errors.As(err, &qe) {
		writeError(w, http.StatusBadRequest, qe)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	res, err := h.ix.Search(ctx, req)
	switch {
	case errors.As(err, &qe):
		writeError(w, http.StatusBadRequest, qe)
		return
	case err != nil && ctx.Err() != nil:
		writeError(w, http.StatusServiceUnavailable, &QueryError{"cancelled", "the search took too long or was cancelled"})
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, &QueryError{"failed", "the search failed: " + err.Error()})
		return
	}
	writeJSONResponse(w, http.StatusOK, res)
}

// parseRequest reads a search from a URL's query string.
func parseRequest(raw string) (Request, error) {
	var req Request
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return req, &QueryError{"bad_encoding", fmt.Sprintf("bad query string: %v", err)}
	}
	req.Query = vals.Get("q")
	for _, p := range []struct {
		name string
		to   *int
	}{{"page", &req.Page}, {"size", &req.Size}} {
		if s := vals.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return req, &QueryError{"bad_" + p.name, fmt.Sprintf("%s: %q is not a number", p.name, truncate(s, 20))}
			}
			if n == 0 {
				return req, &QueryError{"bad_" + p.name, fmt.Sprintf("%s: must be at least 1", p.name)}
			}
			*p.to = n
		}
	}
	for _, f := range index.FacetFields() {
		if vs, ok := vals[f]; ok {
			if req.Filters == nil {
				req.Filters = map[string][]string{}
			}
			req.Filters[f] = slices.Clone(vs)
		}
	}
	return req, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// writeError answers {"error": why, "code": which rule}.
func writeError(w http.ResponseWriter, status int, e *QueryError) {
	writeJSONResponse(w, status, map[string]string{"error": e.Msg, "code": e.Code})
}

func writeJSONResponse(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"cannot encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
