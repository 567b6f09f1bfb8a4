package generator

// The history read from the repository's objects (see ReadHistory): the
// fast path, with readLog as its fallback.

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"catalogue/generator/content"
	"catalogue/internal/gitobj"
	"catalogue/internal/parallel"
)

// A gitRepo is where git rev-parse says a site's repository is.
type gitRepo struct {
	gitDir, commonDir string // the common one holds the objects of every worktree
	// prefix is the site root's path in the repository: empty, or
	// ending in a slash.
	prefix  string
	format  string // of object names: sha1 or sha256
	shallow bool
	head    string
}

// locate asks one git rev-parse where root's repository is and which
// commit HEAD is.
func locate(ctx context.Context, root string) (gitRepo, error) {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir",
		"--show-prefix", "--show-object-format", "--is-shallow-repository", "--verify", "-q", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return gitRepo{}, err
	}
	f := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(f) != 6 || f[5] == "" {
		return gitRepo{}, fmt.Errorf("git rev-parse: unexpected output %q", out)
	}
	return gitRepo{gitDir: f[0], commonDir: f[1], prefix: f[2], format: f[3], shallow: f[4] == "true", head: f[5]}, nil
}

// plain returns why the repository's objects may not say what git log
// would, if they may not: objects named by another hash, commits replaced
// or grafted, objects found through the environment.
func (g gitRepo) plain() error {
	if g.format != "sha1" {
		return fmt.Errorf("object format %s", g.format)
	}
	for _, v := range []string{"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE"} {
		if _, set := os.LookupEnv(v); set {
			return fmt.Errorf("%s is set", v)
		}
	}
	for _, p := range []string{"info/grafts", "refs/replace", "reftable"} {
		if _, err := os.Stat(filepath.Join(g.commonDir, p)); err == nil {
			return fmt.Errorf("%s exists", p)
		}
	}
	if data, err := os.ReadFile(filepath.Join(g.commonDir, "packed-refs")); err == nil && bytes.Contains(data, []byte(" refs/replace/")) {
		return errors.New("replace refs")
	}
	return nil
}

// readChanges returns the changes to entry files of the commits of
// g.head that old is not an ancestor of (all of them when old is empty),
// in Go when it can be sure to give what git log gives, else from git log.
func readChanges(ctx context.Context, root string, g gitRepo, old string) ([]content.Change, string) {
	if !g.shallow {
		if changes, err := readObjects(ctx, root, g, old, walkSplit{workers: runtime.GOMAXPROCS(0), perPart: 500}); err == nil {
			return changes, ""
		}
	}
	rev := []string{g.head}
	if old != "" {
		rev = append(rev, "^"+old)
	}
	return readLog(ctx, root, split(), rev...)
}

// A walkSplit says how readObjects shares its work out among cores: the
// history is read at the start of a build, when nothing else runs.
type walkSplit struct {
	// workers is the most goroutines, one a core.
	workers int
	// perPart is how many consecutive commits, or changes whose two
	// versions to compare, a worker takes at a time. Each part of
	// commits first rebuilds the trees of its first commit from their
	// bases, a few milliseconds; parts smaller than a worker's share
	// keep the cores busy to the end when one is slowed by another
	// process.
	perPart int
}

// readObjects is the history of readChanges read from the repository's
// objects: each commit's tree compared with its parent's where their
// bytes differ, each big tree rebuilt once, the blobs read in the same
// process. The commits are listed first, then compared in parts of
// consecutive commits on every core, each worker with a reader of its
// own, and the versions of the files changed read and compared the same
// way; the changes are put back in the order of the list. A file
// deleted and one added at a commit are paired as renamed by their
// similarity as git pairs them (see similarRename); a commit whose files
// git could pair some other way is left to one git diff-tree for all
// such commits, so that renames keep git's meaning. Any object it cannot
// read is an error.
func readObjects(ctx context.Context, root string, g gitRepo, old string, sp walkSplit) ([]content.Change, error) {
	if err := g.plain(); err != nil {
		return nil, err
	}
	w, err := newTreeWalker(filepath.Join(g.commonDir, "objects"), g.prefix)
	if err != nil {
		return nil, err
	}
	defer w.close()
	commits, err := w.commitsToRead(ctx, root, g.head, old)
	if err != nil {
		return nil, err
	}
	perPart := max(sp.perPart, 1)
	parts := (len(commits) + perPart - 1) / perPart
	c, err := newCrew(w, min(sp.workers, parts))
	if err != nil {
		return nil, err
	}
	defer c.close()
	// The parts are handed out in turn from as many stretches of the
	// history as there are workers, so that a worker taking every
	// other part, as the workers do when they keep pace, reads on from
	// where its last part ended: the trees it starts from are still in
	// its caches, where a part elsewhere first rebuilds them.
	workers := len(c.walkers)
	parts = (parts + workers - 1) / workers * workers
	perCommit := make([][]logChange, len(commits))
	unsure := make([]bool, len(commits)) // left to git diff-tree
	err = c.run(ctx, parts, func(w *treeWalker, i int) error {
		p := i%workers*(parts/workers) + i/workers
		lo, hi := p*len(commits)/parts, (p+1)*len(commits)/parts
		return w.readPart(commits[lo:hi], perCommit[lo:hi], unsure[lo:hi])
	})
	if err != nil {
		return nil, err
	}
	asked := map[string]int{} // by hash
	for i, id := range commits {
		if unsure[i] {
			asked[id.String()] = i
		}
	}
	if err := diffRenames(ctx, root, w, commits, asked, perCommit); err != nil {
		return nil, err
	}
	pending := slices.Concat(perCommit...)
	if err := c.setFields(ctx, pending, perPart); err != nil {
		return nil, err
	}
	changes := make([]content.Change, len(pending))
	for i, c := range pending {
		changes[i] = c.Change
	}
	return changes, nil
}

// readPart sets the changes of consecutive commits, but for their
// fields, and which of the commits to leave to git diff-tree.
func (w *treeWalker) readPart(ids []gitobj.ID, changes [][]logChange, unsure []bool) error {
	for i, id := range ids {
		c := w.commits[id]
		if len(c.Parents) > 1 {
			continue // git log shows no diff for a merge
		}
		raw, err := w.commitDiff(c)
		if err != nil {
			return fmt.Errorf("commit %s: %w", id, err)
		}
		raw, sure := exactRenames(raw)
		if !sure {
			if raw, sure, err = w.similarRename(raw); err != nil {
				return fmt.Errorf("commit %s: %w", id, err)
			}
		}
		if !sure {
			unsure[i] = true
			continue
		}
		head := commitHead{hash: id.String(), date: c.Committed.UTC(), subject: c.Subject}
		for _, r := range raw {
			if lc, ok := entryChange(head, r.status, r.oldID.String(), r.newID.String(), r.file, r.oldFile); ok {
				changes[i] = append(changes[i], lc)
			}
		}
	}
	return nil
}

// A crew is the walkers of readObjects, one a goroutine, each with a
// reader of its own: a reader keeps the objects it rebuilt.
type crew struct {
	walkers []*treeWalker // the first is readObjects', the others forks of it
}

// newCrew makes a crew of n walkers: w and forks of it.
func newCrew(w *treeWalker, n int) (*crew, error) {
	c := &crew{walkers: []*treeWalker{w}}
	for range n - 1 {
		f, err := w.fork()
		if err != nil {
			c.close()
			return nil, err
		}
		c.walkers = append(c.walkers, f)
	}
	return c, nil
}

// close closes the forks.
func (c *crew) close() {
	for _, f := range c.walkers[1:] {
		f.close()
	}
}

// run calls do(w, i) for every i in [0, n), each goroutine with a walker
// of its own, and returns the error of the lowest i.
func (c *crew) run(ctx context.Context, n int, do func(w *treeWalker, i int) error) error {
	free := make(chan *treeWalker, len(c.walkers))
	for _, w := range c.walkers {
		free <- w
	}
	return parallel.RunWith(ctx, n, parallel.Options{Workers: len(c.walkers), Errors: parallel.ByIndex},
		func() *treeWalker { return <-free }, do)
}

// setFields sets the fields that changed of each change that has two
// versions to compare, in parts of about perPart changes. A part holds
// every change of its files: the versions of a file are mostly deltas of
// one another, which a walker rebuilds from the same bases, and the new
// version at one commit is the old one at an earlier commit, which a
// walker reads once.
func (c *crew) setFields(ctx context.Context, changes []logChange, perPart int) error {
	var todo []int // by file, then in the order of changes
	for i := range changes {
		if changes[i].oldBlob != "" {
			todo = append(todo, i)
		}
	}
	slices.SortStableFunc(todo, func(a, b int) int { return strings.Compare(changes[a].File, changes[b].File) })
	var starts []int // of the parts in todo
	for i := range todo {
		if len(starts) == 0 || i-starts[len(starts)-1] >= perPart && changes[todo[i]].File != changes[todo[i-1]].File {
			starts = append(starts, i)
		}
	}
	return c.run(ctx, len(starts), func(w *treeWalker, p int) error {
		end := len(todo)
		if p+1 < len(starts) {
			end = starts[p+1]
		}
		for _, i := range todo[starts[p]:end] {
			ch := &changes[i]
			old, err := w.blob(ch.oldBlob)
			if err != nil {
				return err
			}
			cur, err := w.blob(ch.newBlob)
			if err != nil {
				return err
			}
			ch.Fields = content.ChangedFields(old, cur)
		}
		return nil
	})
}

// diffRenames asks one git diff-tree for the changes of the commits in
// asked, whose renames only git can tell, and sets them in perCommit.
func diffRenames(ctx context.Context, root string, w *treeWalker, commits []gitobj.ID, asked map[string]int, perCommit [][]logChange) error {
	if len(asked) == 0 {
		return nil
	}
	var stdin strings.Builder
	for h := range asked {
		stdin.WriteString(h + "\n")
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "diff-tree", "--stdin", "-M", "-r", "--raw", "-z", "--no-abbrev",
		"--no-color", "--relative", "--root")
	cmd.Dir = root
	cmd.Env = gitEnv()
	cmd.Stdin = strings.NewReader(stdin.String())
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git diff-tree: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	// The output names each commit before its changes.
	head := func(tok string) (commitHead, bool) {
		i, ok := asked[tok]
		if !ok {
			return commitHead{}, false
		}
		c := w.commits[commits[i]]
		return commitHead{hash: tok, date: c.Committed.UTC(), subject: c.Subject}, true
	}
	for _, c := range parseRaw(bufio.NewReader(bytes.NewReader(out)), head, func(...string) {}) {
		i := asked[c.Commit]
		perCommit[i] = append(perCommit[i], c)
	}
	return nil
}

// A rawChange is a file that a commit added (A), deleted (D), modified
// (M) or renamed (R), as git's raw diff shows it, its paths from the
// site root.
type rawChange struct {
	status           string
	file, oldFile    string
	oldMode, newMode uint32
	oldID, newID     gitobj.ID
}

// exactRenames pairs the files a commit deleted with those it added with
// the same contents, as git -M does first, and returns the changes with
// each pair as a rename in the place of the file added. When some deleted
// entry file is left unpaired while some file was added, git might pair
// them by their similarity: exactRenames then returns false, and the
// changes paired so far.
func exactRenames(raw []rawChange) ([]rawChange, bool) {
	deletedEntry := false
	for _, r := range raw {
		if _, _, ok := content.EntryFile(r.file); ok && r.status == "D" {
			deletedEntry = true
		}
	}
	if !deletedEntry {
		// An added entry file reads the same whether git pairs it
		// with a deleted file that is not an entry or not.
		return raw, true
	}
	added, deleted := map[gitobj.ID][]int{}, map[gitobj.ID][]int{}
	for i, r := range raw {
		switch r.status {
		case "A":
			added[r.newID] = append(added[r.newID], i)
		case "D":
			deleted[r.oldID] = append(deleted[r.oldID], i)
		}
	}
	source := map[int]int{} // added file → deleted file
	used := map[int]bool{}
	for id, a := range added {
		d := deleted[id]
		// One of each, or git's choice among several is not obvious.
		if len(a) != 1 || len(d) != 1 {
			continue
		}
		from, to := raw[d[0]], raw[a[0]]
		if (!isRegular(from.oldMode) || !isRegular(to.newMode)) && from.oldMode != to.newMode {
			continue // git pairs other kinds of files only of one mode
		}
		source[a[0]], used[d[0]] = d[0], true
	}
	addedLeft, entryLeft := false, false
	for i, r := range raw {
		switch _, _, entry := content.EntryFile(r.file); {
		case r.status == "A" && !hasKey(source, i):
			addedLeft = true
		case r.status == "D" && !used[i] && entry:
			entryLeft = true
		}
	}
	out := make([]rawChange, 0, len(raw))
	for i, r := range raw {
		if used[i] {
			continue // shown as the rename, where the file was added
		}
		if from, ok := source[i]; ok {
			r.status, r.oldFile, r.oldMode, r.oldID = "R100", raw[from].file, raw[from].oldMode, raw[from].oldID
		}
		out = append(out, r)
	}
	return out, !addedLeft || !entryLeft
}

// similarRename pairs a file a commit deleted with one it added as git -M
// does when their contents are similar enough, for changes whose exact
// renames are paired, and says whether it could: when one file is left
// deleted and one added, both plain files in whose comparison git's
// versions agree. Any other case, several files on a side for one, is
// left to git.
func (w *treeWalker) similarRename(raw []rawChange) ([]rawChange, bool, error) {
	deleted, added := -1, -1
	for i, r := range raw {
		switch {
		case r.status == "D" && deleted < 0:
			deleted = i
		case r.status == "A" && added < 0:
			added = i
		case r.status == "D" || r.status == "A":
			return raw, false, nil
		}
	}
	if deleted < 0 || added < 0 {
		return raw, true, nil // nothing to pair
	}
	from, to := raw[deleted], raw[added]
	if !isRegular(from.oldMode) || !isRegular(to.newMode) {
		return raw, false, nil
	}
	src, err := w.blob(from.oldID.String())
	if err != nil {
		return nil, false, err
	}
	dst, err := w.blob(to.newID.String())
	if err != nil {
		return nil, false, err
	}
	score, ok := similarity(src, dst)
	if !ok {
		return raw, false, nil
	}
	if score < renameScore {
		return raw, true, nil
	}
	out := make([]rawChange, 0, len(raw)-1)
	for i, r := range raw {
		switch i {
		case deleted:
			continue // shown as the rename, where the file was added
		case added:
			r.status = fmt.Sprintf("R%03d", score*100/maxScore)
			r.oldFile, r.oldMode, r.oldID = from.file, from.oldMode, from.oldID
		}
		out = append(out, r)
	}
	return out, true, nil
}

// git's scale of similarity, and the least with which -M pairs files.
const (
	maxScore    = 60000
	renameScore = maxScore / 2
)

// similarity is git's estimate of how much of dst was copied from src
// (estimate_similarity in diffcore-rename.c), and says whether it knows
// that git gives the same. git 2.41 started counting a last line without
// a newline, which earlier versions drop, so that a file which does not
// end in one is left to git; so are files with CRLF line ends, which git
// counts as LF unless attributes say the file is binary.
func similarity(src, dst []byte) (int, bool) {
	for _, b := range [][]byte{src, dst} {
		if len(b) > 0 && b[len(b)-1] != '\n' || bytes.Contains(b, []byte("\r\n")) {
			return 0, false
		}
	}
	big, small := max(len(src), len(dst)), min(len(src), len(dst))
	// Files whose sizes differ by more than the least score allows are
	// not compared.
	if uint64(big)*(maxScore-renameScore) < uint64(big-small)*maxScore || len(dst) == 0 {
		return 0, true
	}
	s, d := spans(src), spans(dst)
	var copied uint64
	for _, x := range s {
		for len(d) > 0 && d[0].hash < x.hash {
			d = d[1:]
		}
		if len(d) > 0 && d[0].hash == x.hash {
			copied += uint64(min(x.n, d[0].n))
			d = d[1:]
		}
	}
	return int(copied * maxScore / uint64(big)), true
}

// A span is the bytes of the lines of a file, or of their pieces of 64
// bytes, whose hash is hash: git counts copied bytes by these.
type span struct{ hash, n uint32 }

// spans returns the spans of a file by hash, as git's hash_chars in
// diffcore-delta.c counts them: the file cut after each newline and
// every 64 bytes, each piece hashed into one of 107,927 values.
func spans(b []byte) []span {
	var (
		out        []span
		acc1, acc2 uint32
		n          uint32
	)
	for _, c := range b {
		old := acc1
		acc1 = acc1<<7 ^ acc2>>25
		acc2 = acc2<<7 ^ old>>25
		acc1 += uint32(c)
		n++
		if n < 64 && c != '\n' {
			continue
		}
		out = append(out, span{hash: (acc1 + acc2*0x61) % 107927, n: n})
		n, acc1, acc2 = 0, 0, 0
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.hash, b.hash) })
	merged := out[:0]
	for _, x := range out {
		if k := len(merged) - 1; k >= 0 && merged[k].hash == x.hash {
			merged[k].n += x.n
			continue
		}
		merged = append(merged, x)
	}
	return merged
}

func hasKey(m map[int]int, k int) bool {
	_, ok := m[k]
	return ok
}

// isRegular says whether a mode is a plain file's, executable or not.
func isRegular(mode uint32) bool { return mode == gitobj.ModeFile || mode == gitobj.ModeExec }

// A treeWalker compares the trees of commits under the site root, as git
// diff-tree -r --relative does, keeping the commits and trees it read. It
// is for one goroutine; fork makes one for another.
type treeWalker struct {
	dir     string // the objects
	objs    *gitobj.Repo
	prefix  []string // the site root's folders in the repository
	commits map[gitobj.ID]*gitobj.Commit
	trees   *treeCache
	blobs   map[string][]byte // by hexadecimal name
}

// newTreeWalker opens the objects in dir, for a site root at prefix
// (empty, or ending in a slash).
func newTreeWalker(dir, prefix string) (*treeWalker, error) {
	objs, err := gitobj.Open(dir)
	if err != nil {
		return nil, err
	}
	w := &treeWalker{dir: dir, objs: objs, commits: map[gitobj.ID]*gitobj.Commit{}, trees: newTreeCache(32 << 20), blobs: map[string][]byte{}}
	if prefix != "" {
		w.prefix = strings.Split(strings.TrimSuffix(prefix, "/"), "/")
	}
	return w, nil
}

// fork returns a walker of its own objects and trees, for another
// goroutine, which shares w's commits: once they are listed, they are
// only read.
func (w *treeWalker) fork() (*treeWalker, error) {
	objs, err := gitobj.Open(w.dir)
	if err != nil {
		return nil, err
	}
	return &treeWalker{dir: w.dir, objs: objs, prefix: w.prefix, commits: w.commits, trees: newTreeCache(32 << 20), blobs: map[string][]byte{}}, nil
}

func (w *treeWalker) close() error { return w.objs.Close() }

// commitsToRead returns the commits of head that are not old's
// ancestors, all of them when old is empty, a commit before its first
// parent where it can, so that the trees a commit leaves are still in the
// cache when its parent is compared. A range is listed by git rev-list,
// whose walk stops early; the whole history is walked here. Every commit
// listed and its parents are read into w.commits.
func (w *treeWalker) commitsToRead(ctx context.Context, root, head, old string) ([]gitobj.ID, error) {
	if old != "" {
		cmd := exec.CommandContext(ctx, "git", "rev-list", head, "^"+old, "--")
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git rev-list: %v", err)
		}
		var ids []gitobj.ID
		for _, h := range strings.Fields(string(out)) {
			id, err := gitobj.ParseID(h)
			if err != nil {
				return nil, err
			}
			c, err := w.commit(id)
			if err != nil {
				return nil, err
			}
			for _, p := range c.Parents {
				if _, err := w.commit(p); err != nil {
					return nil, err
				}
			}
			ids = append(ids, id)
		}
		return ids, nil
	}
	start, err := gitobj.ParseID(head)
	if err != nil {
		return nil, err
	}
	var ids []gitobj.ID
	seen := map[gitobj.ID]bool{start: true}
	for stack := []gitobj.ID{start}; len(stack) > 0; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c, err := w.commit(id)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
		for _, p := range slices.Backward(c.Parents) {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	return ids, nil
}

// commit returns a commit, read once: commitsToRead reads them all.
func (w *treeWalker) commit(id gitobj.ID) (*gitobj.Commit, error) {
	if c, ok := w.commits[id]; ok {
		return c, nil
	}
	t, data, err := w.objs.Read(id)
	if err == nil && t != gitobj.CommitObject {
		err = fmt.Errorf("object %s is a %s, not a commit", id, t)
	}
	if err != nil {
		return nil, err
	}
	c, err := gitobj.ParseCommit(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	w.commits[id] = c
	return c, nil
}

// blob returns the contents of the blob with the hexadecimal name h,
// read once.
func (w *treeWalker) blob(h string) ([]byte, error) {
	if b, ok := w.blobs[h]; ok {
		return b, nil
	}
	id, err := gitobj.ParseID(h)
	if err != nil {
		return nil, err
	}
	t, data, err := w.objs.Read(id)
	if err == nil && t != gitobj.BlobObject {
		err = fmt.Errorf("object %s is a %s, not a blob", id, t)
	}
	if err != nil {
		return nil, err
	}
	w.blobs[h] = data
	return data, nil
}

// commitDiff returns the files under the site root that a commit changed
// from its parent (from nothing, for a first commit), in git's order.
func (w *treeWalker) commitDiff(c *gitobj.Commit) ([]rawChange, error) {
	newRoot, hasNew, err := w.siteRoot(c.Tree)
	if err != nil {
		return nil, err
	}
	var oldRoot gitobj.ID
	hasOld := false
	if len(c.Parents) == 1 {
		p, ok := w.commits[c.Parents[0]]
		if !ok {
			return nil, fmt.Errorf("parent %s: not listed", c.Parents[0])
		}
		if oldRoot, hasOld, err = w.siteRoot(p.Tree); err != nil {
			return nil, err
		}
	}
	var out []rawChange
	err = w.diff("", oldRoot, newRoot, hasOld, hasNew, &out)
	return out, err
}

// siteRoot returns the tree of the site root in a commit's tree, if the
// commit has one.
func (w *treeWalker) siteRoot(id gitobj.ID) (gitobj.ID, bool, error) {
	for _, name := range w.prefix {
		t, err := w.tree(id)
		if err != nil {
			return id, false, err
		}
		var ok bool
		if id, ok = t.Subtree(name); !ok {
			return id, false, nil
		}
	}
	return id, true, nil
}

// diff appends the files that differ between two trees at dir, each
// absent when its has is false.
func (w *treeWalker) diff(dir string, oldID, newID gitobj.ID, hasOld, hasNew bool, out *[]rawChange) error {
	switch {
	case hasOld && hasNew && oldID == newID:
		return nil
	case !hasOld && !hasNew:
		return nil
	case !hasOld:
		return w.all(dir, newID, "A", out)
	case !hasNew:
		return w.all(dir, oldID, "D", out)
	}
	return w.compare(oldID, newID, func(o, n *gitobj.TreeEntry) error {
		switch {
		case n == nil && o.IsTree():
			return w.all(dir+string(o.Name)+"/", o.ID, "D", out)
		case n == nil:
			*out = append(*out, rawChange{status: "D", file: dir + string(o.Name), oldMode: o.Mode, oldID: o.ID})
		case o == nil && n.IsTree():
			return w.all(dir+string(n.Name)+"/", n.ID, "A", out)
		case o == nil:
			*out = append(*out, rawChange{status: "A", file: dir + string(n.Name), newMode: n.Mode, newID: n.ID})
		case o.IsTree():
			return w.diff(dir+string(o.Name)+"/", o.ID, n.ID, true, true, out)
		default:
			*out = append(*out, rawChange{status: "M", file: dir + string(n.Name), oldMode: o.Mode, newMode: n.Mode, oldID: o.ID, newID: n.ID})
		}
		return nil
	})
}

// all appends every file of a tree at dir as added or deleted.
func (w *treeWalker) all(dir string, id gitobj.ID, status string, out *[]rawChange) error {
	t, err := w.tree(id)
	if err != nil {
		return err
	}
	for i := range t.Len() {
		e := t.Entry(i)
		if e.IsTree() {
			if err := w.all(dir+string(e.Name)+"/", e.ID, status, out); err != nil {
				return err
			}
			continue
		}
		r := rawChange{status: status, file: dir + string(e.Name)}
		if status == "A" {
			r.newMode, r.newID = e.Mode, e.ID
		} else {
			r.oldMode, r.oldID = e.Mode, e.ID
		}
		*out = append(*out, r)
	}
	return nil
}

// compare compares two versions of a tree from the one already parsed,
// the newer as a rule: the history is read from the newest commit, whose
// parent's trees are the next to compare.
func (w *treeWalker) compare(oldID, newID gitobj.ID, fn func(o, n *gitobj.TreeEntry) error) error {
	known, otherID, swap := w.trees.get(newID), oldID, true
	if known == nil {
		var err error
		if known, err = w.tree(oldID); err != nil {
			return err
		}
		otherID, swap = newID, false
	}
	data, err := w.treeContents(otherID)
	if err != nil {
		return err
	}
	other, err := known.Compare(data, func(mine, theirs *gitobj.TreeEntry) error {
		if swap {
			return fn(theirs, mine)
		}
		return fn(mine, theirs)
	})
	if err != nil {
		return fmt.Errorf("tree %s: %w", otherID, err)
	}
	w.trees.put(otherID, other)
	return nil
}

// tree returns a tree, parsed once while it is in the cache.
func (w *treeWalker) tree(id gitobj.ID) (*gitobj.Tree, error) {
	if t := w.trees.get(id); t != nil {
		return t, nil
	}
	data, err := w.treeContents(id)
	if err != nil {
		return nil, err
	}
	t, err := gitobj.ParseTree(data)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", id, err)
	}
	w.trees.put(id, t)
	return t, nil
}

func (w *treeWalker) treeContents(id gitobj.ID) (gitobj.Contents, error) {
	t, data, err := w.objs.ReadContents(id)
	if err == nil && t != gitobj.TreeObject {
		err = fmt.Errorf("object %s is a %s, not a tree", id, t)
	}
	return data, err
}

// A treeCache keeps the trees parsed lately: when the newer of its two
// generations is full, the older is dropped. A tree counts for its index:
// the versions of a tree share most of their bytes.
type treeCache struct {
	limit, size  int
	newer, older map[gitobj.ID]*gitobj.Tree
}

func newTreeCache(limit int) *treeCache {
	return &treeCache{limit: limit, newer: map[gitobj.ID]*gitobj.Tree{}}
}

func (c *treeCache) get(id gitobj.ID) *gitobj.Tree {
	if t, ok := c.newer[id]; ok {
		return t
	}
	if t, ok := c.older[id]; ok {
		c.put(id, t)
		return t
	}
	return nil
}

func (c *treeCache) put(id gitobj.ID, t *gitobj.Tree) {
	if _, ok := c.newer[id]; ok {
		return
	}
	if c.size > c.limit {
		c.older, c.newer, c.size = c.newer, map[gitobj.ID]*gitobj.Tree{}, 0
	}
	c.newer[id] = t
	c.size += 64 + 4*t.Len()
}
