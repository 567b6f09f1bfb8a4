package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"catalogue/generator"
	"catalogue/generator/content"
	"catalogue/generator/render"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	root := fs.String("root", ".", "site folder (with site.toml, content/, themes/)")
	public := fs.String("public", "", "output folder (default ROOT/public)")
	quiet := fs.Bool("q", false, "print only errors")
	verbose := fs.Bool("v", false, "print each stage's duration and peak memory")
	baseURL := baseURLFlag(fs)
	langVal := langFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lang, err := uiLang("build", *langVal, *root, stderr)
	if err != nil {
		return err
	}
	if err := checkBaseURL("build", *baseURL, lang, stderr); err != nil {
		return err
	}
	ctx, stop := startProgress(ctx, stderr, terminal(stderr) && !*quiet)
	res, err := generator.Build(ctx, generator.Options{Root: *root, Public: *public, BaseURL: *baseURL, Waiting: waiting(*root, lang, stderr)})
	stages := stop()
	if *verbose && !*quiet {
		stageReport(stderr, stages)
	}
	return report(res, err, *quiet, lang, stdout, stderr)
}

// baseURLFlag declares -base-url, which build and serve share: the Pages
// pipelines publish the same sources at an address site.toml cannot know.
func baseURLFlag(fs *flag.FlagSet) *string {
	return fs.String("base-url", "", "absolute URL the portal is published at (overrides site.toml's base_url)")
}

// checkBaseURL refuses a -base-url that site.toml's base_url would refuse,
// with status 2 as for any bad flag.
func checkBaseURL(cmd, v, lang string, stderr io.Writer) error {
	if v == "" {
		return nil
	}
	if msg := content.BaseURLProblem(v); msg.Format != "" {
		fmt.Fprintf(stderr, "catalogue %s: -base-url: %q %s\n", cmd, v, msg.Text(lang))
		return exitError(2)
	}
	return nil
}

// waiting returns what a build says when another build of the site at root
// holds its lock: it waits rather than fails, as two builds of one site
// would only do the same work twice.
func waiting(root, lang string, stderr io.Writer) func(pid int) {
	lock := filepath.Join(root, ".catalogue", "lock")
	return func(pid int) {
		if pid > 0 {
			fmt.Fprintln(stderr, say(lang, "waiting for the build of process %d to end (it holds %s)", pid, lock))
			return
		}
		fmt.Fprintln(stderr, say(lang, "waiting for another build to end (it holds %s)", lock))
	}
}

// summary is the line a good build ends with.
func summary(res *generator.Result, lang string) string {
	return say(lang, "built %s: %s, %s (%s) in %v",
		count(lang, len(res.Catalogue.Entries), "%d entry", "%d entries"), count(lang, res.Pages, "%d page", "%d pages"),
		count(lang, res.Files, "%d file", "%d files"), render.FormatSize(lang, res.Bytes), res.Took.Round(time.Millisecond))
}

// report prints a build's diagnostics — only its errors when quiet —,
// then its summary or its error.
func report(res *generator.Result, err error, quiet bool, lang string, stdout, stderr io.Writer) error {
	if res != nil {
		painted := colour(stderr)
		for _, d := range res.Diagnostics {
			if quiet && d.Severity != content.Error {
				continue
			}
			fmt.Fprintln(stderr, paint(termSafe(d.Text(lang)), painted))
		}
	}
	var de *content.DiagnosticsError
	if errors.As(err, &de) {
		fmt.Fprintln(stderr, say(lang, "build failed: %s; public/ left as it was", count(lang, de.List.Errors(), "%d error", "%d errors")))
		return exitError(1)
	}
	if err != nil {
		return errors.New(say(lang, "build failed: %v", err))
	}
	if !quiet {
		fmt.Fprintln(stdout, summary(res, lang))
	}
	return nil
}
