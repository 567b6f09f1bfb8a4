package content

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// changedFieldsBefore is ChangedFields as it was before it compared
// front matters block by block: both decoded whole. The new one must give
// the same answer for every input.
func changedFieldsBefore(old, new []byte) []string {
	oldText, oldBody, _, oldErr := splitFrontMatter(string(old))
	newText, newBody, _, newErr := splitFrontMatter(string(new))
	if oldErr == nil && newErr == nil && oldText == newText {
		if oldBody != newBody {
			return []string{"body"}
		}
		return nil
	}
	oldFM, oldBody := frontMatterOf(old)
	newFM, newBody := frontMatterOf(new)
	keys := func(m map[string]any) []string {
		rank := fieldRank()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			ra, oka := rank[a]
			rb, okb := rank[b]
			switch {
			case oka && okb:
				return cmp.Compare(ra, rb)
			case oka != okb:
				if oka {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		return keys
	}
	var out []string
	for _, k := range keys(newFM) {
		if ov, ok := oldFM[k]; !ok || !reflect.DeepEqual(ov, newFM[k]) {
			out = append(out, k)
		}
	}
	for _, k := range keys(oldFM) {
		if _, ok := newFM[k]; !ok {
			out = append(out, k)
		}
	}
	if oldBody != newBody {
		out = append(out, "body")
	}
	return out
}

// changedFieldsCases are pairs of versions whose front matters differ in
// the ways block comparison must get right.
var changedFieldsCases = []struct {
	name     string
	old, new string
	want     []string
}{
	{"title", "+++\nid = \"M001\"\ntitle = \"Cloud\"\n+++\nB\n", "+++\nid = \"M001\"\ntitle = \"Cloud de l'État\"\n+++\nB\n", []string{"title"}},
	{"quotes changed, same value", "+++\nid = \"M001\"\ntitle = \"Cloud\"\n+++\n", "+++\nid = 'M001'\ntitle = \"Cloud\"\n+++\n", nil},
	{"escape of the same text", "+++\ntitle = \"Cloud é\"\n+++\n", "+++\ntitle = \"Cloud \\u00e9\"\n+++\n", nil},
	{"key order", "+++\nid = \"M001\"\ntitle = \"Cloud\"\nstatus = \"done\"\n+++\n", "+++\nstatus = \"done\"\ntitle = \"Cloud\"\nid = \"M001\"\n+++\n", nil},
	{"order of the answer", "+++\nzeta = 1\nid = \"M001\"\ntitle = \"Cloud\"\n+++\n", "+++\ntitle = \"C\"\nalpha = 2\nid = \"M002\"\n+++\n", []string{"id", "title", "alpha", "zeta"}},
	{"table of sources",
		"+++\nid = \"1.1\"\n[[sources]]\ndocument = \"a\"\nsection = \"5\"\n[[sources]]\ndocument = \"b\"\n+++\n",
		"+++\nid = \"1.1\"\n[[sources]]\ndocument = \"a\"\nsection = \"6\"\n[[sources]]\ndocument = \"b\"\n+++\n", []string{"sources"}},
	{"array of tables split by another table",
		"+++\n[[sources]]\ndocument = \"a\"\n[figures]\nx = 1\n[[sources]]\ndocument = \"b\"\n+++\n",
		"+++\n[[sources]]\ndocument = \"a\"\n[[sources]]\ndocument = \"b\"\n[figures]\nx = 1\n+++\n", nil},
	{"a table", "+++\nid = \"a\"\n[sources]\ndocument = \"a\"\n+++\n", "+++\nid = \"a\"\n[sources]\ndocument = \"b\"\n+++\n", []string{"sources"}},
	{"a dotted key", "+++\nid = \"a\"\nsources.document = \"a\"\n+++\n", "+++\nid = \"b\"\nsources.document = \"a\"\n+++\n", []string{"id"}},
	{"multi-line string holding a key", "+++\nsummary = \"\"\"\ntitle = \"x\"\n[[sources]]\n\"\"\"\ntitle = \"T\"\n+++\n",
		"+++\nsummary = \"\"\"\ntitle = \"y\"\n[[sources]]\n\"\"\"\ntitle = \"T\"\n+++\n", []string{"summary"}},
	{"multi-line literal string", "+++\nsummary = '''\nid = 1\n'''\nid = \"a\"\n+++\n", "+++\nsummary = '''\nid = 1\n'''\nid = \"b\"\n+++\n", []string{"id"}},
	{"multi-line array", "+++\nthemes = [\n  \"a\", # first\n  \"b\",\n]\nid = \"x\"\n+++\n", "+++\nthemes = [\"a\", \"b\"]\nid = \"y\"\n+++\n", []string{"id"}},
	{"comments", "+++\n# a note\nid = \"a\" # the id\ntitle = \"T\"\n+++\n", "+++\nid = \"a\"\n# another note\ntitle = \"U\"\n+++\n", []string{"title"}},
	{"CRLF", "+++\nid = \"a\"\r\ntitle = \"T\"\r\n+++\nB\r\n", "+++\nid = \"a\"\r\ntitle = \"U\"\r\n+++\nB\r\n", []string{"title"}},
	{"CRLF only", "+++\nid = \"a\"\ntitle = \"T\"\n+++\nB\n", "+++\nid = \"a\"\r\ntitle = \"T\"\r\n+++\nB\n", nil},
	// A first line "+++\r" opens no front matter here: the history
	// compares files as committed, and loading is what normalises them.
	{"CRLF front matter", "+++\nid = \"a\"\n+++\nB\n", "+++\r\nid = \"a\"\r\n+++\r\nB\n", []string{"id", "body"}},
	{"broken in the new", "+++\nid = \"a\"\ntitle = \"T\"\n+++\n", "+++\nid = \"a\"\ntitle = \"T\n+++\n", []string{"id", "title"}},
	{"broken in a block the same in both", "+++\nid = \"a\nid2 = 1\n+++\n", "+++\nid = \"a\nid2 = 2\n+++\n", nil},
	{"a key defined twice", "+++\nid = \"a\"\nid = \"a\"\n+++\n", "+++\nid = \"a\"\nid = \"a\"\ntitle = \"T\"\n+++\n", nil},
	{"a table and a key of one name", "+++\nsources = 1\n+++\n", "+++\nsources = 1\n[sources]\nx = 1\n+++\n", []string{"sources"}},
	{"date and string", "+++\nupdated = 2024-01-02\n+++\n", "+++\nupdated = \"2024-01-02\"\n+++\n", []string{"updated"}},
	{"impossible date", "+++\nupdated = 2024-02-30\ntitle = \"T\"\n+++\n", "+++\nupdated = 2024-02-30\ntitle = \"U\"\n+++\n", nil},
	{"integers", "+++\nyear = 10\n+++\n", "+++\nyear = 0xa\n+++\n", nil},
	{"a control character", "+++\ntitle = \"a\x01\"\nid = \"a\"\n+++\n", "+++\ntitle = \"a\x01\"\nid = \"b\"\n+++\n", nil},
	{"no front matter in the old", "id = 1\n", "+++\nid = \"a\"\n+++\n", []string{"id", "body"}},
}

func TestChangedFieldsBlocks(t *testing.T) {
	t.Parallel()
	for _, tc := range changedFieldsCases {
		t.Run(tc.name, func(t *testing.T) {
			got := ChangedFields([]byte(tc.old), []byte(tc.new))
			if diff := gocmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			if diff := gocmp.Diff(changedFieldsBefore([]byte(tc.old), []byte(tc.new)), got); diff != "" {
				t.Errorf("fields differ from decoding whole (-whole +blocks):\n%s", diff)
			}
		})
	}
}

func FuzzChangedFields(f *testing.F) {
	for _, tc := range changedFieldsCases {
		f.Add([]byte(tc.old), []byte(tc.new), uint16(0), uint16(0), []byte(nil))
	}
	for _, a := range testdataSites(f) {
		var prev []byte
		for _, file := range a.Files {
			if strings.HasSuffix(file.Name, ".md") {
				if prev != nil {
					f.Add(prev, file.Data, uint16(20), uint16(3), []byte("x = 1\n"))
				}
				prev = file.Data
			}
		}
	}
	// Besides two versions, an edit of the first: cut and pasted at an
	// offset, as a commit changes a line or two.
	f.Fuzz(func(t *testing.T, old, new []byte, at, cut uint16, paste []byte) {
		i := min(int(at), len(old))
		j := min(i+int(cut), len(old))
		edited := append(append(append([]byte(nil), old[:i]...), paste...), old[j:]...)
		for _, pair := range [][2][]byte{{old, new}, {old, edited}} {
			want := changedFieldsBefore(pair[0], pair[1])
			if diff := gocmp.Diff(want, ChangedFields(pair[0], pair[1])); diff != "" {
				t.Errorf("ChangedFields(%q, %q) (-whole +blocks):\n%s", pair[0], pair[1], diff)
			}
		}
	})
}

// BenchmarkChangedFields compares an entry before and after the edits the
// history holds most: its title, a source, its body.
func BenchmarkChangedFields(b *testing.B) {
	const entry = "+++\nid = \"1.1\"\ntitle = \"Alors qu'aujourd'hui près des trois-quarts des démarches en ligne\"\n" +
		"status = \"planned\"\nthemes = [\"archivage-documents\", \"donnees-api\"]\nportage = \"DINSIC\"\nowners = [\"djdsu\"]\n" +
		"cost = \"Non estimé à date\"\nduration = \"Récurrent\"\nupdated = 2020-07-17\n\n[[sources]]\ndocument = \"the-bullet-list-1\"\n" +
		"section = \"5\"\nnote = \"Cette dynamique de mutualisation doit ensuite être accentuée par le numérique\"\n+++\nRangées fusionnées.\n"
	edits := map[string]string{
		"title":  strings.Replace(entry, "title = \"", "title = \"Nouveau : ", 1),
		"source": strings.Replace(entry, "section = \"5\"", "section = \"6\"", 1),
		"body":   entry + "Une ligne de plus.\n",
	}
	for _, how := range []string{"title", "source", "body"} {
		for _, f := range []struct {
			name string
			fn   func(old, new []byte) []string
		}{{"blocks", ChangedFields}, {"whole", changedFieldsBefore}} {
			b.Run(how+"/"+f.name, func(b *testing.B) {
				old, new := []byte(entry), []byte(edits[how])
				b.ReportAllocs()
				for b.Loop() {
					f.fn(old, new)
				}
			})
		}
	}
}
