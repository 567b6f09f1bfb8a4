package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"

	"catalogue/search"
)

// runSearch prints the top hits of a query from the built index:
//
//	catalogue search [-root DIR] [-kind K] [-theme T] … [-n N] [-json] QUERY…
//
// Flags and words may come in any order. A stale index still answers,
// with a warning.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/)")
	index := fs.String("index", "", "index folder (default ROOT/.catalogue/index)")
	n := fs.Int("n", 10, "number of hits to print (at most 50)")
	page := fs.Int("page", 1, "page of hits to print")
	asJSON := fs.Bool("json", false, "print the result as the search API's JSON")
	filters := map[string]*multiFlag{}
	for _, f := range []string{"kind", "theme", "status", "priority", "programme", "owner", "lang"} {
		filters[f] = &multiFlag{}
		fs.Var(filters[f], f, "keep hits with this "+f+" (repeat for any of several)")
	}
	var words []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	query := strings.Join(words, " ")
	if strings.TrimSpace(query) == "" && noFilters(filters) {
		return usageError(fs, "a query or a filter is needed")
	}
	dir := *index
	if dir == "" {
		dir = indexDir(*root)
	}
	// The index is checked against the content beside the search: the
	// check walks every content file.
	check := make(chan string, 1)
	go func() { check <- checkStale(dir, *root) }()
	stale := sync.OnceValue(func() string { return <-check })
	defer stale() // no check outlives the command
	ix, err := search.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	req := search.Request{Query: query, Page: *page, Size: *n, Filters: map[string][]string{}}
	for f, v := range filters {
		if len(*v) > 0 {
			req.Filters[f] = *v
		}
	}
	res, err := ix.Search(ctx, req)
	if s := stale(); s != "" {
		fmt.Fprintf(stderr, "warning: %s\n", termSafe(s))
	}
	var qe *search.QueryError
	if errors.As(err, &qe) {
		fmt.Fprintf(stderr, "catalogue search: %s\n", termSafe(qe.Error()))
		return exitError(2)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printResult(stdout, res)
	return nil
}

// multiFlag is a flag that may be repeated.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}

var _ flag.Value = (*multiFlag)(nil)

func noFilters(fs map[string]*multiFlag) bool {
	for _, v := range fs {
		if len(*v) > 0 {
			return false
		}
	}
	return true
}

func printResult(w io.Writer, res *search.Result) {
	switch res.Total {
	case 0:
		fmt.Fprintf(w, "no entry found for %q\n", res.Query)
		return
	case 1:
		fmt.Fprintf(w, "1 entry found for %q (%.1f ms)", res.Query, res.Took)
	default:
		fmt.Fprintf(w, "%d entries found for %q (%.1f ms)", res.Total, res.Query, res.Took)
	}
	switch {
	case res.Any && res.Full == 0:
		fmt.Fprint(w, ", none has every word: entries with some of them")
	case res.Any:
		fmt.Fprintf(w, ", %d with every word, then entries with some of them", res.Full)
	}
	fmt.Fprintln(w)
	var kinds []string
	for _, c := range res.Facets["kind"] {
		if c.Count > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", termSafe(c.Value), c.Count))
		}
	}
	if len(kinds) > 1 {
		fmt.Fprintln(w, strings.Join(kinds, ", "))
	}
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%2d. %s  %s\n", (res.Page-1)*res.Size+i+1, termSafe(h.ID), termSafe(h.Title))
		partial := ""
		if h.Partial {
			partial = "  (some of the words)"
		}
		fmt.Fprintf(w, "    %s  %s%s\n", termSafe(h.Kind), termSafe(h.URL), partial)
		if s := plainSnippet(h.Snippet); s != "" {
			fmt.Fprintf(w, "    %s\n", termSafe(s))
		}
	}
	if shown := (res.Page-1)*res.Size + len(res.Hits); shown < res.Total {
		fmt.Fprintf(w, "\n%d more: -page %d\n", res.Total-shown, res.Page+1)
	}
}

var markTag = regexp.MustCompile(`</?mark>`)

// plainSnippet turns a snippet's HTML into text, the words found between
// asterisks.
func plainSnippet(s string) string {
	return html.UnescapeString(markTag.ReplaceAllString(s, "*"))
}
