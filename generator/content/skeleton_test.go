package content

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestSkeleton writes a skeleton of every kind into the valid test site and
// loads it: the only error is the empty title; once the title is filled in,
// only the warning about sources remains (sources cite nothing). With every
// key uncommented, the skeleton is still TOML whose keys the loader knows.
func TestSkeleton(t *testing.T) {
	t.Parallel()
	site, diags := LoadSite(fstest.MapFS{SiteFile: {Data: []byte(testSite)}})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	ids := map[Kind]string{
		KindMutualisation: "M133", KindAction: "2.1.9", KindProgramme: "3.7", KindPrinciple: "GT9",
		KindIOPAction: "open-data", KindService: "tchap", KindSource: "dinum-2025",
	}
	key := regexp.MustCompile(`^# ([a-z_]+ = |\[\[)`)
	for _, c := range Collections() {
		t.Run(string(c.Kind), func(t *testing.T) {
			id := ids[c.Kind]
			file := ContentDir + "/" + c.Dir + "/" + id + ".md"
			data, err := Skeleton(site, c.Kind, id, "")
			if err != nil {
				t.Fatal(err)
			}
			src := string(data)
			titleLine := 1 + strings.Count(src[:strings.Index(src, "\ntitle = ")+1], "\n")
			noSource := file + `:1:1: warning: sources: no source cited; add a [[sources]] table with document = "<source id>"`
			titleErr := file + ":" + strconv.Itoa(titleLine) + `:9: error: title: must not be empty`
			want := []string{noSource, titleErr}
			if c.Kind == KindSource {
				want = want[1:]
			}
			if diff := cmp.Diff(want, loadWith(t, file, src)); diff != "" {
				t.Errorf("skeleton (-want +got):\n%s\n%s", diff, src)
			}

			titled, err := Skeleton(site, c.Kind, id, `Nouvelle "entrée" \ ok`)
			if err != nil {
				t.Fatal(err)
			}
			filled := string(titled)
			if want := strings.Replace(src, "\ntitle = \"\"\n", "\ntitle = \"Nouvelle \\\"entrée\\\" \\\\ ok\"\n", 1); filled != want {
				t.Errorf("skeleton with a title:\n%s", filled)
			}
			want = nil
			if c.Kind != KindSource {
				want = []string{noSource}
			}
			if diff := cmp.Diff(want, loadWith(t, file, filled)); diff != "" {
				t.Errorf("skeleton with a title (-want +got):\n%s", diff)
			}

			var all []string
			for _, l := range strings.Split(filled, "\n") {
				if key.MatchString(l) {
					l = strings.TrimPrefix(l, "# ")
				}
				all = append(all, strings.Replace(l, "# # ", "# ", 1))
			}
			for _, d := range loadWith(t, file, strings.Join(all, "\n")) {
				if strings.Contains(d, "unknown key") || strings.Contains(d, "invalid TOML") || strings.Contains(d, "expected a") {
					t.Errorf("uncommented skeleton: %s", d)
				}
			}
		})
	}
}

func loadWith(t *testing.T, file, src string) []string {
	t.Helper()
	fsys := archiveFS(testdataSites(t)["testdata/valid.txtar"])
	fsys[file] = &fstest.MapFile{Data: []byte(src)}
	_, diags := Load(context.Background(), fsys, Options{})
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	return got
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"mutualisation": "",
		"principes":     "",
		"iop-action":    "",
		"mutalisation":  `unknown kind "mutalisation"; did you mean "mutualisation"?`,
		"principle":     "",
		"principles":    `unknown kind "principles"; did you mean "principle"?`,
		"actionz":       `unknown kind "actionz"; did you mean "action"?`,
		"entry":         `unknown kind "entry"; expected one of "mutualisation", "action", "programme", "principle", "iop-action", "service", "source"`,
	} {
		_, err := ParseKind(in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("ParseKind(%q) = %q, want %q", in, got, want)
		}
	}
	c, _ := ParseKind("mutualisation")
	for id, want := range map[string]string{
		"M133":  "",
		"M1":    `"M1" is not a valid mutualisation id; expected an id like "M001" (pattern ^M[0-9]{3}$)`,
		"m133":  `"m133" is not a valid mutualisation id; expected an id like "M001" (pattern ^M[0-9]{3}$)`,
		"M133 ": `id "M133 " has leading or trailing whitespace`,
		"../x":  `"../x" is not a valid mutualisation id; expected an id like "M001" (pattern ^M[0-9]{3}$)`,
	} {
		got := ""
		if err := c.CheckID(id); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("CheckID(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestQuoteTOML quotes what could break a front matter's string.
func TestQuoteTOML(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`a "b" \c`, `"a \"b\" \\c"`},
		{"tab\there", `"tab\u0009here"`},
		{"é « » “”", `"é « » “”"`},
	} {
		if got := QuoteTOML(tc.in); got != tc.want {
			t.Errorf("QuoteTOML(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestSkeletonDocFR fails when a key of some kind has no French doc, and
// checks that a French skeleton uses it.
func TestSkeletonDocFR(t *testing.T) {
	t.Parallel()
	var walk func(reflect.Type)
	walk = func(rt reflect.Type) {
		for i := range rt.NumField() {
			f := rt.Field(i)
			if k := f.Tag.Get("toml"); k == "" || k == "-" {
				continue
			}
			if doc := f.Tag.Get("doc"); docFR[doc] == "" {
				t.Errorf("%s.%s: no French for doc %q", rt.Name(), f.Name, doc)
			}
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
				walk(f.Type.Elem())
			}
		}
	}
	walk(reflect.TypeFor[Meta]())
	for _, c := range collections {
		if km := KindMeta(c.Kind); km != nil {
			walk(reflect.TypeOf(km).Elem())
		}
	}
	src, err := SkeletonIn("fr", nil, KindMutualisation, "M133", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Nouvelle fiche de type mutualisation", "# Titre, dans les mots de la source. (obligatoire)"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("French skeleton lacks %q:\n%s", want, src)
		}
	}
}
