package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

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
	baseURL := baseURLFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkBaseURL("build", *baseURL, stderr); err != nil {
		return err
	}
	res, err := generator.Build(ctx, generator.Options{Root: *root, Public: *public, BaseURL: *baseURL})
	return report(res, err, stdout, stderr)
}

// baseURLFlag declares -base-url, which build and serve share: the Pages
// pipelines publish the same sources at an address site.toml cannot know.
func baseURLFlag(fs *flag.FlagSet) *string {
	return fs.String("base-url", "", "absolute URL the portal is published at (overrides site.toml's base_url)")
}

// checkBaseURL refuses a -base-url that site.toml's base_url would refuse,
// with status 2 as for any bad flag.
func checkBaseURL(cmd, v string, stderr io.Writer) error {
	if v == "" {
		return nil
	}
	if msg := content.BaseURLProblem(v); msg != "" {
		fmt.Fprintf(stderr, "catalogue %s: -base-url: %q %s\n", cmd, v, msg)
		return exitError(2)
	}
	return nil
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
