package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// exampleLine is a line of catalogue check's report as CONTRIBUTING.md
// quotes it.
var exampleLine = regexp.MustCompile(`^content/\S+: (error|warning): `)

// TestContributingExamples checks every report line CONTRIBUTING.md shows,
// in both languages, against what catalogue check prints for the mistakes
// of testdata/contributing.txtar added to the bundled site: the guide
// cannot drift from the program.
func TestContributingExamples(t *testing.T) {
	t.Parallel()
	guide, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	var examples []string
	inText := false
	for _, line := range strings.Split(string(guide), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inText = line == "```text"
		case inText && exampleLine.MatchString(line):
			examples = append(examples, line)
		}
	}
	if len(examples) < 10 {
		t.Fatalf("found %d example lines in CONTRIBUTING.md; the guide shows more", len(examples))
	}

	dir := t.TempDir()
	for _, p := range []string{"site.toml", "content", "themes"} {
		src := filepath.Join("../..", p)
		if p == "site.toml" {
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, p), data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	ar, err := txtar.ParseFile("testdata/contributing.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The French section shows the messages in French, the English one in
	// English: a line is right if check prints it in either language.
	var stdout bytes.Buffer
	report := map[string]bool{}
	for _, lang := range []string{"fr", "en"} {
		var out, stderr bytes.Buffer
		if err := run(context.Background(), []string{"check", "-lang", lang, "-root", dir}, &out, &stderr); err == nil {
			t.Fatal("check passed on the guide's mistakes")
		}
		for _, l := range strings.Split(out.String(), "\n") {
			report[l] = true
		}
		stdout.Write(out.Bytes())
	}
	for _, ex := range examples {
		if !report[ex] {
			t.Errorf("CONTRIBUTING.md shows a line catalogue check does not print:\n  %s", ex)
		}
	}
	if t.Failed() {
		t.Logf("catalogue check prints:\n%s", stdout.String())
	}
}
