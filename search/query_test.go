package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"M75", "m075"},
		{"m075", "m075"},
		{"M0075", "m075"},
		{"M7", "m007"},
		{"m000", "m000"},
		{"M1000", "m1000"},
		{"2.1.1", "2.1.1"},
		{"P1.1.1", "p1.1.1"},
		{"LS1.2", "ls1.2"},
		{"FranceConnect", "franceconnect"},
		{"M-075", "m075"},
		{"m-.75", "m075"},
		{"LS-1.2", "ls1.2"},
		{"e-2024", "e2024"},
		{"2-1", "2-1"},
	} {
		if got := normalizeCode(tc.in); got != tc.want {
			t.Errorf("normalizeCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParse checks how a query string becomes a plan: codes, required
// words, the word being typed.
func TestParse(t *testing.T) {
	t.Parallel()
	im := bundled(t).ix.im
	type plain struct {
		Codes    []string // id/prefix
		Required []string // fr/en/prefix
		Optional []string
	}
	show := func(p *plan) plain {
		var out plain
		for _, c := range p.codes {
			out.Codes = append(out.Codes, c.id+"/"+c.prefix)
			for _, w := range c.words {
				out.Optional = append(out.Optional, w.fr+"/"+w.en+"/"+w.prefix)
			}
		}
		for _, w := range p.required {
			out.Required = append(out.Required, w.fr+"/"+w.en+"/"+w.prefix)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		want plain
	}{
		{"M75", plain{Codes: []string{"m075/m75"}, Optional: []string{"m75/m75/m75"}}},
		{"M75 ", plain{Codes: []string{"m075/"}, Optional: []string{"m75/m75/"}}},
		{"2.4.3.a", plain{Codes: []string{"2.4.3.a/2.4.3.a"}, Optional: []string{"2.4.3/2.4.3/"}}}, // "a" is a lone letter
		{"signature", plain{Codes: []string{"signature/signature"}, Required: []string{"signatur/signatur/signature"}}},
		{"signature ", plain{Codes: []string{"signature/"}, Required: []string{"signatur/signatur/"}}},
		{"messagerie de l'État ", plain{Required: []string{"mesag/messageri/", "etat/l'état/"}}},
		{"the cloud", plain{Required: []string{"cloud/cloud/cloud"}}},
		{"İstanbul ΣΑΣ", plain{Required: []string{"istanbul/istanbul/", "σας/σας/σας"}}},
		{"  «M010»,  ", plain{Codes: []string{"m010/"}, Optional: []string{"m010/m010/"}}},
		{`"messagerie`, plain{Codes: []string{"messagerie/messagerie"}, Required: []string{"mesag/messageri/messagerie"}}},
		{"de la", plain{}},
		{"", plain{}},
		{"!!! ???", plain{}},
	} {
		p, err := parse(im, tc.q, QueryRules())
		if err != nil {
			t.Errorf("parse(%q): %v", tc.q, err)
			continue
		}
		if diff := cmp.Diff(tc.want, show(p)); diff != "" {
			t.Errorf("parse(%q) (-want +got):\n%s", tc.q, diff)
		}
	}
}

// TestParseJoins checks the words a plan also tries: adjacent words
// joined, a word cut in two, a code typed in two tokens.
func TestParseJoins(t *testing.T) {
	t.Parallel()
	im := bundled(t).ix.im
	show := func(p *plan) []string {
		var out []string
		for _, c := range p.codes {
			out = append(out, "code "+c.id)
		}
		for _, w := range p.required {
			for _, j := range w.joins {
				out = append(out, w.fr+" join "+j.fr)
			}
			for _, s := range w.splits {
				out = append(out, w.fr+" cut "+s.a.fr+"+"+s.b.fr)
			}
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"france connect ", []string{"franc join franceconect", "franc cut fra+nce", "conect join franceconect", "conect cut con+nect", "conect cut conn+ect"}},
		{"France-Connect ", []string{"code france-connect", "franc join franceconect", "franc cut fra+nce", "conect join franceconect", "conect cut con+nect", "conect cut conn+ect"}},
		{"france de connect ", []string{"franc cut fra+nce", "conect cut con+nect", "conect cut conn+ect"}}, // not adjacent
		{"M 75", []string{"code m075", "code 75"}},
		{"P 1.1.1 ", []string{"code p1.1.1", "code 1.1.1"}},
		{"cloud 2024", []string{"code 2024"}}, // five letters are no code's
		{"datascience ", []string{"code datascience", "datascienc cut dat+ascienc", "datascienc cut data+scienc", "datascienc cut data+cienc", "datascienc cut datasc+ienc", "datascienc cut datasci+ence", "datascienc cut datasc+nce"}},
	} {
		p, err := parse(im, tc.q, QueryRules())
		if err != nil {
			t.Errorf("parse(%q): %v", tc.q, err)
			continue
		}
		if diff := cmp.Diff(tc.want, show(p)); diff != "" {
			t.Errorf("parse(%q) (-want +got):\n%s", tc.q, diff)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	im := bundled(t).ix.im
	for _, tc := range []struct{ q, code string }{
		{strings.Repeat("a", 201), "too_long"},
		{strings.Repeat("é", 201), "too_long"},
		{strings.Repeat("mot ", 17), "too_many_words"},
		{"\xff\xfe", "bad_encoding"},
	} {
		_, err := parse(im, tc.q, QueryRules())
		var qe *QueryError
		if !errors.As(err, &qe) || qe.Code != tc.code {
			t.Errorf("parse(%.20q) = %v, want a %s error", tc.q, err, tc.code)
		}
	}
}

// FuzzSearch runs any query against the small site: the search either
// answers or refuses the query, and never fails otherwise.
func FuzzSearch(f *testing.F) {
	for _, q := range goldenQueries(f) {
		f.Add(q)
	}
	for _, q := range []string{"", " ", "\x00", "\"", "«»", "l'", "’’’", "2..1", "M", "m0", "é\u0301", "🙂", "a-b_c", "\u200b", "\u202e", "日本語", "ﬁ", "İstanbul", "ΣΑΣ"} {
		f.Add(q)
	}
	cat, md := loadSite(f, smallSite())
	fx, err := buildFixture(filepath.Join(f.TempDir(), "small"), cat, md)
	if err != nil {
		f.Fatal(err)
	}
	defer fx.ix.Close()
	f.Fuzz(func(t *testing.T, q string) {
		res, err := fx.ix.Search(context.Background(), Request{Query: q})
		var qe *QueryError
		if err != nil && !errors.As(err, &qe) {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if err == nil && (res.Total < len(res.Hits) || res.Hits == nil) {
			t.Fatalf("Search(%q): %d hits of %d", q, len(res.Hits), res.Total)
		}
	})
}

// goldenQueries returns the queries of testdata/golden.txt (the Go-quoted
// string that starts each line; search/static's tests read the rest), to
// seed the fuzzer.
func goldenQueries(t testing.TB) []string {
	data, err := os.ReadFile("testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, err := strconv.QuotedPrefix(line)
		if err == nil {
			q, err = strconv.Unquote(q)
		}
		if err != nil {
			t.Fatalf("testdata/golden.txt:%d: %v", i+1, err)
		}
		out = append(out, q)
	}
	return out
}
