package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"catalogue/generator"
	"catalogue/generator/content"
)

// newFlags returns a flag set that reports to stderr and never exits.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("catalogue "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, turning -h into a clean exit and a bad flag into
// status 2.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitError(0)
		}
		return exitError(2)
	}
	return nil
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/)")
	public := fs.String("public", "", "output folder (default ROOT/public)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	res, err := generator.Build(ctx, generator.Options{Root: *root, Public: *public, Waiting: waiting(*root, stderr)})
	return report(res, err, stdout, stderr)
}

// waiting returns what a build says when another build of the site at root
// holds its lock: it waits rather than fails, as two builds of one site
// would only do the same work twice.
func waiting(root string, stderr io.Writer) func(pid int) {
	lock := filepath.Join(root, ".catalogue", "lock")
	return func(pid int) {
		who := "another build"
		if pid > 0 {
			who = fmt.Sprintf("the build of process %d", pid)
		}
		fmt.Fprintf(stderr, "waiting for %s to end (it holds %s)\n", who, lock)
	}
}

// report prints a build's diagnostics, then its summary or its error.
func report(res *generator.Result, err error, stdout, stderr io.Writer) error {
	if res != nil {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(stderr, d.Error())
		}
	}
	var de *content.DiagnosticsError
	if errors.As(err, &de) {
		fmt.Fprintf(stderr, "build failed: %d errors; public/ left as it was\n", de.List.Errors())
		return exitError(1)
	}
	if err != nil {
		return fmt.Errorf("build failed: %w", err)
	}
	fmt.Fprintln(stdout, res.Summary())
	return nil
}
