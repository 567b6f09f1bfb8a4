package static

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"catalogue/search"
	"catalogue/search/index"
)

// A goldenCase is one line of search/testdata/golden.txt.
type goldenCase struct {
	Line    int
	Query   string
	Filters map[string][]string
	Page    int
	First   string
	Top     map[int][]string // n → ids among the first n hits
	Total   int              // -1: not checked
	Full    int              // hits with every word; -1: not checked
	Min     int
	None    bool
	Any     bool
	Same    string
	Error   string
}

// request is the search of a golden case.
func (c goldenCase) request() search.Request {
	return search.Request{Query: c.Query, Filters: c.Filters, Page: c.Page}
}

// readGolden reads and parses search/testdata/golden.txt, the golden
// queries package search also reads.
func readGolden(t testing.TB) []goldenCase {
	t.Helper()
	data, err := os.ReadFile("../testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := parseGolden(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// parseGolden reads the golden queries; see the file's header.
func parseGolden(data string) ([]goldenCase, error) {
	var out []goldenCase
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := goldenCase{Line: i + 1, Top: map[int][]string{}, Total: -1, Full: -1}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("search/testdata/golden.txt:%d: %s", i+1, fmt.Sprintf(format, args...))
		}
		quoted, err := strconv.QuotedPrefix(line)
		if err != nil {
			return nil, fail("query: %v", err)
		}
		c.Query, _ = strconv.Unquote(quoted)
		rest := strings.TrimSpace(line[len(quoted):])
		for rest != "" {
			key, val := rest, ""
			if j := strings.IndexFunc(rest, unicode.IsSpace); j >= 0 {
				key, rest = rest[:j], strings.TrimSpace(rest[j:])
			} else {
				rest = ""
			}
			if k, v, ok := strings.Cut(key, "="); ok {
				key, val = k, v
				if strings.HasPrefix(v, `"`) {
					q, err := strconv.QuotedPrefix(v + " " + rest)
					if err != nil {
						return nil, fail("%s: %v", k, err)
					}
					val, _ = strconv.Unquote(q)
					rest = strings.TrimSpace((v + " " + rest)[len(q):])
				}
			}
			n := func() int {
				x, e := strconv.Atoi(val)
				if e != nil && err == nil {
					err = fail("%s: %v", key, e)
				}
				return x
			}
			switch {
			case key == "first":
				c.First = val
			case strings.HasPrefix(key, "top"):
				k, e := strconv.Atoi(strings.TrimPrefix(key, "top"))
				if e != nil {
					return nil, fail("%s: %v", key, e)
				}
				c.Top[k] = strings.Split(val, ",")
			case key == "total":
				c.Total = n()
			case key == "full":
				c.Full = n()
			case key == "min":
				c.Min = n()
			case key == "page":
				c.Page = n()
			case key == "none":
				c.None = true
			case key == "any":
				c.Any = true
			case key == "same":
				c.Same = val
			case key == "error":
				c.Error = val
			case slices.Contains(index.FacetFields(), key) && val != "":
				if c.Filters == nil {
					c.Filters = map[string][]string{}
				}
				c.Filters[key] = strings.Split(val, ",")
			default:
				return nil, fail("unknown expectation %q", key)
			}
			if err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// check returns what res fails of the case's expectations.
func (c goldenCase) check(res *search.Result, byQuery map[string]*search.Result) []string {
	var bad []string
	ids := hitIDs(res, len(res.Hits))
	if c.First != "" && (len(ids) == 0 || ids[0] != c.First) {
		bad = append(bad, fmt.Sprintf("first is %v, want %s", first5(ids), c.First))
	}
	for n, want := range c.Top {
		top := ids[:min(n, len(ids))]
		for _, id := range want {
			if !contains(top, id) {
				bad = append(bad, fmt.Sprintf("top %d %v lacks %s", n, top, id))
			}
		}
	}
	if c.Total >= 0 && res.Total != c.Total {
		bad = append(bad, fmt.Sprintf("total %d, want %d", res.Total, c.Total))
	}
	if c.Full >= 0 && res.Full != c.Full {
		bad = append(bad, fmt.Sprintf("%d hits with every word, want %d", res.Full, c.Full))
	}
	// The hits with every word come first; the others, marked partial,
	// only when they are few.
	from := (max(c.Page, 1) - 1) * res.Size
	for i, h := range res.Hits {
		if want := from+i >= res.Full; h.Partial != want {
			bad = append(bad, fmt.Sprintf("hit %d (%s) of %d with every word: partial %v", from+i+1, h.ID, res.Full, h.Partial))
		}
	}
	if res.Any && res.Full >= 10 {
		bad = append(bad, fmt.Sprintf("partial hits after %d full ones", res.Full))
	}
	if res.Total < c.Min {
		bad = append(bad, fmt.Sprintf("total %d, want at least %d", res.Total, c.Min))
	}
	if c.None && res.Total != 0 {
		bad = append(bad, fmt.Sprintf("found %d (%v), want none", res.Total, first5(ids)))
	}
	if c.Any != res.Any {
		bad = append(bad, fmt.Sprintf("any = %v, want %v", res.Any, c.Any))
	}
	if c.Same != "" {
		other := byQuery[c.Same]
		if other == nil {
			bad = append(bad, fmt.Sprintf("same: no golden query %q", c.Same))
		} else if a, b := first5(ids), first5(hitIDs(other, 5)); strings.Join(a, " ") != strings.Join(b, " ") {
			bad = append(bad, fmt.Sprintf("first five %v, %q has %v", a, c.Same, b))
		}
	}
	return bad
}

func hitIDs(res *search.Result, n int) []string {
	var ids []string
	for _, h := range res.Hits[:min(n, len(res.Hits))] {
		ids = append(ids, h.ID)
	}
	return ids
}

func first5(ids []string) []string { return ids[:min(5, len(ids))] }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
