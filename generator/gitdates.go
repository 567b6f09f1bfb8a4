package generator

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitDates returns the date of the last commit of every file under content/,
// by path from the site root, so that "last updated" comes from history and
// not from the clock. Outside a git checkout, or without git, it returns nil
// and entries show only the dates they set.
func gitDates(ctx context.Context, root string) map[string]time.Time {
	cmd := exec.CommandContext(ctx, "git", "log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", "content")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	// git prints paths relative to the repository's top when --relative
	// is not honoured; both forms are relative to root here.
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if d, ok := strings.CutPrefix(line, "\x00"); ok {
			current, _ = time.Parse(time.RFC3339, d)
			current = current.UTC()
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		p := filepath.ToSlash(line)
		if _, seen := dates[p]; !seen {
			dates[p] = current // git log lists the newest commit first
		}
	}
	return dates
}
