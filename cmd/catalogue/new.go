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
		return usageError(fl, say(lang, "a KIND and an ID are needed"))
	}
	fail := func(msg string) error {
		fmt.Fprintf(stderr, "catalogue new: %s\n", msg)
		return exitError(1)
	}
	coll, err := content.ParseKind(pos[0])
	if err != nil {
		return fail(sayErr(lang, err))
	}
	id := pos[1]
	if err := coll.CheckID(id); err != nil {
		return fail(sayErr(lang, err))
	}
	if strings.ContainsAny(*title, "\r\n") {
		return fail(say(lang, "-title: a title is one line"))
	}
	fsys := os.DirFS(*root)
	if taken := takenBy(ctx, fsys, id, lang); taken != "" {
		return fail(taken)
	}
	site, _ := content.LoadSite(fsys) // nil if broken: the skeleton lists no themes
	data, err := content.SkeletonIn(lang, site, coll.Kind, id, *title)
	if err != nil {
		return fail(sayErr(lang, err))
	}
	rel := path.Join(content.ContentDir, coll.Dir, id+".md")
	file := filepath.Join(*root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fail(err.Error())
	}
	// O_EXCL: never overwrite, even a file written since takenBy looked.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fail(say(lang, "%s already exists", rel))
	}
	if err != nil {
		return fail(err.Error())
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fail(err.Error())
	}
	if err := f.Close(); err != nil {
		return fail(err.Error())
	}
	fmt.Fprintln(stdout, rel)
	if *title != "" {
		fmt.Fprintln(stderr, say(lang, "Now cite a source, write the body, and run: catalogue check %s", rel))
		return nil
	}
	fmt.Fprintln(stderr, say(lang, "Now fill in the title, cite a source, write the body, and run: catalogue check %s", rel))
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
func takenBy(ctx context.Context, fsys fs.FS, id, lang string) string {
	for _, c := range content.Collections() {
		entries, _ := fs.ReadDir(fsys, path.Join(content.ContentDir, c.Dir))
		for _, e := range entries {
			if stem, ok := strings.CutSuffix(e.Name(), ".md"); ok && strings.EqualFold(stem, id) {
				return say(lang, "id %q is taken: %s (ids are compared without case)", id, path.Join(content.ContentDir, c.Dir, e.Name()))
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
		if r.To != "" {
			return say(lang, "id %q is reserved: %s redirects it to %s (%q); a published id is never reused", id, content.RedirectsFile, r.To, r.Reason)
		}
		return say(lang, "id %q is reserved: %s records its removal (%q); a published id is never reused", id, content.RedirectsFile, r.Reason)
	}
	return ""
}
