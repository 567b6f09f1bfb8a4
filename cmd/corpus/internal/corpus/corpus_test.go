package corpus

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"catalogue/generator/content"
)

// root is the repository, whose catalogue the corpus learns from.
const root = "../../../.."

func learn(t testing.TB) *Model {
	t.Helper()
	m, err := Learn(context.Background(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func generate(t testing.TB, m *Model, opts Options) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := m.Generate(context.Background(), dir, opts); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestValid loads a generated corpus with the real loader: no error, no
// warning, every entry there, relations of every kind present.
func TestValid(t *testing.T) {
	t.Parallel()
	m := learn(t)
	for _, opts := range []Options{{N: 500, Seed: 1}, {N: MinEntries, Seed: 2}} {
		dir := generate(t, m, opts)
		cat, diags := content.Load(context.Background(), os.DirFS(dir), content.Options{})
		if len(diags) > 0 {
			for i, d := range diags {
				if i == 20 {
					t.Errorf("… and %d more", len(diags)-i)
					break
				}
				t.Errorf("N=%d: %v", opts.N, d)
			}
			continue
		}
		if len(cat.Entries) != opts.N {
			t.Errorf("N=%d: loaded %d entries", opts.N, len(cat.Entries))
		}
		for k, n := range m.Counts(opts) {
			if got := len(cat.Collection(k)); got != n {
				t.Errorf("N=%d: %d entries of kind %s, want %d", opts.N, got, k, n)
			}
		}
		if opts.N < 500 {
			continue
		}
		rels := map[content.Rel]int{}
		for _, e := range cat.Entries {
			for _, l := range e.Links {
				rels[l.Rel]++
			}
		}
		for _, r := range content.Rels() {
			if rels[r] == 0 {
				t.Errorf("N=%d: no relation %q in the corpus", opts.N, r)
			}
		}
	}
}

// TestProportions checks that the kinds keep the real catalogue's shares,
// and that mutualisations past M999 go to principles unless WideCodes.
func TestProportions(t *testing.T) {
	t.Parallel()
	m := learn(t)
	real := 0
	for _, es := range m.byKind {
		real += len(es)
	}
	for _, n := range []int{MinEntries, 500, 10_000, 100_000} {
		for _, wide := range []bool{false, true} {
			counts := m.Counts(Options{N: n, WideCodes: wide})
			sum := 0
			for _, c := range content.Collections() {
				got := counts[c.Kind]
				sum += got
				if got < 1 {
					t.Errorf("N=%d: no %s", n, c.Kind)
				}
				want := float64(n) * float64(len(m.byKind[c.Kind])) / float64(real)
				capped := !wide && (c.Kind == content.KindMutualisation || c.Kind == content.KindPrinciple) && want > MaxStrictCodes
				if d := float64(got) - want; !capped && n >= 500 && (d > 1 || d < -1) {
					t.Errorf("N=%d wide=%v: %d %s, want %.1f", n, wide, got, c.Kind, want)
				}
			}
			if sum != n {
				t.Errorf("N=%d wide=%v: %d entries in all", n, wide, sum)
			}
			if !wide && counts[content.KindMutualisation] > MaxStrictCodes {
				t.Errorf("N=%d: %d mutualisations, more than the loader's pattern allows", n, counts[content.KindMutualisation])
			}
		}
	}
}

// TestDeterministic generates twice with the same seed and once with
// another: the same seed gives the same tree, byte for byte.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	m := learn(t)
	a := tree(t, generate(t, m, Options{N: 300, Seed: 7}))
	b := tree(t, generate(t, learn(t), Options{N: 300, Seed: 7}))
	c := tree(t, generate(t, m, Options{N: 300, Seed: 8}))
	if len(a) != len(b) {
		t.Fatalf("same seed: %d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("same seed: %s differs", name)
		}
	}
	same := 0
	for name, data := range a {
		if strings.HasPrefix(name, "content/") && bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("another seed: %d entry files unchanged", same)
	}
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGenerateRefuses(t *testing.T) {
	t.Parallel()
	m := learn(t)
	if _, err := m.Generate(context.Background(), t.TempDir(), Options{N: MinEntries - 1}); err == nil {
		t.Error("generated fewer entries than MinEntries")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Generate(context.Background(), dir, Options{N: MinEntries}); err == nil {
		t.Error("generated into a folder that is not empty")
	}
}

// TestText checks the pieces of generated text that could break a file:
// the start of a Markdown line, slugs (TOML strings: content.QuoteTOML).
func TestText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"-", "Texte"}, "Texte"},
		{[]string{"2022.", "Les"}, "Les"},
		{[]string{"1)", "#", "Les"}, "Les"},
		{[]string{">"}, "Texte"},
		{[]string{"2022", "Les"}, "2022 Les"},
		{[]string{"M075", "ok"}, "M075 ok"},
	} {
		if got := strings.Join(safeStart(tc.in), " "); got != tc.want {
			t.Errorf("safeStart(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"Démarches Simplifiées", "demarches-simplifiees"},
		{"L'État et ses œuvres à venir", "etat-ses-oeuvres"},
		{"« »", "entree"},
	} {
		if got := slug(tc.in); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	words := cleanWords("Voir **M075** et [[2.1]], `code` <b> [lien](https://x.fr) {{< sc >}}")
	if got := strings.Join(words, " "); got != "Voir "+markCode+" et "+markRef+", code b sc" {
		t.Errorf("cleanWords = %q", got)
	}
}
