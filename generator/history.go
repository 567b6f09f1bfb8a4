package generator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"catalogue/generator/content"
)

// ReadHistory reads the history of the entry files under root's content/
// from git, in one pass: one `git log` lists every commit's changes to
// them, renames included, and one `git cat-file --batch` gives the two
// versions of each changed file, whose front matter is compared to tell
// which fields changed. A git call per file would cost minutes at ten
// thousand entries.
//
// Outside a git checkout, or without git, it returns a history with no
// change whose Note says why.
func ReadHistory(ctx context.Context, root string) *content.History {
	changes, note := readLog(ctx, root, "HEAD")
	if note != "" {
		return &content.History{Note: note}
	}
	return newHistory(changes)
}

// newHistory orders changes newest first, the changes of one commit in the
// log's order, and those of commits of the same date by hash: the order of
// a log of merged branches, or of a log read in two parts, depends on how
// it was read; the site must not.
func newHistory(changes []content.Change) *content.History {
	slices.SortStableFunc(changes, func(a, b content.Change) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Commit, b.Commit)
	})
	return content.NewHistory(changes)
}

// readLog returns the changes to entry files of the commits of rev (HEAD,
// or a range old..new), newest first, or why it cannot.
func readLog(ctx context.Context, root, rev string) ([]content.Change, string) {
	var stderr bytes.Buffer
	// No pathspec: with one, git diffs each commit's tree twice, once to
	// tell whether the commit touches the path and once to list what it
	// changed, which doubled the time at ten thousand commits. --relative
	// keeps the files under root, named from it; parseLog keeps the entry
	// files.
	cmd := exec.CommandContext(ctx, "git", "log", "-M", "--raw", "--no-abbrev", "-z", "--no-color",
		"--format=%x1e%H%x1f%cI%x1f%s", "--relative", rev, "--")
	cmd.Dir = root
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, gitProblem(err, stderr.String())
	}
	pending := parseLog(out)
	seen := map[string]bool{}
	var blobs []string
	for _, c := range pending {
		for _, b := range []string{c.oldBlob, c.newBlob} {
			if b != "" && !seen[b] {
				seen[b] = true
				blobs = append(blobs, b)
			}
		}
	}
	if len(blobs) > 0 {
		texts, err := catBlobs(ctx, root, blobs)
		if err != nil {
			return nil, err.Error()
		}
		compareVersions(pending, texts)
	}
	changes := make([]content.Change, len(pending))
	for i, c := range pending {
		changes[i] = c.Change
	}
	return changes, ""
}

// A historyCache is the history read at a commit, kept between builds.
type historyCache struct {
	Head    string
	Changes []content.Change
}

// CachedHistory is ReadHistory for a site built again and again: the
// history read at the last build is kept in the file at cache, and only
// the commits made since are read, so that a build at an unchanged HEAD
// runs one git rev-parse, not a log of ten thousand commits. When the
// cached commit is no longer an ancestor of HEAD (a rewritten history), or
// the file is unreadable, the whole history is read again. The result is
// the same either way.
func CachedHistory(ctx context.Context, root, cache string) *content.History {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	shallow, head, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if err != nil || head == "" {
		return ReadHistory(ctx, root) // says why
	}
	if shallow == "true" {
		// The oldest commit of a shallow clone would show every entry
		// as added on its date.
		return &content.History{Note: "a shallow clone, whose history is cut (fetch it whole: git fetch --unshallow, or GIT_DEPTH: 0 in GitLab CI)"}
	}
	var c historyCache
	if data, err := os.ReadFile(cache); err == nil && json.Unmarshal(data, &c) == nil && c.Head != "" {
		if c.Head == head {
			return newHistory(c.Changes)
		}
		ancestor := exec.CommandContext(ctx, "git", "merge-base", "--is-ancestor", c.Head, head)
		ancestor.Dir = root
		if ancestor.Run() == nil {
			if newer, note := readLog(ctx, root, c.Head+".."+head); note == "" {
				c = historyCache{Head: head, Changes: append(newer, c.Changes...)}
				saveHistory(cache, c)
				return newHistory(c.Changes)
			}
		}
	}
	changes, note := readLog(ctx, root, head)
	if note != "" {
		return &content.History{Note: note}
	}
	saveHistory(cache, historyCache{Head: head, Changes: changes})
	return newHistory(changes)
}

// saveHistory writes the cache of the history; a cache that cannot be
// written only costs the next build a full read.
func saveHistory(file string, c historyCache) {
	data, err := json.Marshal(c)
	if err != nil || os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	tmp := file + ".tmp"
	if os.WriteFile(tmp, data, 0o644) == nil {
		os.Rename(tmp, file)
	}
}

// gitProblem says in a few words why git gave no history.
func gitProblem(err error, stderr string) string {
	if errors.Is(err, exec.ErrNotFound) {
		return "git is not installed"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(stderr), "\n")
	line = strings.TrimPrefix(line, "fatal: ")
	if strings.HasPrefix(line, "not a git repository") {
		return "not a git repository"
	}
	if line == "" {
		line = err.Error()
	}
	return "git log failed: " + line
}

// A logChange is a change of the log with the blobs of its two versions,
// when fields must be compared.
type logChange struct {
	content.Change
	oldBlob, newBlob string
}

// parseLog reads the output of git log -z --raw with the format of
// readHistory: for each commit a header \x1e hash \x1f date \x1f subject,
// then for each file changed ":modes old new status", NUL, its path (two
// for a rename or copy), NUL. It returns the changes to entry files,
// newest first, with the blobs of the two versions of those whose fields
// are to compare.
func parseLog(out []byte) []logChange {
	var (
		pending []logChange
		date    time.Time
		hash    string
		subject string
	)
	next := func() string {
		i := bytes.IndexByte(out, 0)
		if i < 0 {
			i = len(out)
		}
		tok := string(out[:i])
		out = out[min(i+1, len(out)):]
		return tok
	}
	for len(out) > 0 {
		tok := strings.TrimPrefix(next(), "\n")
		if h, ok := strings.CutPrefix(tok, "\x1e"); ok {
			parts := strings.SplitN(h, "\x1f", 3)
			if len(parts) == 3 {
				hash, subject = parts[0], parts[2]
				date, _ = time.Parse(time.RFC3339, parts[1])
				date = date.UTC()
			}
			continue
		}
		f := strings.Fields(tok)
		if len(f) != 5 || !strings.HasPrefix(tok, ":") {
			continue
		}
		oldBlob, newBlob, status := f[2], f[3], f[4]
		file, oldFile := next(), ""
		if status[0] == 'R' || status[0] == 'C' {
			oldFile, file = file, next()
		}
		kind, id, ok := content.EntryFile(file)
		if !ok {
			if status[0] != 'R' {
				continue
			}
			// Moved out of the collections: gone, as far as readers go.
			if kind, id, ok = content.EntryFile(oldFile); !ok {
				continue
			}
			status, file, oldFile = "D", oldFile, ""
		}
		c := logChange{Change: content.Change{Date: date, Commit: hash, Subject: subject, Kind: kind, ID: id, File: file}}
		switch status[0] {
		case 'A', 'C':
			c.Type = content.Added
		case 'D':
			c.Type = content.Removed
		case 'R':
			c.Type, c.OldFile = content.Renamed, oldFile
			if oldKind, oldID, ok := content.EntryFile(oldFile); ok {
				c.OldID = oldID
				if oldKind != kind {
					c.OldID = "" // another collection: a new entry
					c.Type, c.OldFile = content.Added, ""
				}
			} else {
				c.Type, c.OldFile = content.Added, ""
			}
			if status != "R100" && c.Type == content.Renamed {
				c.oldBlob, c.newBlob = oldBlob, newBlob
			}
		default:
			c.Type = content.Changed
			c.oldBlob, c.newBlob = oldBlob, newBlob
		}
		pending = append(pending, c)
	}
	return pending
}

// catBlobs returns the contents of the blobs with the given hashes, read by
// one git cat-file --batch.
func catBlobs(ctx context.Context, root string, hashes []string) (map[string][]byte, error) {
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	// Writing the names while reading the contents: git answers as it
	// reads, and would block on a full pipe.
	go func() {
		w := bufio.NewWriter(stdin)
		for _, h := range hashes {
			w.WriteString(h)
			w.WriteByte('\n')
		}
		w.Flush()
		stdin.Close()
	}()
	texts := make(map[string][]byte, len(hashes))
	r := bufio.NewReaderSize(stdout, 1<<16)
	var readErr error
	for range hashes {
		head, err := r.ReadString('\n')
		if err != nil {
			readErr = err
			break
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			continue // "<hash> missing": a shallow clone's boundary
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: bad header %q", head)
			break
		}
		data := make([]byte, n+1)
		if _, err := io.ReadFull(r, data); err != nil {
			readErr = err
			break
		}
		texts[f[0]] = data[:n]
	}
	io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	if readErr != nil {
		return nil, fmt.Errorf("git cat-file: %w", readErr)
	}
	return texts, nil
}

// compareVersions sets the Fields of every change that has two versions to
// compare, on every core.
func compareVersions(changes []logChange, texts map[string][]byte) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(changes); i = int(next.Add(1) - 1) {
				c := &changes[i]
				if c.oldBlob == "" {
					continue
				}
				old, okOld := texts[c.oldBlob]
				new, okNew := texts[c.newBlob]
				if okOld && okNew {
					c.Fields = content.ChangedFields(old, new)
				}
			}
		})
	}
	wg.Wait()
}

// fileDates returns the modification time of every entry file under root,
// for a site outside git: a tarball keeps them.
func fileDates(root string) map[string]time.Time {
	dates := map[string]time.Time{}
	dir := filepath.Join(root, content.ContentDir)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if _, _, ok := content.EntryFile(rel); !ok {
			return nil
		}
		if info, err := d.Info(); err == nil {
			dates[rel] = info.ModTime().UTC()
		}
		return nil
	})
	return dates
}
