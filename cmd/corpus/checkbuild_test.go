package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"catalogue/cmd/corpus/internal/corpus"
	"catalogue/generator"
	"catalogue/generator/content"
	"catalogue/generator/export"
)

// checkBase is the site every case of TestCheckMatchesBuild changes: one
// entry of the kinds whose keys the cases reach.
const checkBase = `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
licence_url = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
edit_url = "https://gitlab.example.org/c/-/edit/main/{path}"
[publisher]
name = "DINUM"
url = "https://www.numerique.gouv.fr/"
email = "contact@numerique.gouv.fr"
[[themes]]
id = "identite"
fr = "Identité"
-- content/sources/csic-2018.md --
+++
id = "csic-2018"
title = "Source"
url = "https://www.numerique.gouv.fr/csic-2018/"
+++
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "Cloud"
summary = "Un nuage."
owners = ["DINUM"]
[[sources]]
document = "csic-2018"
note = "Une note."
+++
## Besoin
-- content/services/tchap.md --
+++
id = "tchap"
title = "Tchap"
website = "https://tchap.gouv.fr/"
realises = ["M001"]
[[figures]]
label = "Utilisateurs"
value = 300000
source = "csic-2018"
[[sources]]
document = "csic-2018"
+++
`

// checkCases are hostile edits of checkBase, each a value written as a
// contributor could: the ones the build or the exports' schemas once
// refused after check had passed them, and their neighbours that must pass
// both. A case replaces old with new in file.
var checkCases = []struct{ name, file, old, new string }{
	{"figure nan", "content/services/tchap.md", "value = 300000", "value = nan"},
	{"figure inf", "content/services/tchap.md", "value = 300000", "value = inf"},
	{"figure -inf", "content/services/tchap.md", "value = 300000", "value = -inf"},
	{"figure huge", "content/services/tchap.md", "value = 300000", "value = 1.7e308"},
	{"figure tiny", "content/services/tchap.md", "value = 300000", "value = -5e-324"},
	{"website with a space", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://tchap.gouv.fr/a b"`},
	{"website with a quote", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `'https://tchap.gouv.fr/"x'`},
	{"website with braces", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://tchap.gouv.fr/{x}"`},
	{"website with an accent", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://tchap.gouv.fr/été"`},
	{"website percent-encoded", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://tchap.gouv.fr/%C3%A9t%C3%A9?a=b+c#d"`},
	{"website IPv6", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://[2001:db8::1]:8443/"`},
	{"website broken IPv6", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://[2001:db8::1/"`},
	{"website with user info", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://user:pw@tchap.gouv.fr/"`},
	{"website script", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"javascript://tchap.gouv.fr/%0aalert(1)"`},
	{"website without host", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https:///x"`},
	{"website NUL", "content/services/tchap.md", `"https://tchap.gouv.fr/"`, `"https://tchap.gouv.fr/\u0000"`},
	{"source url with a tab", "content/sources/csic-2018.md", `"https://www.numerique.gouv.fr/csic-2018/"`, `"https://www.numerique.gouv.fr/\tcsic"`},
	{"base_url script", "site.toml", `"https://example.org/"`, `"javascript://example.org/%0aalert(1)//"`},
	{"base_url ftp", "site.toml", `"https://example.org/"`, `"ftp://example.org/"`},
	{"base_url with a path", "site.toml", `"https://example.org/"`, `"https://example.org/catalogue/"`},
	{"base_url with a space", "site.toml", `"https://example.org/"`, `"https://example.org/my catalogue/"`},
	{"base_url empty", "site.toml", `base_url = "https://example.org/"`, `base_url = ""`},
	{"title empty", "site.toml", `title = "Test"`, `title = " "`},
	{"theme id empty", "site.toml", `id = "identite"`, `id = ""`},
	{"theme label empty", "site.toml", `fr = "Identité"`, `fr = ""`},
	{"licence_url with a space", "site.toml", `"https://www.etalab.gouv.fr/licence-ouverte-open-licence/"`, `"https://www.etalab.gouv.fr/licence ouverte/"`},
	{"publisher url script", "site.toml", `url = "https://www.numerique.gouv.fr/"`, `url = "javascript:alert(1)"`},
	{"email with a space", "site.toml", `"contact@numerique.gouv.fr"`, `"contact us@numerique.gouv.fr"`},
	{"email with a name", "site.toml", `"contact@numerique.gouv.fr"`, `"DINUM <contact@numerique.gouv.fr>"`},
	{"email without domain", "site.toml", `"contact@numerique.gouv.fr"`, `"contact"`},
	{"email quoted", "site.toml", `"contact@numerique.gouv.fr"`, `'"a b"@numerique.gouv.fr'`},
	{"email with a plus", "site.toml", `"contact@numerique.gouv.fr"`, `"contact+catalogue@numerique.gouv.fr"`},
	{"edit_url without {path}", "site.toml", `{path}"`, `"`},
	{"title ESC", "content/mutualisations/M001.md", `title = "Cloud"`, `title = "Cloud\u001b[2J"`},
	{"summary RLO", "content/mutualisations/M001.md", `summary = "Un nuage."`, `summary = "\u202Egnp.exe"`},
	{"summary RLM", "content/mutualisations/M001.md", `summary = "Un nuage."`, `summary = "Un nuage \u200F."`},
	{"summary CR", "content/mutualisations/M001.md", `summary = "Un nuage."`, `summary = "Un\r\nnuage."`},
	{"summary lines and tabs", "content/mutualisations/M001.md", `summary = "Un nuage."`, `summary = "Un\n\tnuage."`},
	{"owner NUL", "content/mutualisations/M001.md", `owners = ["DINUM"]`, `owners = ["DI\u0000NUM"]`},
	{"owner newline", "content/mutualisations/M001.md", `owners = ["DINUM"]`, `owners = ["DI\nNUM"]`},
	{"owner C1", "content/mutualisations/M001.md", `owners = ["DINUM"]`, `owners = ["DI\u0085NUM"]`},
	{"note isolate", "content/mutualisations/M001.md", `note = "Une note."`, `note = "\u2066note\u2069"`},
	{"note DEL", "content/mutualisations/M001.md", `note = "Une note."`, `note = "note\u007f"`},
	{"body ESC", "content/mutualisations/M001.md", "## Besoin", "## Besoin\n\nUn \x1b[31m rouge."},
	{"body RLO", "content/mutualisations/M001.md", "## Besoin", "## Besoin\n\nUn \u202Egnp.exe."},
}

// TestCheckMatchesBuild builds sites that check passes and sites it refuses,
// and asserts that check is clean exactly when the build succeeds, and that
// every JSON record a clean site exports matches its published schema: the
// hostile cases above, the test sites of the exports and of the loader, the
// command-line scripts, the bundled catalogue and a generated one.
func TestCheckMatchesBuild(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]string{}
	base := txtar.Parse([]byte(checkBase))
	for _, c := range checkCases {
		a := &txtar.Archive{Files: append([]txtar.File(nil), base.Files...)}
		found := false
		for i, f := range a.Files {
			if f.Name == c.file && bytes.Contains(f.Data, []byte(c.old)) {
				a.Files[i].Data = bytes.Replace(f.Data, []byte(c.old), []byte(c.new), 1)
				found = true
			}
		}
		if !found {
			t.Fatalf("%s: no %q in %s", c.name, c.old, c.file)
		}
		sites["case "+c.name] = writeSite(t, repo, a)
	}
	sites["base"] = writeSite(t, repo, base)
	scripts, err := filepath.Glob(filepath.Join(repo, "cmd/catalogue/testdata/script/*.txtar"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no command-line scripts: %v", err)
	}
	for i, s := range scripts {
		scripts[i], _ = filepath.Rel(repo, s)
	}
	// The scripts' sites as written in their archives, before their
	// commands make pipes, links and large files of some of their files.
	for _, name := range append([]string{"generator/export/testdata/site.txtar", "generator/export/testdata/hostile.txtar",
		"generator/content/testdata/valid.txtar", "generator/content/testdata/broken.txtar"}, scripts...) {
		a, err := txtar.ParseFile(filepath.Join(repo, name))
		if err != nil {
			t.Fatal(err)
		}
		sites[name] = writeSite(t, repo, a)
	}
	if !testing.Short() {
		sites["bundled"] = repo
		m, err := corpus.Learn(context.Background(), os.DirFS(repo))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "generated")
		if _, err := m.Generate(context.Background(), dir, corpus.Options{N: 300, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		sites["generated"] = dir
	}
	for name, root := range sites {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, diags := content.Load(context.Background(), os.DirFS(root), content.Options{})
			out := t.TempDir()
			res, err := generator.Build(context.Background(), generator.Options{Root: root,
				Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index")})
			var de *content.DiagnosticsError
			switch clean := diags.Errors() == 0; {
			case clean && err != nil:
				t.Fatalf("check passes, build fails: %v", err)
			case !clean && err == nil:
				t.Fatalf("check fails, build passes:\n%v", diags.Err())
			case !clean && !errors.As(err, &de):
				t.Fatalf("check fails on the content, build on something else: %v", err)
			case !clean:
				return
			}
			validateExports(t, res.Catalogue, filepath.Join(out, "export"))
		})
	}
}

// uriPattern is RFC 3986's URI, reduced to what a validator that reads
// the grammar checks (ajv, for one): a scheme, then only unreserved and
// reserved characters and percent escapes. The jsonschema package checks
// "format": "uri" with net/url alone, which takes spaces, quotes and
// braces.
var uriPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)

func strictURI(v any) error {
	if s, ok := v.(string); ok && !uriPattern.MatchString(s) {
		return fmt.Errorf("%q is not a URI by RFC 3986", s)
	}
	return nil
}

// writeSite writes the archive as a site with the repository's default
// theme (under the files of it the archive brings) and a site.toml if it has
// none, and returns its folder.
func writeSite(t *testing.T, repo string, a *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	hasSite := false
	for _, f := range a.Files {
		hasSite = hasSite || f.Name == content.SiteFile
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !hasSite {
		site := "title = \"Test\"\nbase_url = \"https://example.org/\"\n[[themes]]\nid = \"identite\"\nfr = \"Identité\"\n[[themes]]\nid = \"cloud\"\nfr = \"Cloud\"\n"
		if err := os.WriteFile(filepath.Join(dir, content.SiteFile), []byte(site), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The theme's files, but those the archive brings.
	theme := filepath.Join(repo, "themes", "default")
	err := filepath.WalkDir(theme, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(repo, p)
		dst := filepath.Join(dir, rel)
		if _, err := os.Lstat(dst); err == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// validateExports exports cat into dir and validates every JSON file that
// declares a schema against it, with a JSON Schema 2020-12 validator that
// asserts formats, offline: each published schema is added under its
// address, and the compiler loads nothing else.
func validateExports(t *testing.T, cat *content.Catalogue, dir string) {
	t.Helper()
	files, err := export.Write(context.Background(), cat, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: strictURI})
	for _, f := range files {
		if f.Format != "JSON Schema" {
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(read(f.Path)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		if err := c.AddResource(cat.Site.AbsURL(f.Path), doc); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
	}
	compiled := map[string]*jsonschema.Schema{}
	n := 0
	for _, f := range files {
		if f.Format != "JSON" || !strings.HasPrefix(f.Schema, export.APIDir) {
			continue
		}
		sch := compiled[f.Schema]
		if sch == nil {
			if sch, err = c.Compile(cat.Site.AbsURL(f.Schema)); err != nil {
				t.Fatalf("compiling %s: %v", f.Schema, err)
			}
			compiled[f.Schema] = sch
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(read(f.Path)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s does not match %s:\n%v", f.Path, f.Schema, err)
		}
		n++
	}
	// The entries, the redirects, the collections, the catalogue, the
	// coverage, the owners and the changes.
	if want := len(cat.Entries) + len(cat.Redirects) + len(content.Collections()) + 4; n != want {
		t.Errorf("validated %d records, want %d", n, want)
	}
}
