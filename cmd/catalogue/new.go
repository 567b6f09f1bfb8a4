package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"catalogue/generator/content"
)

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new", stderr)
	root := fl.String("root", ".", "site folder (with site.toml, content/)")
	title := fl.String("title", "", "the entry's title (default: left empty for you to fill in)")
	langVal := langFlag(fl)
	pos, err := parseInterleaved(fl, args)
	if err != nil {
		return err
	}
	lang, err := uiLang("new", *langVal, *root, stderr)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError(fl, "a KIND and an ID are needed")
	}
	fail := func(format string, args ...any) error {
		fmt.Fprintf(stderr, "catalogue new: "+format+"\n", args...)
		return exitError(1)
	}
	coll, err := content.ParseKind(pos[0])
	if err != nil {
		return fail("%v", err)
	}
	id := pos[1]
	if err := coll.CheckID(id); err != nil {
		return fail("%v", err)
	}
	if strings.ContainsAny(*title, "\r\n") {
		return fail("-title: a title is one line")
	}
	fsys := os.DirFS(*root)
	if taken := takenBy(ctx, fsys, id); taken != "" {
		return fail("%s", taken)
	}
	site, _ := content.LoadSite(fsys) // nil if broken: the skeleton lists no themes
	data, err := content.SkeletonIn(lang, site, coll.Kind, id, *title)
	if err != nil {
		return fail("%v", err)
	}
	rel := path.Join(content.ContentDir, coll.Dir, id+".md")
	file := filepath.Join(*root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fail("%v", err)
	}
	// O_EXCL: never overwrite, even a file written since takenBy looked.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fail("%s already exists", rel)
	}
	if err != nil {
		return fail("%v", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fail("%v", err)
	}
	if err := f.Close(); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintln(stdout, rel)
	if lang == "fr" {
		next := "remplissez le titre, citez une source"
		if *title != "" {
			next = "citez une source"
		}
		fmt.Fprintf(stderr, "Maintenant, %s, écrivez le corps, puis lancez : catalogue check %s\n", next, rel)
		return nil
	}
	next := "fill in the title, cite a source"
	if *title != "" {
		next = "cite a source"
	}
	fmt.Fprintf(stderr, "Now %s, write the body, and run: catalogue check %s\n", next, rel)
	return nil
}

// parseInterleaved parses flags wherever they are among the arguments
// (catalogue new action 2.1.9 -title …) and returns the others.
func parseInterleaved(fl *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fl, args); err != nil {
			return nil, err
		}
		if fl.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fl.Arg(0))
		args = fl.Args()[1:]
	}
}

// takenBy says why id cannot be used: an entry has it, compared without
// case, in any collection, or a redirect keeps it for a renamed or removed
// entry. It returns "" if the id is free. File names are enough, since an
// entry's file is named after its id, and a file that does not load still
// holds its id.
func takenBy(ctx context.Context, fsys fs.FS, id string) string {
	for _, c := range content.Collections() {
		entries, _ := fs.ReadDir(fsys, path.Join(content.ContentDir, c.Dir))
		for _, e := range entries {
			if stem, ok := strings.CutSuffix(e.Name(), ".md"); ok && strings.EqualFold(stem, id) {
				return fmt.Sprintf("id %q is taken: %s (ids are compared without case)", id, path.Join(content.ContentDir, c.Dir, e.Name()))
			}
		}
	}
	cat, _ := content.Load(ctx, fsys, content.Options{})
	if cat == nil {
		return ""
	}
	for _, r := range cat.Redirects {
		if !strings.EqualFold(r.From, id) {
			continue
		}
		what := "records its removal"
		if r.To != "" {
			what = "redirects it to " + r.To
		}
		return fmt.Sprintf("id %q is reserved: %s %s (%q); a published id is never reused", id, content.RedirectsFile, what, r.Reason)
	}
	return ""
}
