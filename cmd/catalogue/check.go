package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"catalogue/generator"
	"catalogue/generator/content"
)

// The formats of catalogue check's report: one diagnostic a line for people,
// JSON for scripts, and what GitHub and GitLab show on a merge request.
var checkFormats = map[string]func(w io.Writer, diags content.Diagnostics, lang string) error{
	"text":   writeText,
	"json":   writeJSON,
	"github": writeGitHub,
	"gitlab": writeGitLab,
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/)")
	format := fs.String("format", "text", "report format: text, json, github (workflow annotations) or gitlab (Code Quality report)")
	langVal := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := uiLang("check", *langVal, *root, stderr)
	if err != nil {
		return err
	}
	write, ok := checkFormats[*format]
	if !ok {
		fmt.Fprintf(stderr, "catalogue check: %s\n", say(lang, "unknown format %q; expected text, json, github or gitlab", *format))
		return exitError(2)
	}
	var only []string
	for _, p := range fs.Args() {
		rel, err := siteRelative(*root, p, lang)
		if err != nil {
			fmt.Fprintf(stderr, "catalogue check: %v\n", err)
			return exitError(2)
		}
		only = append(only, rel)
	}
	_, diags := generator.Check(ctx, *root, only)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := write(stdout, diags, lang); err != nil {
		return err
	}
	errs := diags.Errors()
	if len(diags) > 0 && *format == "text" {
		fmt.Fprintln(stderr, say(lang, "%s, %s", count(lang, errs, "%d error", "%d errors"), count(lang, len(diags)-errs, "%d warning", "%d warnings")))
	}
	if errs > 0 {
		return exitError(1)
	}
	return nil
}

// siteRelative turns a path given on the command line (from the current
// folder) into a slash path from the site root, and checks that it exists
// inside the site.
func siteRelative(root, p, lang string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	absP, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absRoot, absP)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", errors.New(say(lang, "%s: not inside the site folder %s", p, root))
	}
	if _, err := os.Lstat(p); err != nil {
		return "", errors.New(say(lang, "%s: no such file or folder", p))
	}
	return filepath.ToSlash(rel), nil
}

// writeText writes one diagnostic a line, as compilers do, for a terminal:
// a file name cannot clear the screen or hide the line before it.
func writeText(w io.Writer, diags content.Diagnostics, lang string) error {
	for _, d := range diags {
		if _, err := fmt.Fprintln(w, termSafe(d.Text(lang))); err != nil {
			return err
		}
	}
	return nil
}

// A jsonDiagnostic is one problem in the JSON report. Line and column are 0
// when the problem is about the whole file.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Key      string `json:"key"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// writeJSON writes the diagnostics as a JSON array, [] when there are none.
func writeJSON(w io.Writer, diags content.Diagnostics, lang string) error {
	out := make([]jsonDiagnostic, len(diags))
	for i, d := range diags {
		out[i] = jsonDiagnostic{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Field, d.Code, d.Message(lang)}
	}
	return writeIndented(w, out)
}

func writeIndented(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// writeGitHub writes GitHub Actions workflow commands, which GitHub shows as
// annotations on the lines of the pull request:
// ::error file=F,line=L,col=C,title=T::message
func writeGitHub(w io.Writer, diags content.Diagnostics, lang string) error {
	for _, d := range diags {
		props := []string{"file=" + ghProperty(d.Pos.File)}
		if d.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
		}
		if d.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
		}
		props = append(props, "title="+ghProperty(d.Code))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), ghData(d.Message(lang))); err != nil {
			return err
		}
	}
	return nil
}

// ghData and ghProperty escape as @actions/core does, so that a message
// cannot end its annotation early or start a command of its own.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
)

// A codeQuality issue is one entry of a GitLab Code Quality report
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
type codeQuality struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
		} `json:"lines"`
	} `json:"location"`
}

// writeGitLab writes a GitLab Code Quality report. A fingerprint hashes the
// file, the check, the message and how many identical problems came before
// in the file, not the line: a problem keeps its fingerprint when lines
// above it move, so GitLab does not report it as fixed and new again.
func writeGitLab(w io.Writer, diags content.Diagnostics, lang string) error {
	out := make([]codeQuality, len(diags))
	seen := map[string]int{}
	for i, d := range diags {
		q := &out[i]
		q.Description = d.Message(lang)
		if d.Field != "" {
			q.Description = d.Field + ": " + q.Description
		}
		q.CheckName = "catalogue/" + d.Code
		// The English text, so that a fingerprint does not change with
		// the language of the report.
		key := strings.Join([]string{d.Pos.File, q.CheckName, d.Field, d.Msg}, "\x00")
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, seen[key])))
		seen[key]++
		q.Fingerprint = hex.EncodeToString(sum[:16])
		q.Severity = "major"
		if d.Severity == content.Warning {
			q.Severity = "minor"
		}
		q.Location.Path = d.Pos.File
		q.Location.Lines.Begin = max(d.Pos.Line, 1)
	}
	return writeIndented(w, out)
}
