package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/export"
)

func TestFilesByRole(t *testing.T) {
	all := []export.File{{Path: "/a", Role: "catalogue"}, {Path: "/b", Role: "entry"}, {Path: "/c", Role: "collection"},
		{Path: "/d", Role: "redirect"}, {Path: "/e", Role: "entry"}, {Path: "/f", Role: "collection"}}
	paths := func(files []export.File) []string {
		var out []string
		for _, f := range files {
			out = append(out, f.Path)
		}
		return out
	}
	for _, tc := range []struct {
		roles []string
		in    bool
		want  []string
	}{
		{[]string{"collection"}, true, []string{"/c", "/f"}},
		{[]string{"entry", "redirect"}, true, []string{"/b", "/d", "/e"}},
		{[]string{"entry", "redirect"}, false, []string{"/a", "/c", "/f"}},
		{[]string{"feed"}, true, nil},
		{nil, false, []string{"/a", "/b", "/c", "/d", "/e", "/f"}},
	} {
		if diff := cmp.Diff(tc.want, paths(filesByRole(all, tc.roles, tc.in))); diff != "" {
			t.Errorf("filesByRole(%q, %v): (-want +got)\n%s", tc.roles, tc.in, diff)
		}
	}
}

func TestBreakable(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/schemas/action.schema.json": "/<wbr>api/<wbr>v1/<wbr>schemas/<wbr>action<wbr>.schema<wbr>.json",
		"https://x.org/a?b=<c>&d":            "https:/<wbr>/<wbr>x<wbr>.org/<wbr>a?b=&lt;c&gt;&amp;d",
		"":                                   "",
	} {
		if got := string(breakable(in)); got != want {
			t.Errorf("breakable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestURL checks url, which hands a path back as it is at the root of a
// domain, against the base and prefix it is made of.
func TestURL(t *testing.T) {
	for _, base := range []string{"/", "/catalogue/"} {
		for _, prefix := range []string{"", "/en"} {
			r := &Renderer{base: base, prefix: prefix}
			for _, p := range []string{"/", "/actions/", "/actions/2.1.1/", "/css/site.css", "/404.html", "actions/", "", "x.json"} {
				want := base + strings.TrimPrefix(p, "/")
				if prefix != "" && isPage(p) {
					want = base + prefix[1:] + "/" + strings.TrimPrefix(p, "/")
				}
				if got := r.url(p); got != want {
					t.Errorf("base %q, prefix %q: url(%q) = %q, want %q", base, prefix, p, got, want)
				}
			}
		}
	}
}

// TestDateFrench checks date in French against the fmt.Sprintf it was
// written with.
func TestDateFrench(t *testing.T) {
	r := &Renderer{lang: "fr"}
	for _, day := range []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(999, 8, 15, 12, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)} {
		d := fmt.Sprint(day.Day())
		if day.Day() == 1 {
			d = "1er"
		}
		if got, want := r.date(day), fmt.Sprintf("%s %s %d", d, monthsFR[day.Month()-1], day.Year()); got != want {
			t.Errorf("date(%v) = %q, want %q", day, got, want)
		}
	}
}
