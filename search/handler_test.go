package search

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAPIShape checks the JSON of /api/search: its keys and their types,
// written to testdata/api-shape.json (go test -update rewrites it).
func TestAPIShape(t *testing.T) {
	t.Parallel()
	fx := bundled(t)
	srv := httptest.NewServer(NewHandler(fx.ix))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/search?q=signatrue&kind=mutualisation")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var body any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	got := shape(body)
	data, _ := json.MarshalIndent(got, "", "  ")
	if *update {
		if err := os.WriteFile("testdata/api-shape.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/api-shape.json")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), string(data)); diff != "" {
		t.Errorf("API shape (-testdata/api-shape.json +got):\n%s", diff)
	}
	res := body.(map[string]any)
	hit := res["hits"].([]any)[0].(map[string]any)
	for k, v := range map[string]any{"id": "M010", "kind": "mutualisation", "url": "/mutualisations/m010/", "lang": "fr", "title": "Signature / vérif Sign."} {
		if hit[k] != v {
			t.Errorf("first hit %s = %v, want %v", k, hit[k], v)
		}
	}
	if s := hit["snippet"].(string); !strings.Contains(s, "<mark>signature</mark>") {
		t.Errorf("snippet %q lacks the highlighted word", s)
	}
	kinds := res["facets"].(map[string]any)["kind"].([]any)
	if len(kinds) < 2 {
		t.Errorf("kind counts %v: a filtered facet should still count its other values", kinds)
	}
}

// shape replaces the values of a JSON document by their types; a list
// shows the shape of its first element.
func shape(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out[k] = shape(v[k])
		}
		return out
	case []any:
		if len(v) == 0 {
			return []any{}
		}
		return []any{shape(v[0])}
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "?"
}

// TestBadInput sends what a search box or a crawler may send: the API
// answers with a clear 400 or an empty result, never a 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	fx := small(t)
	srv := httptest.NewServer(NewHandler(fx.ix))
	defer srv.Close()
	for _, tc := range []struct {
		name, method, query string
		status              int
		code                string // of a 400
		total               int    // of a 200; -1: any
	}{
		{"empty", "GET", "q=", 200, "", 0},
		{"no parameters", "GET", "", 200, "", 0},
		{"spaces", "GET", "q=%20%20%20", 200, "", 0},
		{"10 KB", "GET", "q=" + strings.Repeat("signature+", 1024), 400, "too_long", 0},
		{"200 characters", "GET", "q=" + strings.Repeat("a", 200), 200, "", 0},
		{"too many words", "GET", "q=" + strings.Repeat("mot+", 20), 400, "too_many_words", 0},
		{"unbalanced quote", "GET", "q=%22signature", 200, "", 1},
		{"quotes", "GET", "q=%22%22%22%27%27", 200, "", 0},
		{"operators", "GET", "q=%2Bsignature+-messagerie+AND+OR+*+%3F+~2+%5E3", 200, "", -1},
		{"NUL and controls", "GET", "q=sign%00ature%01%1b", 200, "", -1},
		{"invalid UTF-8", "GET", "q=%ff%fe", 400, "bad_encoding", 0},
		{"bad escape", "GET", "q=%zz", 400, "bad_encoding", 0},
		{"emoji", "GET", "q=%F0%9F%99%82", 200, "", 0},
		{"zero-width and bidi", "GET", "q=sig%E2%80%8Bnature%E2%80%AE", 200, "", -1},
		{"combining marks only", "GET", "q=%CC%81%CC%81%CC%81", 200, "", 0},
		{"other scripts", "GET", "q=%E6%97%A5%E6%9C%AC%E8%AA%9E+%D0%BC%D0%B8%D1%80+%D7%A9%D7%9C%D7%95%D7%9D", 200, "", -1},
		{"long word", "GET", "q=" + strings.Repeat("x", 150), 200, "", 0},
		{"unknown filter value", "GET", "q=signature&kind=nope", 200, "", 0},
		{"filter only", "GET", "kind=mutualisation", 200, "", 2},
		{"unknown parameter", "GET", "q=signature&foo=bar", 200, "", 1},
		{"page 0", "GET", "q=signature&page=0", 400, "bad_page", 0},
		{"page -1", "GET", "q=signature&page=-1", 400, "bad_page", 0},
		{"page text", "GET", "q=signature&page=deux", 400, "bad_page", 0},
		{"page past the end", "GET", "q=signature&page=99", 200, "", 1},
		{"huge page", "GET", "q=signature&page=99999999999999999999", 400, "bad_page", 0},
		{"size too big", "GET", "q=signature&size=1000", 400, "bad_size", 0},
		{"too many filter values", "GET", "q=a" + strings.Repeat("&kind=x", 40), 400, "bad_filter", 0},
		{"POST", "POST", "q=signature", 405, "bad_method", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+"/api/search?"+tc.query, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if tc.status != 200 {
				var e struct{ Error, Code string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || e.Code != tc.code {
					t.Errorf("body %s, want an error with code %q", body, tc.code)
				}
				return
			}
			var res Result
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			if tc.total >= 0 && res.Total != tc.total {
				t.Errorf("total %d, want %d", res.Total, tc.total)
			}
			if res.Hits == nil {
				t.Error("hits is null, want a list")
			}
		})
	}
}
