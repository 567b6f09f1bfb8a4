package content

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

// comparable turns a decoded value into one where a date is its day and
// whether TOML calls it a time of day, all the decoder reads of it.
func comparable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = comparable(x)
		}
		return out
	case []map[string]any:
		out := []any{"tables"}
		for _, x := range v {
			out = append(out, comparable(x))
		}
		return out
	case []any:
		out := []any{"array"}
		for _, x := range v {
			out = append(out, comparable(x))
		}
		return out
	case time.Time:
		return fmt.Sprintf("date %s %v", v.Format(time.DateOnly), v.Location().String() == "time-local")
	}
	return v
}

var plainTOMLCases = []struct {
	fm    string
	plain bool
}{
	{"id = \"1.1\"\ntitle = \"Alors qu'aujourd'hui\"\nthemes = [\"a\", \"b\"]\nowners = []\nyear = 2020\ndone = true\nupdated = 2020-07-17\n\n[[sources]]\ndocument = \"d\"\nsection = \"5\"\n[[sources]]\ndocument = 'e'\n[figures]\nx = 1\n", true},
	{"\n\nid = \"a\"\n", true},
	{"[[sources]]\ndocument = \"d\"\n", true},
	{"id = \"a\" # comment\n", false},
	{"id = \"a\\u00e9\"\n", false},
	{"id = \"\"\n", false},
	{"id = \"a\"\nid = \"b\"\n", false},
	{"[a]\nx = 1\nx = 2\n", false},
	{"a.b = 1\n", false},
	{"[a.b]\nx = 1\n", false},
	{"n = 012\n", false},
	{"n = -1\n", false},
	{"d = 2020-02-30\n", false},
	{"s = \"a\x01\"\n", false},
	{"s = \"\"\"\nx\n\"\"\"\n", false},
	{"t = [\n\"a\",\n]\n", false},
	{"id = \"a\"\r\n", false},
}

func TestPlainTOML(t *testing.T) {
	t.Parallel()
	for _, tc := range plainTOMLCases {
		raw, ok := decodePlainTOML(tc.fm)
		if ok != tc.plain {
			t.Errorf("%q: plain %v, want %v", tc.fm, ok, tc.plain)
		}
		if ok {
			samePlainTOML(t, tc.fm, raw)
		}
	}
}

func samePlainTOML(t *testing.T, fm string, raw map[string]any) {
	t.Helper()
	var want any
	if _, err := toml.Decode(fm, &want); err != nil {
		t.Fatalf("%q: decoded plainly, but TOML says: %v", fm, err)
	}
	if diff := cmp.Diff(comparable(want), comparable(raw)); diff != "" {
		t.Errorf("%q (-toml +plain):\n%s", fm, diff)
	}
}

// FuzzPlainTOML checks that a front matter decodePlainTOML accepts is TOML
// the parser accepts, with the same values.
func FuzzPlainTOML(f *testing.F) {
	for _, tc := range plainTOMLCases {
		f.Add(tc.fm)
	}
	for _, a := range testdataSites(f) {
		for _, file := range a.Files {
			if fm, _, _, err := splitFrontMatter(string(file.Data)); err == nil && strings.HasSuffix(file.Name, ".md") {
				f.Add(fm)
			}
		}
	}
	f.Fuzz(func(t *testing.T, fm string) {
		if raw, ok := decodePlainTOML(fm); ok {
			samePlainTOML(t, fm, raw)
		}
	})
}
