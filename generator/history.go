package generator

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"catalogue/generator/content"
	"catalogue/internal/parallel"
	"catalogue/search/index"
)

// ReadHistory reads the history of the entry files under root's content/
// from git, in one pass. Where it can, it reads the repository's objects
// itself (see readObjects): each commit's tree compared with its parent's
// where their bytes differ, the two versions of each changed file
// compared by their front matter to tell which fields changed. Otherwise
// one `git log` lists every commit's changes to them, renames included,
// and one `git cat-file --batch`, fed while the log is read, gives the
// two versions of each changed file. A git call per file would cost
// minutes at ten thousand entries. A long log is read in parts at once,
// one a core (see logSplit).
//
// Outside a git checkout, or without git, it returns a history with no
// change whose Note says why.
func ReadHistory(ctx context.Context, root string) *content.History {
	var (
		changes []content.Change
		note    string
	)
	if g, err := locate(ctx, root); err == nil {
		changes, note = readChanges(ctx, root, g, "")
	} else {
		changes, note = readLog(ctx, root, split(), "HEAD") // says why
	}
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

// A logSplit says how a long log is cut into parts read at once: git log
// diffs each commit's trees on one core, two seconds at ten thousand
// commits.
type logSplit struct {
	// parts is the most parts, one a core.
	parts int
	// perPart is the fewest first-parent commits of a part: for fewer,
	// the git processes cost more than they save.
	perPart int
}

// split is how builds cut the log.
func split() logSplit { return logSplit{parts: runtime.GOMAXPROCS(0), perPart: 500} }

// readLog returns the changes to entry files of the commits rev names (a
// commit, then the commits whose ancestors to leave out: HEAD, or HEAD
// ^old), in the log's order, or why it cannot. A long history is read in
// parts, at once.
func readLog(ctx context.Context, root string, sp logSplit, rev ...string) ([]content.Change, string) {
	cuts := cutPoints(ctx, root, rev, sp)
	if len(cuts) == 0 {
		return readPart(ctx, root, rev)
	}
	// Cut along the first parents at c1, c2, …: the commits of rev but
	// not c1's ancestors, those of c1 but not c2's, …, and c_k's own
	// ancestry. Every commit is in exactly one part, whatever the merges.
	parts := make([][]string, len(cuts)+1)
	parts[0] = append(slices.Clone(rev), "^"+cuts[0])
	for i, c := range cuts {
		parts[i+1] = []string{c}
		if i+1 < len(cuts) {
			parts[i+1] = append(parts[i+1], "^"+cuts[i+1])
		}
		parts[i+1] = append(parts[i+1], rev[1:]...) // the range's lower bounds
	}
	changes := make([][]content.Change, len(parts))
	notes := make([]string, len(parts))
	err := parallel.Run(ctx, len(parts), parallel.Options{Workers: len(parts)}, func(i int) error {
		changes[i], notes[i] = readPart(ctx, root, parts[i])
		return nil
	})
	if err != nil {
		return nil, "git log: " + err.Error() // cancelled: some parts were not read
	}
	if note := cmp.Or(notes...); note != "" {
		return nil, note
	}
	return slices.Concat(changes...), ""
}

// cutPoints returns the commits at which to cut the log of rev, none when
// it is short.
func cutPoints(ctx context.Context, root string, rev []string, sp logSplit) []string {
	if sp.parts < 2 {
		return nil
	}
	cmd := exec.CommandContext(ctx, "git", append(append([]string{"rev-list", "--first-parent"}, rev...), "--")...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil // the log says why
	}
	commits := strings.Fields(string(out))
	parts := min(sp.parts, len(commits)/max(sp.perPart, 1))
	var cuts []string
	for i := 1; i < parts; i++ {
		cuts = append(cuts, commits[i*len(commits)/parts])
	}
	return cuts
}

// mallocTunables keeps git's glibc from mapping and unmapping fresh pages
// for each of the large trees it reads: a folder of thousands of entries
// is a tree of hundreds of kilobytes, above glibc's default threshold for
// mmap, read twice a commit. It halves the page faults and the system
// time of git log; other C libraries ignore it. Tunables the user set are
// kept instead.
const mallocTunables = "glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=67108864"

// gitEnv is the environment git log runs in.
func gitEnv() []string {
	if _, set := os.LookupEnv("GLIBC_TUNABLES"); set {
		return nil // the process's own
	}
	return append(os.Environ(), "GLIBC_TUNABLES="+mallocTunables)
}

// readPart reads the log of the commits rev names. The two versions of
// each changed file are asked of one git cat-file --batch while the log is
// still being read, and their front matter compared once all are in.
func readPart(ctx context.Context, root string, rev []string) ([]content.Change, string) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends cat-file if the log failed
	var stderr bytes.Buffer
	// No pathspec: with one, git diffs each commit's tree twice, once to
	// tell whether the commit touches the path and once to list what it
	// changed, which doubled the time at ten thousand commits. --relative
	// keeps the files under root, named from it; parseLog keeps the entry
	// files. --root and --encoding keep the first commit's files and the
	// subjects in UTF-8 whatever log.showRoot and i18n.logOutputEncoding
	// say, as readObjects gives them.
	args := append([]string{"log", "-M", "--raw", "--no-abbrev", "-z", "--no-color", "--root", "--encoding=UTF-8",
		"--format=%x1e%H%x1f%cI%x1f%s", "--relative"}, rev...)
	cmd := exec.CommandContext(ctx, "git", append(args, "--")...)
	cmd.Dir = root
	cmd.Env = gitEnv()
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err.Error()
	}
	if err := cmd.Start(); err != nil {
		return nil, gitProblem(err, "")
	}
	var blobs *blobReader
	pending := parseLog(bufio.NewReaderSize(stdout, 1<<16), func(hashes ...string) {
		if blobs == nil {
			blobs = startBlobs(ctx, root)
		}
		blobs.want(hashes...)
	})
	if err := cmd.Wait(); err != nil {
		if blobs != nil {
			blobs.close()
		}
		return nil, gitProblem(err, stderr.String())
	}
	if blobs != nil {
		texts, err := blobs.close()
		if err != nil {
			return nil, err.Error()
		}
		compareVersions(ctx, pending, texts)
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
	g, err := locate(ctx, root)
	if err != nil {
		return ReadHistory(ctx, root) // says why
	}
	if g.shallow {
		// The oldest commit of a shallow clone would show every entry
		// as added on its date.
		return &content.History{Note: "a shallow clone, whose history is cut (fetch it whole: git fetch --unshallow, or GIT_DEPTH: 0 in GitLab CI)"}
	}
	head := g.head
	var c historyCache
	if data, err := os.ReadFile(cache); err == nil && json.Unmarshal(data, &c) == nil && c.Head != "" {
		if c.Head == head {
			return newHistory(c.Changes)
		}
		ancestor := exec.CommandContext(ctx, "git", "merge-base", "--is-ancestor", c.Head, head)
		ancestor.Dir = root
		if ancestor.Run() == nil {
			if newer, note := readChanges(ctx, root, g, c.Head); note == "" {
				c = historyCache{Head: head, Changes: append(newer, c.Changes...)}
				saveHistory(cache, c)
				return newHistory(c.Changes)
			}
		}
	}
	changes, note := readChanges(ctx, root, g, "")
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

// A commitHead is what the history keeps of a commit.
type commitHead struct {
	hash    string
	date    time.Time
	subject string
}

// logHead parses the header readPart's format gives each commit:
// \x1e hash \x1f date \x1f subject.
func logHead(tok string) (commitHead, bool) {
	h, ok := strings.CutPrefix(tok, "\x1e")
	if !ok {
		return commitHead{}, false
	}
	parts := strings.SplitN(h, "\x1f", 3)
	if len(parts) != 3 {
		return commitHead{}, true
	}
	date, _ := time.Parse(time.RFC3339, parts[1])
	return commitHead{hash: parts[0], date: date.UTC(), subject: parts[2]}, true
}

// parseLog reads the output of git log -z --raw with the format of
// readPart: for each commit a header \x1e hash \x1f date \x1f subject,
// then for each file changed ":modes old new status", NUL, its path (two
// for a rename or copy), NUL. It returns the changes to entry files, in
// the log's order, with the blobs of the two versions of those whose
// fields are to compare, which it passes to need as it meets them.
func parseLog(r *bufio.Reader, need func(hashes ...string)) []logChange {
	return parseRaw(r, logHead, need)
}

// parseRaw reads git's -z --raw output, whose commits start with a token
// that head recognises; see parseLog.
func parseRaw(r *bufio.Reader, head func(tok string) (commitHead, bool), need func(hashes ...string)) []logChange {
	var (
		pending []logChange
		commit  commitHead
		eof     bool
	)
	next := func() string {
		tok, err := r.ReadString(0)
		if err != nil {
			eof = true
			return tok
		}
		return tok[:len(tok)-1]
	}
	for !eof {
		tok := strings.TrimPrefix(next(), "\n")
		if h, ok := head(tok); ok {
			if h.hash != "" { // a header it cannot read keeps the last
				commit = h
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
		c, ok := entryChange(commit, status, oldBlob, newBlob, file, oldFile)
		if !ok {
			continue
		}
		if c.oldBlob != "" {
			need(c.oldBlob, c.newBlob)
		}
		pending = append(pending, c)
	}
	return pending
}

// entryChange returns what a line of git's raw diff says of an entry
// file, or false when it is not about one.
func entryChange(commit commitHead, status, oldBlob, newBlob, file, oldFile string) (logChange, bool) {
	kind, id, ok := content.EntryFile(file)
	if !ok {
		if status[0] != 'R' {
			return logChange{}, false
		}
		// Moved out of the collections: gone, as far as readers go.
		if kind, id, ok = content.EntryFile(oldFile); !ok {
			return logChange{}, false
		}
		status, file, oldFile = "D", oldFile, ""
	}
	c := logChange{Change: content.Change{Date: commit.date, Commit: commit.hash, Subject: commit.subject, Kind: kind, ID: id, File: file}}
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
	return c, true
}

// A blobReader reads blobs with one git cat-file --batch, as they are
// asked for: git answers while the log is still being read.
type blobReader struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	in     *bufio.Writer
	stderr bytes.Buffer
	seen   map[string]bool
	// texts and err are the reader's, until done is closed.
	texts map[string][]byte
	err   error
	done  chan struct{}
}

// startBlobs starts git cat-file --batch in root; a failure to start it
// is reported by close.
func startBlobs(ctx context.Context, root string) *blobReader {
	b := &blobReader{seen: map[string]bool{}, texts: map[string][]byte{}, done: make(chan struct{})}
	b.cmd = exec.CommandContext(ctx, "git", "cat-file", "--batch")
	b.cmd.Dir = root
	b.cmd.Stderr = &b.stderr
	stdin, err := b.cmd.StdinPipe()
	if err != nil {
		b.err = err
		close(b.done)
		return b
	}
	stdout, err := b.cmd.StdoutPipe()
	if err == nil {
		err = b.cmd.Start()
	}
	if err != nil {
		b.err = fmt.Errorf("git cat-file: %w", err)
		close(b.done)
		return b
	}
	b.stdin, b.in = stdin, bufio.NewWriterSize(stdin, 1<<16)
	// Reading the contents while the names are written: git answers as
	// it reads, and would block on a full pipe.
	go func() {
		defer close(b.done)
		b.err = readBlobs(bufio.NewReaderSize(stdout, 1<<16), b.texts)
		io.Copy(io.Discard, stdout)
	}()
	return b
}

// readBlobs reads the answers of git cat-file --batch into texts until
// the end of its output.
func readBlobs(r *bufio.Reader, texts map[string][]byte) error {
	for {
		head, err := r.ReadString('\n')
		if err == io.EOF && head == "" {
			return nil
		}
		if err != nil {
			return err
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			continue // "<hash> missing": a shallow clone's boundary
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("bad header %q", head)
		}
		data := make([]byte, n+1)
		if _, err := io.ReadFull(r, data); err != nil {
			return err
		}
		texts[f[0]] = data[:n]
	}
}

// want asks for the blobs with the given hashes, once each.
func (b *blobReader) want(hashes ...string) {
	if b.in == nil {
		return // did not start
	}
	for _, h := range hashes {
		if h != "" && !b.seen[h] {
			b.seen[h] = true
			b.in.WriteString(h) // an error is kept, and met by Flush
			b.in.WriteByte('\n')
		}
	}
}

// close ends the list of blobs and returns their contents by hash.
func (b *blobReader) close() (map[string][]byte, error) {
	if b.in != nil {
		b.in.Flush()
		b.stdin.Close()
		<-b.done
		if err := b.cmd.Wait(); err != nil {
			return nil, fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(b.stderr.String()))
		}
	}
	if b.err != nil {
		return nil, fmt.Errorf("git cat-file: %w", b.err)
	}
	return b.texts, nil
}

// compareVersions sets the Fields of every change that has two versions to
// compare, on every core.
func compareVersions(ctx context.Context, changes []logChange, texts map[string][]byte) {
	parallel.Run(ctx, len(changes), parallel.Options{}, func(i int) error {
		c := &changes[i]
		if c.oldBlob == "" {
			return nil
		}
		old, okOld := texts[c.oldBlob]
		new, okNew := texts[c.newBlob]
		if okOld && okNew {
			c.Fields = content.ChangedFields(old, new)
		}
		return nil
	})
}

// treeDates returns the modification time of every entry file the tree
// records, for a site outside git (a tarball keeps them): the tree has
// just read them, and a second walk of the content would cost as much
// again. Hidden files, which the tree leaves out, are never loaded.
func treeDates(tree *index.Tree) map[string]time.Time {
	if tree == nil {
		return map[string]time.Time{}
	}
	dates := make(map[string]time.Time, len(tree.Files))
	for _, f := range tree.Files {
		if _, _, ok := content.EntryFile(f.Path); ok {
			dates[f.Path] = time.Unix(0, f.Mod).UTC()
		}
	}
	return dates
}
