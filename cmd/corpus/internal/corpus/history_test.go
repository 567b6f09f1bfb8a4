package corpus

import (
	"os/exec"
	"strings"
	"testing"
)

// TestHistory generates a corpus with a history: as many commits as asked,
// ending in the generated files, with edits, renames and removals, the same
// commits for the same seed.
func TestHistory(t *testing.T) {
	t.Parallel()
	m := learn(t)
	run := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	const commits = 300
	a := generate(t, m, Options{N: 200, Seed: 3, Commits: commits})
	if got := run(a, "rev-list", "--count", "HEAD"); got != "300" {
		t.Errorf("%s commits, want %d", got, commits)
	}
	if got := run(a, "status", "--porcelain"); got != "" {
		t.Errorf("the history does not end in the generated files:\n%s", got)
	}
	log := run(a, "log", "-M", "--name-status", "--format=", "--", "content")
	for _, status := range []string{"\nM\t", "\nD\t", "\nR"} {
		if !strings.Contains("\n"+log, status) {
			t.Errorf("the history has no change of status %q", strings.TrimSpace(status))
		}
	}
	b := generate(t, m, Options{N: 200, Seed: 3, Commits: commits})
	if run(a, "rev-parse", "HEAD") != run(b, "rev-parse", "HEAD") {
		t.Error("the same seed gives other commits")
	}
}
