package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"catalogue/generator"
	"catalogue/generator/diff"
)

var diffFormats = map[string]func(*diff.Diff, io.Writer, string) error{
	"text":     (*diff.Diff).WriteText,
	"markdown": (*diff.Diff).WriteMarkdown,
	"json":     (*diff.Diff).WriteJSON,
}

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/), inside a git repository")
	format := fs.String("format", "text", "report format: text, markdown (for a merge-request comment) or json")
	langVal := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := uiLang("diff", *langVal, *root, stderr)
	if err != nil {
		return err
	}
	write, ok := diffFormats[*format]
	if !ok {
		fmt.Fprintf(stderr, "catalogue diff: %s\n", say(lang, "unknown format %q; expected text, markdown or json", *format))
		return exitError(2)
	}
	revs := fs.Args()
	if len(revs) > 2 {
		fmt.Fprintf(stderr, "catalogue diff: %s\n", say(lang, "at most two revisions, got %d", len(revs)))
		return exitError(2)
	}
	if len(revs) == 0 {
		base, err := mergeBase(ctx, *root, lang)
		if err != nil {
			fmt.Fprintf(stderr, "catalogue diff: %v\n", err)
			return exitError(1)
		}
		revs = []string{base}
	}
	labels := append([]string(nil), revs...)
	if len(fs.Args()) == 0 {
		labels[0] = say(lang, "merge base %s", revs[0][:min(12, len(revs[0]))])
	}
	var sides [2]diff.Side
	for i := range sides {
		if i >= len(revs) {
			cat, diags := generator.Check(ctx, *root, nil)
			sides[i] = diff.Side{Label: say(lang, "working tree"), Catalogue: cat, Diagnostics: diags}
			continue
		}
		side, err := loadRevision(ctx, *root, revs[i], labels[i], lang)
		if err != nil {
			fmt.Fprintf(stderr, "catalogue diff: %v\n", err)
			return exitError(1)
		}
		sides[i] = side
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return write(diff.Compare(sides[0], sides[1]), stdout, lang)
}

// mergeBase finds where the current branch left the default branch:
// origin/HEAD when the clone knows it (as in CI), else main.
func mergeBase(ctx context.Context, root, lang string) (string, error) {
	for _, branch := range []string{"origin/HEAD", "main"} {
		if _, err := git(ctx, root, "rev-parse", "--verify", "--quiet", branch+"^{commit}"); err != nil {
			continue
		}
		out, err := git(ctx, root, "merge-base", branch, "HEAD")
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(out)), nil
	}
	return "", errors.New(say(lang, "no default branch to compare with (neither origin/HEAD nor main); name a revision: catalogue diff REV"))
}

// loadRevision checks the site as it was at rev: one `git archive` of the
// site folder, unpacked into a temporary folder with what a check reads.
func loadRevision(ctx context.Context, root, rev, label, lang string) (diff.Side, error) {
	if strings.HasPrefix(rev, "-") {
		return diff.Side{}, errors.New(say(lang, "%q is not a revision", rev))
	}
	data, err := git(ctx, root, "archive", "--format=tar", rev)
	if err != nil {
		return diff.Side{}, err
	}
	dir, err := os.MkdirTemp("", "catalogue-diff-")
	if err != nil {
		return diff.Side{}, err
	}
	defer os.RemoveAll(dir)
	if err := untar(bytes.NewReader(data), dir); err != nil {
		return diff.Side{}, fmt.Errorf("%s: %v", rev, err)
	}
	cat, diags := generator.Check(ctx, dir, nil)
	return diff.Side{Label: label, Catalogue: cat, Diagnostics: diags}, nil
}

// untar writes the regular files of a tar stream that a check reads
// (site.toml, content/, themes/) under dir. Links and anything that would
// land outside dir are skipped: a revision's tree is data, not a path to
// follow.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || !path.IsAbs("/"+name) || strings.HasPrefix(name, "../") || name == ".." ||
			!(name == "site.toml" || strings.HasPrefix(name, "content/") || strings.HasPrefix(name, "themes/")) {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}

// git runs git in dir and returns its output, or an error with what git
// said.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}
