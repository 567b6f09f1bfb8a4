// Command corpus writes a synthetic catalogue site of any size, for
// benchmarks and for comparing builders: N entries of every kind in the
// proportions of the bundled catalogue, French (and English) text learnt
// from its titles and bodies, realistic front matter and relations, valid
// under `catalogue check`, the same bytes for the same seed.
//
// Usage:
//
//	corpus -n 10000 -seed 1 -out DIR [-from .] [-wide-codes] [-commits 10000]
//
// DIR receives site.toml and themes/ copied from the site at -from, and
// content/. The loader allows 999 mutualisation codes (M001–M999); past
// them, the share of mutualisations goes to principles unless -wide-codes
// asks for M1000 and beyond, for a loader that accepts them. -commits C
// makes DIR a git repository whose C commits end in the generated files:
// one adding them all, then edits, renames and removals of entries, for
// benchmarking the history.
//
// The benchmarks of every build stage live in this package's tests, which
// generate their corpus with the same code:
//
//	go test ./cmd/corpus -run '^$' -bench . -benchmem
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"catalogue/cmd/corpus/internal/corpus"
	"catalogue/generator/content"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

// errUsage ends the program with status 2 after the usage was printed.
var errUsage = errors.New("usage")

// run is the whole program, its inputs and outputs as arguments.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of entries")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same corpus")
	out := fs.String("out", "", "folder to write the site to (new or empty)")
	from := fs.String("from", ".", "site to learn from (site.toml, content/, themes/)")
	commits := fs.Int("commits", 0, "also make the site a git repository with a history of this many commits")
	wide := fs.Bool("wide-codes", false, "number mutualisations past M999 (the loader rejects them today)")
	oneLang := fs.Bool("one-language", false, "keep only the first of the model site's interface languages")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: corpus -n N -seed S -out DIR [-from SITE] [-wide-codes] [-commits C] [-one-language]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	m, err := corpus.Learn(ctx, os.DirFS(*from))
	if err != nil {
		return err
	}
	opts := corpus.Options{N: *n, Seed: *seed, WideCodes: *wide, Commits: *commits, OneLanguage: *oneLang}
	st, err := m.Generate(ctx, *out, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d entries to %s (%d files, %.1f MB) in %v:", *n, *out, st.Files, float64(st.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
	for _, c := range content.Collections() {
		fmt.Fprintf(stdout, " %d %s", st.Kinds[c.Kind], c.Dir)
	}
	fmt.Fprintln(stdout)
	if want := m.Counts(corpus.Options{N: *n, WideCodes: true}); !*wide && want[content.KindMutualisation] > corpus.MaxStrictCodes {
		fmt.Fprintf(stdout, "note: mutualisations stop at M%d (the loader's id pattern); %d more were generated as principles (-wide-codes to number them M1000…)\n",
			corpus.MaxStrictCodes, want[content.KindMutualisation]-corpus.MaxStrictCodes)
	}
	return nil
}
