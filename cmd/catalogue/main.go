// Command catalogue builds, serves and checks a catalogue site.
//
// Usage:
//
//	catalogue build  [-root DIR] …          write public/ and the search index
//	catalogue serve  [-addr HOST:PORT] …    build, serve, rebuild on change
//	catalogue check  [-format F] [paths…]   report every content problem
//	catalogue diff   [REV1] [REV2]          what a change does to readers' pages
//	catalogue new    KIND ID                write a skeleton entry
//	catalogue search [-kind K] QUERY        query the index from the terminal
//	catalogue version                       the version, revision and Go version
//
// Run `catalogue help` or `catalogue CMD -h` for the flags of each command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"catalogue/generator/content"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if building(os.Args[1:]) { // for the life of the process
		if os.Args[1] == "build" {
			collectLate(buildHeapFloor, true)
		} else {
			collectLate(serveHeapFloor, false)
		}
	}
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if !errors.As(err, &ex) {
			fmt.Fprintln(os.Stderr, "catalogue:", termSafe(err.Error()))
			os.Exit(1)
		}
		os.Exit(int(ex))
	}
}

// building tells whether the command line builds a site: build, and
// serve unless it only serves what is built.
func building(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "build":
		return true
	case "serve":
		return !slices.ContainsFunc(args[1:], func(a string) bool {
			return a == "-no-build" || a == "--no-build" || strings.HasPrefix(a, "-no-build=") || strings.HasPrefix(a, "--no-build=")
		})
	}
	return false
}

// exitError ends the program with a status and no further message: the
// command has already said what went wrong.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run is the whole program, with its inputs and outputs as arguments so
// that tests drive it like a user.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitError(2)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "diff":
		return runDiff(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "search":
		return runSearch(ctx, rest, stdout, stderr)
	case "version", "-version", "--version":
		return runVersion(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		return runHelp(ctx, rest, stdout, stderr)
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	fmt.Fprintf(stderr, "catalogue: unknown command %q\n", cmd)
	if s := content.Suggest(cmd, names); s != "" {
		fmt.Fprintf(stderr, "did you mean %q?\n", s)
	}
	fmt.Fprint(stderr, "\n"+usage())
	return exitError(2)
}
