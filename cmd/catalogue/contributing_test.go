package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// exampleLine is a line of catalogue check's report as CONTRIBUTING.md
// quotes it.
var exampleLine = regexp.MustCompile(`^content/\S+: (error|warning): `)

// mergeBaseHash is the commit a diff example names, which differs from run
// to run.
var mergeBaseHash = regexp.MustCompile(`\b[0-9a-f]{12}\b`)

// A guideBlock is a ```text block of CONTRIBUTING.md, with the language of
// the section it is in.
type guideBlock struct {
	lang  string
	lines []string
}

// guideBlocks reads the ```text blocks of CONTRIBUTING.md: the French half
// comes first, then "# Contributing to the catalogue" starts the English.
func guideBlocks(t *testing.T) []guideBlock {
	t.Helper()
	guide, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []guideBlock
	lang := "fr"
	var cur *guideBlock
	for _, line := range strings.Split(string(guide), "\n") {
		switch {
		case line == "# Contributing to the catalogue":
			lang = "en"
		case strings.HasPrefix(line, "```"):
			if cur != nil {
				blocks = append(blocks, *cur)
				cur = nil
			} else if line == "```text" {
				cur = &guideBlock{lang: lang}
			}
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	return blocks
}

// bundledSite copies the repository's site (site.toml, content/, themes/)
// into a new folder, with the files of the txtar archive ar added.
func bundledSite(t *testing.T, ar string) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"content", "themes"} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join("../..", p))); err != nil {
			t.Fatal(err)
		}
	}
	if ar != "" {
		addArchive(t, dir, ar)
	}
	return dir
}

func addArchive(t *testing.T, dir, ar string) {
	t.Helper()
	a, err := txtar.ParseFile(ar)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestContributingExamples checks what CONTRIBUTING.md shows against the
// program, so that the guide cannot drift from it: every report line of
// its check examples against what catalogue check prints for the mistakes
// of testdata/contributing.txtar added to the bundled site, and each diff
// example, whole, against what catalogue diff prints for the change of
// testdata/contributing_diff.txtar. Each section is compared with the
// output in its own language.
func TestContributingExamples(t *testing.T) {
	blocks := guideBlocks(t)

	checkDir := bundledSite(t, "testdata/contributing.txtar")
	report := map[string]map[string]bool{}
	output := map[string]string{}
	for _, lang := range []string{"fr", "en"} {
		var out, stderr bytes.Buffer
		if err := run(context.Background(), []string{"check", "-lang", lang, "-root", checkDir}, &out, &stderr); err == nil {
			t.Fatal("check passed on the guide's mistakes")
		}
		report[lang] = map[string]bool{}
		for _, l := range strings.Split(out.String(), "\n") {
			report[lang][l] = true
		}
		output[lang] = out.String()
	}
	checked := map[string]int{}
	for _, b := range blocks {
		if len(b.lines) > 0 && strings.HasPrefix(b.lines[0], "catalogue diff ") {
			continue
		}
		for _, ex := range b.lines {
			if !exampleLine.MatchString(ex) {
				continue
			}
			checked[b.lang]++
			if !report[b.lang][ex] {
				t.Errorf("CONTRIBUTING.md (%s) shows a line catalogue check -lang %s does not print:\n  %s\ncatalogue check prints:\n%s", b.lang, b.lang, ex, output[b.lang])
			}
		}
	}
	for _, lang := range []string{"fr", "en"} {
		if checked[lang] < 5 {
			t.Errorf("found %d check example lines in the %s section of CONTRIBUTING.md; the guide shows more", checked[lang], lang)
		}
	}

	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git to test the diff examples")
	}
	diffDir := bundledSite(t, "")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = diffDir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org", "GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	git("checkout", "-q", "-b", "ajout-M133")
	addArchive(t, diffDir, "testdata/contributing_diff.txtar")
	diffs := 0
	for _, b := range blocks {
		if len(b.lines) == 0 || !strings.HasPrefix(b.lines[0], "catalogue diff ") {
			continue
		}
		diffs++
		var out, stderr bytes.Buffer
		if err := run(context.Background(), []string{"diff", "-lang", b.lang, "-root", diffDir}, &out, &stderr); err != nil {
			t.Fatalf("catalogue diff: %v\n%s", err, stderr.String())
		}
		got := mergeBaseHash.ReplaceAllString(strings.TrimRight(out.String(), "\n"), "HASH")
		want := mergeBaseHash.ReplaceAllString(strings.Join(b.lines, "\n"), "HASH")
		if got != want {
			t.Errorf("CONTRIBUTING.md (%s) shows a diff catalogue diff -lang %s does not print:\n%s\n\ncatalogue diff prints:\n%s", b.lang, b.lang, want, got)
		}
	}
	if diffs != 2 {
		t.Errorf("found %d diff examples in CONTRIBUTING.md, want one in each language", diffs)
	}
}
