package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// runVersion prints what the binary was built from: the module version,
// the VCS revision and its date (with "+ changes" when the tree had
// uncommitted changes), and the Go version.
func runVersion(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "catalogue version takes no arguments\n")
		return exitError(2)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(stdout, "catalogue (no build information)")
		return nil
	}
	fmt.Fprintln(stdout, versionLine(info))
	return nil
}

// versionLine is the one line `catalogue version` prints, e.g.
// "catalogue (devel) revision 4b1f9b4c0de1 2026-12-06T22:16:00Z go1.26.8".
func versionLine(info *debug.BuildInfo) string {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	parts := []string{"catalogue", info.Main.Version}
	if info.Main.Version == "" {
		parts[1] = "(unknown)"
	}
	if rev := settings["vcs.revision"]; rev != "" {
		parts = append(parts, "revision", rev[:min(12, len(rev))])
		if t := settings["vcs.time"]; t != "" {
			parts = append(parts, t)
		}
		if settings["vcs.modified"] == "true" {
			parts = append(parts, "+ changes")
		}
	}
	return strings.Join(append(parts, info.GoVersion), " ")
}

// runHelp prints the list of commands, or one command's help.
func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage())
		return nil
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "catalogue help: unknown command %q\n\n%s", args[0], usage())
		return exitError(2)
	}
	// The command's own -h knows its flags.
	if c.name == "version" {
		help(stdout, c, nil)
		return nil
	}
	return run(ctx, []string{c.name, "-h"}, stdout, stdout)
}
