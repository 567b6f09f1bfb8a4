package corpus

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"catalogue/generator/content"
)

// historyStart is the date of a generated history's first commit; the
// others follow an hour apart.
var historyStart = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

// An entryFile is a generated entry: its path from the site root and its
// final bytes.
type entryFile struct {
	path string
	data string
}

// writeHistory makes dir a git repository whose history ends in the files
// it holds, in commits commits: the first adds every file in an earlier
// version; each of the others edits one entry (its title or its body), or
// now and then renames one (its id and file) or removes an entry that is
// not in the final tree, so that reading the history meets every kind of
// change. The commits are written by one git fast-import, with a fixed
// identity and dates: the same corpus gives the same commits.
func writeHistory(ctx context.Context, dir string, entries []entryFile, commits int, seed uint64) error {
	if commits < 1 || len(entries) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 1<<40))
	type event struct {
		entry  int // the entry edited or renamed; -1 for a removal
		rename bool
	}
	events := make([]event, commits-1)
	edits := make([]int, len(entries)) // versions before the final one
	renamed := make([]bool, len(entries))
	ghosts := 0
	for j := range events {
		i := rng.IntN(len(entries))
		switch r := rng.IntN(100); {
		case r == 0:
			events[j] = event{entry: -1}
			ghosts++
			continue
		case r == 1 && !renamed[i] && edits[i] == 0:
			// Renamed first: later edits are made under the new name.
			renamed[i] = true
			events[j] = event{entry: i, rename: true}
		default:
			events[j] = event{entry: i}
		}
		edits[i]++
	}
	// Versions are numbered from the first; the last is the final file.
	version := make([]int, len(entries))
	text := func(i int) string {
		e := entries[i]
		v := version[i]
		if v == edits[i] {
			return e.data
		}
		s := e.data + fmt.Sprintf("\nRévision %d.\n", v)
		if v%2 == 0 {
			s = strings.Replace(s, "\ntitle = \"", fmt.Sprintf("\ntitle = \"(ébauche %d) ", v), 1)
		}
		return s
	}
	oldPath := func(i int) string { return strings.TrimSuffix(entries[i].path, ".md") + "-old.md" }
	idOf := func(p string) string { return strings.TrimSuffix(path.Base(p), ".md") }
	withID := func(s, from, to string) string {
		return strings.Replace(s, fmt.Sprintf("id = %q", from), fmt.Sprintf("id = %q", to), 1)
	}

	var stream bytes.Buffer
	w := bufio.NewWriter(&stream)
	n := 0
	commit := func(msg string) {
		n++
		t := historyStart.Add(time.Duration(n-1) * time.Hour).Unix()
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Corpus <corpus@example.fr> %d +0000\ncommitter Corpus <corpus@example.fr> %d +0000\ndata %d\n%s\n", t, t, len(msg), msg)
	}
	put := func(p, data string) { fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(data), data) }

	commit("Import the catalogue")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, content.ContentDir+"/") {
			return nil
		}
		data, err := os.ReadFile(p)
		put(rel, string(data))
		return err
	})
	if err != nil {
		return err
	}
	for i, e := range entries {
		if renamed[i] {
			put(oldPath(i), withID(text(i), idOf(e.path), idOf(oldPath(i))))
		} else {
			put(e.path, text(i))
		}
	}
	for g := range ghosts {
		e := entries[g%len(entries)]
		p := strings.TrimSuffix(e.path, ".md") + fmt.Sprintf("-gone%d.md", g)
		put(p, withID(e.data, idOf(e.path), idOf(p)))
	}
	g := 0
	for _, ev := range events {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ev.entry < 0 {
			e := entries[g%len(entries)]
			p := strings.TrimSuffix(e.path, ".md") + fmt.Sprintf("-gone%d.md", g)
			commit("Remove " + idOf(p))
			fmt.Fprintf(w, "D %s\n", p)
			g++
			continue
		}
		i := ev.entry
		version[i]++
		id := idOf(entries[i].path)
		if ev.rename {
			commit("Rename " + idOf(oldPath(i)) + " to " + id)
			fmt.Fprintf(w, "D %s\n", oldPath(i))
		} else {
			commit("Edit " + id)
		}
		put(entries[i].path, text(i))
	}
	w.Flush()

	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"fast-import", "--quiet"}, {"reset", "-q"}} {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if args[0] == "fast-import" {
			cmd.Stdin = &stream
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v\n%s", args[0], err, out)
		}
	}
	return nil
}
