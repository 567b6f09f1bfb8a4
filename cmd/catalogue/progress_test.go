package main

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"catalogue/generator"
	"catalogue/internal/progress"
)

func TestDescribe(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	for _, tc := range []struct {
		name   string
		stages []progress.Snapshot
		now    time.Time
		want   string
	}{
		{"nothing started", []progress.Snapshot{{Stage: progress.Load}}, at(1), ""},
		{"a stage with no count yet",
			[]progress.Snapshot{{Stage: progress.Load, Started: at(0)}}, at(0), "loading files…"},
		{"loading, half done after 2 s",
			[]progress.Snapshot{{Stage: progress.Load, Done: 5000, Total: 10000, Started: at(0)}}, at(2),
			"loading 5,000/10,000 files · about 2s left"},
		{"finished stages are left out; the estimate is the longest",
			[]progress.Snapshot{
				{Stage: progress.Load, Done: 10000, Total: 10000, Started: at(0), Finished: at(1)},
				{Stage: progress.Render, Done: 1000, Total: 12000, Started: at(2)},
				{Stage: progress.Index, Done: 9000, Total: 10000, Started: at(1)},
				{Stage: progress.Export, Done: 1234, Started: at(2)},
			}, at(3),
			"rendering 1,000/12,000 pages · indexing 9,000/10,000 documents · exporting 1,234 files · about 11s left"},
		{"under a second left says nothing of time",
			[]progress.Snapshot{{Stage: progress.Render, Done: 99, Total: 100, Started: at(0)}}, at(1),
			"rendering 99/100 pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describe(tc.stages, tc.now); got != tc.want {
				t.Errorf("describe = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// terminalBuffer is a buffer that says it is a terminal, as a pseudo-terminal
// would to the program.
type terminalBuffer struct{ syncBuffer }

func (*terminalBuffer) IsTerminal() bool { return true }

// On a terminal, build draws its stages on one line, rewritten in place,
// clears it and ends with the summary line; the same build into a plain
// writer shows no progress.
func TestBuildProgressOnTerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir := siteDir(t)
	commitSite(t, dir) // outside git, the build would warn that there is no history
	var stdout, stderr terminalBuffer
	if err := run(context.Background(), []string{"build", "-lang", "en", "-root", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	// The test site's raw HTML gives warnings, printed after the progress.
	warnings := regexp.MustCompile(`content/[^\n]*: warning: [^\n]*\n`)
	out := warnings.ReplaceAllString(stderr.String(), "")
	for _, stage := range []string{"loading", "indexing", "rendering", "exporting"} {
		// Stages that run side by side share the line: render and export
		// start together.
		if !regexp.MustCompile(`\r\x1b\[K([^\r]* )?` + stage + ` `).MatchString(out) {
			t.Errorf("no progress line for %s in %q", stage, out)
		}
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("the progress line is not cleared at the end: %q", out)
	}
	if !regexp.MustCompile(`^built \d+ entries: .*\n$`).MatchString(stdout.String()) {
		t.Errorf("stdout = %q, want the summary line alone", stdout.String())
	}

	var plainOut, plainErr syncBuffer
	if err := run(context.Background(), []string{"build", "-lang", "en", "-root", dir}, &plainOut, &plainErr); err != nil {
		t.Fatalf("build: %v\n%s", err, plainErr.String())
	}
	if warnings.ReplaceAllString(plainErr.String(), "") != "" {
		t.Errorf("not a terminal, stderr = %q, want nothing", plainErr.String())
	}
}

// commitSite makes the site at dir a git repository with its content in one
// commit, of a fixed author and date.
func commitSite(t *testing.T, dir string) {
	t.Helper()
	env := append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.fr", "GIT_AUTHOR_DATE=2026-01-02T12:00:00Z",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.fr", "GIT_COMMITTER_DATE=2026-01-02T12:00:00Z")
	for _, args := range [][]string{{"init", "-q"}, {"add", "content"}, {"commit", "-q", "--no-verify", "-m", "Import"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

func TestPaint(t *testing.T) {
	line := "content/a.md:1:2: error: title: empty"
	if got := paint(line, false); got != line {
		t.Errorf("paint off = %q", got)
	}
	if got, want := paint(line, true), "content/a.md:1:2: \x1b[1;31merror\x1b[0m: title: empty"; got != want {
		t.Errorf("paint on = %q, want %q", got, want)
	}
	if got, want := paint("x: warning: y", true), "x: \x1b[1;33mwarning\x1b[0m: y"; got != want {
		t.Errorf("paint on = %q, want %q", got, want)
	}
}

// Colour needs a terminal and no NO_COLOR.
func TestColour(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	if !colour(&terminalBuffer{}) {
		t.Error("no colour on a terminal")
	}
	if colour(&syncBuffer{}) {
		t.Error("colour on a plain writer")
	}
	t.Setenv("NO_COLOR", "1")
	if colour(&terminalBuffer{}) {
		t.Error("colour with NO_COLOR set")
	}
}

func TestRebuiltLine(t *testing.T) {
	res := &generator.Result{Full: true, Pages: 12, Files: 40, Took: 1234 * time.Millisecond}
	if got, want := rebuilt(res, []string{"site.toml"}, "en"), "rebuilt after site.toml changed: 12 pages, 40 files in 1.234s"; got != want {
		t.Errorf("rebuilt = %q, want %q", got, want)
	}
	changed := []string{"a", "b\x1b", "c", "d", "e"}
	if got, want := listed("en", changed, 3), `a, b\x1b, c and 2 more`; got != want {
		t.Errorf("listed = %q, want %q", got, want)
	}
	if changed[1] != "b\x1b" {
		t.Error("listed changed its argument")
	}
}
