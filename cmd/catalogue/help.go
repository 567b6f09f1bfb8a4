package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"catalogue/generator/content"
)

// A command is one subcommand's help: what `catalogue help` lists and
// `catalogue COMMAND -h` prints around the flags.
type command struct {
	name     string
	synopsis string // after "catalogue NAME"
	short    string // one line, for the list of commands
	about    string // a paragraph
	examples []string
}

// commands are the subcommands, in the order `catalogue help` lists them.
var commands = []command{
	{
		name: "build", synopsis: "[-root DIR] [-public DIR] [-base-url URL] [-q | -v]",
		short: "check the content, write public/ and the search index",
		about: `Checks every entry, then writes the portal, the open-data exports and the search
index into temporary folders that replace public/ and .catalogue/index only when
every step succeeded: a failed build leaves the last good site as it was. It
never deletes or writes through a symbolic link: a public/ or .catalogue/ that is
one is refused. One build of a site runs at a time: a second waits, saying which
process holds .catalogue/lock; each removes what killed builds left behind. On a
terminal it shows its progress on one line; it always ends with one summary line.`,
		examples: []string{
			"catalogue build",
			"catalogue build -root /srv/catalogue -public /var/www/catalogue",
			"catalogue build -v    # each stage's duration and peak memory",
			"catalogue build -base-url https://owner.gitlab.io/catalogue/    # publish at another address than site.toml's",
		},
	},
	{
		name: "serve", synopsis: "[-addr HOST:PORT] [-root DIR] [-base-url URL] [-no-build]",
		short: "build, then serve with live reload and the search API",
		about: `Builds the site, serves it with the search API (/api/search) and rebuilds on every
change under content/, themes/ or site.toml, reloading the open pages. A content
error is shown in the terminal and over the page while the last good site stays
served. With -no-build it serves a site already built, without watching: the
production mode, with /healthz, /readyz and /metrics (Prometheus); it takes a new
index when one is built in place (every -poll, or on SIGHUP) and drains the
requests in flight on SIGTERM. See docs/deployment.md.`,
		examples: []string{
			"catalogue serve",
			"catalogue serve -addr 127.0.0.1:8080",
			"catalogue serve -no-build -addr :8080",
			"catalogue serve -no-build -addr 127.0.0.1:8081 -log json",
		},
	},
	{
		name: "check", synopsis: "[-root DIR] [-format text|json|github|gitlab] [paths...]",
		short: "report every problem in the content and theme, at file:line:col",
		about: `Checks the whole catalogue and its theme, or only the given files and folders
(references are still resolved against the whole), and reports every problem a
build would refuse as
file:line:col: error|warning: field: message. The json format is for tools, github
gives workflow annotations and gitlab a Code Quality report.`,
		examples: []string{
			"catalogue check",
			"catalogue check content/actions/2.1.1.md",
			"catalogue check -format gitlab > gl-code-quality-report.json",
		},
	},
	{
		name: "diff", synopsis: "[-root DIR] [-format text|markdown|json] [-lang fr|en] [REV1] [REV2]",
		short: "show what a change does to readers' pages, and to check's problems",
		about: `Compares the catalogue at two git revisions as readers see it: the entries added,
removed and renamed (as content/redirects.toml records), for each changed entry
the fields changed, old → new, the relations gained and lost, backlinks on other
entries' pages included, and the problems check reports that the change
introduces or fixes (by file, field and message, whatever the line). Without
revisions it compares the merge base with the default branch (origin/HEAD, else
main) to the working tree; with one, that revision to the working tree. The
markdown format is ready to post as a merge-request comment. Text and markdown
speak the site's first interface language, or -lang's; json keeps its keys and
gives each problem a code that does not depend on the language.`,
		examples: []string{
			"catalogue diff",
			"catalogue diff main",
			"catalogue diff v1.2.0 HEAD",
			"catalogue diff -format markdown > diff.md",
			"catalogue diff -lang en main",
		},
	},
	{
		name: "new", synopsis: "[-root DIR] [-title TITLE] KIND ID",
		short: "write a skeleton entry, every key described",
		about: `Writes a skeleton entry at content/<collection>/<ID>.md with every key explained.
KIND is one of mutualisation, action, programme, principle, iop-action, service,
source (or its folder name). It refuses an id that is taken or reserved by a
redirect, or that does not look like its kind's ids.`,
		examples: []string{
			"catalogue new mutualisation M133",
			`catalogue new action 2.1.9 -title "Socle commun d'authentification"`,
			"catalogue new service mon-service",
		},
	},
	{
		name: "search", synopsis: "[flags] QUERY...",
		short: "search the built index from the terminal",
		about: `Searches the index the last build wrote, as the portal's search does: words in any
order, codes typed any way (M75, m075, 2.1.1), filters by kind, theme, status,
priority, programme, owner or language. A stale index still answers, with a
warning.`,
		examples: []string{
			"catalogue search messagerie",
			"catalogue search -kind action -theme identite authentification",
			"catalogue search -json M075",
		},
	},
	{
		name: "version", synopsis: "",
		short: "print the version, revision and Go version",
		about: `Prints the module version, the VCS revision and date the binary was built from,
and the Go version that built it.`,
		examples: []string{"catalogue version", "catalogue -version"},
	},
}

const exitCodes = `Exit status: 0 when all went well (warnings included), 1 when the content has
errors or the work failed, 2 when the command line is wrong.`

// usage is what `catalogue help` prints.
func usage() string {
	var b strings.Builder
	b.WriteString("catalogue builds, serves and checks the catalogue.\n\nUsage:\n  catalogue COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.short)
	}
	b.WriteString("\nRun \"catalogue help COMMAND\" or \"catalogue COMMAND -h\" for a command's flags and examples.\n\n")
	b.WriteString(exitCodes + "\n")
	return b.String()
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// help writes a command's help: synopsis, paragraph, flags, examples.
func help(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: catalogue %s %s\n\n%s\n", c.name, c.synopsis, c.about)
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fmt.Fprintln(w, "\nExamples:")
	for _, e := range c.examples {
		fmt.Fprintln(w, "  "+e)
	}
	fmt.Fprintln(w, "\n"+exitCodes)
}

// newFlags returns the flag set of a command, reporting to stderr and
// never exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("catalogue "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parseFlags says what is needed
	return fs
}

// parseFlags parses args. -h prints the command's help, as go's own
// commands do on standard error, and ends
// with status 0; a bad flag is named, with the closest flag there is, and
// ends with status 2.
func parseFlags(fs *flag.FlagSet, args []string) error {
	stderr := fs.Output()
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	name := strings.TrimPrefix(fs.Name(), "catalogue ")
	if errors.Is(err, flag.ErrHelp) {
		c, _ := lookup(name)
		help(stderr, c, fs)
		return exitError(0)
	}
	// flag has printed the error, e.g. "flag provided but not defined: -fromat".
	if bad, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := content.Suggest(strings.TrimLeft(bad, "-"), names); s != "" {
			fmt.Fprintf(stderr, "did you mean -%s?\n", s)
		}
	}
	fmt.Fprintf(stderr, "run \"catalogue %s -h\" for its flags and examples\n", name)
	return exitError(2)
}

// usageError says what is wrong with a command line, with the command's
// synopsis, and ends with status 2.
func usageError(fs *flag.FlagSet, msg string) error {
	name := strings.TrimPrefix(fs.Name(), "catalogue ")
	c, _ := lookup(name)
	fmt.Fprintf(fs.Output(), "catalogue %s: %s\nusage: catalogue %s %s\nrun \"catalogue %s -h\" for its flags and examples\n",
		name, msg, name, c.synopsis, name)
	return exitError(2)
}
