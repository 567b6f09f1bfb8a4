package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"catalogue/generator/content"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var only []string
	for _, p := range fs.Args() {
		rel, err := filepath.Rel(*root, p)
		if err != nil {
			return err
		}
		only = append(only, filepath.ToSlash(rel))
	}
	_, diags := content.Load(ctx, os.DirFS(*root), content.Options{Only: only})
	for _, d := range diags {
		fmt.Fprintln(stdout, d.Error())
	}
	if diags.Errors() > 0 {
		return exitError(1)
	}
	return nil
}
