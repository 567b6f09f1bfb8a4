package gitobj

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// git runs git in dir with a fixed identity and date.
func git(t testing.TB, dir string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.fr",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.fr",
		"GIT_AUTHOR_DATE=2026-01-02T03:04:05+01:00", "GIT_COMMITTER_DATE=2026-01-02T03:04:05+01:00",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// history makes a repository of a few dozen commits editing a folder of
// many files, so that a repack gives chains of deltas.
func history(t testing.TB) string {
	dir := t.TempDir()
	git(t, dir, "", "init", "-q", "-b", "main")
	rng := rand.New(rand.NewPCG(1, 2))
	for c := range 30 {
		for range 5 {
			i := rng.IntN(200)
			name := filepath.Join(dir, "folder", fmt.Sprintf("file-%03d.md", i))
			os.MkdirAll(filepath.Dir(name), 0o755)
			text := strings.Repeat(fmt.Sprintf("Line %d of file %d.\n", c, i), 20+rng.IntN(40))
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git(t, dir, "", "add", "-A")
		git(t, dir, "", "commit", "-q", "-m", fmt.Sprintf("Commit %d\n\nbody", c))
	}
	return dir
}

// A gitObject is an object as git cat-file gives it.
type gitObject struct {
	t    string
	data []byte
}

// allObjects returns every object of the repository as git cat-file
// gives it.
func allObjects(t testing.TB, dir string) map[ID]gitObject {
	out := git(t, dir, "", "cat-file", "--batch-all-objects", "--batch")
	r := bufio.NewReader(strings.NewReader(out))
	objs := map[ID]gitObject{}
	for {
		head, err := r.ReadString('\n')
		if err == io.EOF {
			return objs
		}
		f := strings.Fields(head)
		n, _ := strconv.Atoi(f[2])
		data := make([]byte, n+1)
		if _, err := io.ReadFull(r, data); err != nil {
			t.Fatal(err)
		}
		id, _ := ParseID(f[0])
		objs[id] = gitObject{f[1], data[:n]}
	}
}

// checkAll reads every object of the repository at dir and compares it
// with what git gives.
func checkAll(t *testing.T, dir string) {
	t.Helper()
	want := allObjects(t, dir)
	if len(want) < 100 {
		t.Fatalf("only %d objects", len(want))
	}
	readsAll(t, filepath.Join(dir, ".git", "objects"), want)
}

// readsAll opens the object store at objects and wants every object of
// want read as git gives it, and an object it does not hold not found.
func readsAll(t *testing.T, objects string, want map[ID]gitObject) {
	t.Helper()
	r, err := Open(objects)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for id, w := range want {
		typ, data, err := r.Read(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if typ.String() != w.t || !bytes.Equal(data, w.data) {
			t.Fatalf("%s: %s of %d bytes, git says %s of %d", id, typ, len(data), w.t, len(w.data))
		}
	}
	if _, _, err := r.Read(ID{1, 2, 3}); err == nil || !strings.Contains(err.Error(), ErrNotFound.Error()) {
		t.Errorf("a missing object: %v", err)
	}
}

// TestRead reads every object of a repository, loose, packed with deltas
// in chains, packed again, and through an alternate.
func TestRead(t *testing.T) {
	t.Parallel()
	dir := history(t)
	t.Run("loose", func(t *testing.T) { checkAll(t, dir) })
	git(t, dir, "", "repack", "-adf", "-q", "--depth=7", "--window=50")
	if out := git(t, dir, "", "count-objects", "-v"); !strings.HasPrefix(out, "count: 0\n") {
		t.Fatalf("not all packed:\n%s", out)
	}
	t.Run("packed", func(t *testing.T) { checkAll(t, dir) })
	// Half in an older pack, half loose or in a newer one.
	git(t, dir, "", "commit", "-q", "--allow-empty", "-m", "One more")
	t.Run("packed and loose", func(t *testing.T) { checkAll(t, dir) })

	clone := filepath.Join(t.TempDir(), "clone")
	git(t, dir, "", "clone", "-q", "--shared", dir, clone)
	os.WriteFile(filepath.Join(clone, "more.md"), []byte("more\n"), 0o644)
	git(t, clone, "", "add", "-A")
	git(t, clone, "", "commit", "-q", "-m", "In the clone")
	t.Run("alternate", func(t *testing.T) { checkAll(t, clone) })
}

// TestOfsAndRefDeltas reads a thin-less pack written with REF_DELTA
// entries instead of offsets.
func TestRefDeltas(t *testing.T) {
	t.Parallel()
	dir := history(t)
	list := git(t, dir, "", "rev-list", "--objects", "--all")
	var ids strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		id, _, _ := strings.Cut(line, " ")
		ids.WriteString(id + "\n")
	}
	packDir := filepath.Join(t.TempDir(), "objects")
	os.MkdirAll(filepath.Join(packDir, "pack"), 0o755)
	git(t, dir, ids.String(), "pack-objects", "-q", "--depth=5", filepath.Join(packDir, "pack", "pack"))
	// The same objects, in a store of their own: a pack of REF_DELTAs is
	// what pack-objects writes without --delta-base-offset.
	want := allObjects(t, dir)
	readsAll(t, packDir, want)
}

// TestParseCommit compares the tree, parents, date and subject of commits
// with what git log prints.
func TestParseCommit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git(t, dir, "", "init", "-q", "-b", "main")
	messages := []string{
		"One line",
		"Two lines\nof subject\n\nand a body",
		"\n\n  Leading blank lines and spaces  \t\nthen\r\n\n\nbody",
		"Trailing spaces   \n   \nbody",
		"",
		"Ünïcode — subject\n",
	}
	for i, m := range messages {
		os.WriteFile(filepath.Join(dir, "f"), []byte(strconv.Itoa(i)), 0o644)
		git(t, dir, "", "add", "-A")
		git(t, dir, m, "commit", "-q", "--allow-empty-message", "--cleanup=verbatim", "-F", "-")
	}
	git(t, dir, "", "checkout", "-q", "-b", "side", "HEAD~2")
	git(t, dir, "", "commit", "-q", "--allow-empty", "-m", "Side")
	git(t, dir, "", "checkout", "-q", "main")
	git(t, dir, "", "merge", "-q", "--no-ff", "-m", "Merge side", "side")

	r, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	log := git(t, dir, "", "log", "-z", "--format=%H%x1f%T%x1f%P%x1f%cI%x1f%s")
	n := 0
	for _, rec := range strings.Split(strings.TrimSuffix(log, "\x00"), "\x00") {
		f := strings.Split(rec, "\x1f")
		id, _ := ParseID(f[0])
		typ, data, err := r.Read(id)
		if err != nil || typ != CommitObject {
			t.Fatalf("%s: %v %v", f[0], typ, err)
		}
		c, err := ParseCommit(data)
		if err != nil {
			t.Fatalf("%s: %v", f[0], err)
		}
		var parents []string
		for _, p := range c.Parents {
			parents = append(parents, p.String())
		}
		got := []string{f[0], c.Tree.String(), strings.Join(parents, " "), c.Committed.Format(time.RFC3339), c.Subject}
		if diff := cmp.Diff(f, got); diff != "" {
			t.Errorf("commit %s (-git +parsed):\n%s", f[0], diff)
		}
		n++
	}
	if n != len(messages)+2 {
		t.Errorf("%d commits", n)
	}
	if _, err := ParseCommit([]byte("tree " + strings.Repeat("0", 40) + "\nencoding ISO-8859-1\ncommitter A <a> 1 +0000\n\nx")); err == nil {
		t.Error("a message in ISO-8859-1 parsed")
	}
}

// randomTree returns a valid tree of about n entries, and its entries.
func randomTree(rng *rand.Rand, n int) []byte {
	names := map[string]bool{}
	var entries []TreeEntry
	for range n {
		name := fmt.Sprintf("%c%d.md", 'a'+rng.IntN(3), rng.IntN(4*n+1))
		if rng.IntN(4) == 0 {
			name = strings.TrimSuffix(name, ".md")
		}
		if names[name] {
			continue
		}
		names[name] = true
		e := TreeEntry{Mode: ModeFile, Name: []byte(name)}
		if rng.IntN(5) == 0 {
			e.Mode = ModeTree
		}
		for i := range e.ID {
			e.ID[i] = byte(rng.IntN(3)) // NULs and spaces in IDs
		}
		entries = append(entries, e)
	}
	return writeTree(entries)
}

// writeTree encodes entries in git's order.
func writeTree(entries []TreeEntry) []byte {
	sorted := append([]TreeEntry(nil), entries...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && compareEntries(&sorted[j-1], &sorted[j]) > 0; j-- {
			sorted[j-1], sorted[j] = sorted[j], sorted[j-1]
		}
	}
	var b bytes.Buffer
	for _, e := range sorted {
		fmt.Fprintf(&b, "%o %s\x00", e.Mode, e.Name)
		b.Write(e.ID[:])
	}
	return b.Bytes()
}

// edit returns a tree of entries with a few added, removed or changed.
func edit(rng *rand.Rand, tree []byte) []byte {
	t, err := ParseTree(Flat(tree))
	if err != nil {
		panic(err)
	}
	var entries []TreeEntry
	for i := range t.Len() {
		entries = append(entries, t.Entry(i))
	}
	for range 1 + rng.IntN(3) {
		switch k := rng.IntN(4); {
		case k == 0 && len(entries) > 0:
			i := rng.IntN(len(entries))
			entries = append(entries[:i], entries[i+1:]...)
		case k == 1 && len(entries) > 0:
			i := rng.IntN(len(entries))
			e := entries[i]
			e.ID[rng.IntN(20)]++
			entries[i] = e
		case k == 2 && len(entries) > 0:
			i := rng.IntN(len(entries))
			e := entries[i]
			e.Mode = ModeExec
			if e.IsTree() {
				e.Mode = ModeFile // a file where a folder was: another entry
			}
			entries[i] = e
		default:
			name := fmt.Sprintf("%c%d.md", 'a'+rng.IntN(3), rng.IntN(1000))
			dup := false
			for _, e := range entries {
				dup = dup || string(e.Name) == name
			}
			if !dup {
				entries = append(entries, TreeEntry{Mode: ModeFile, Name: []byte(name)})
			}
		}
	}
	return writeTree(entries)
}

// walk compares two trees entry by entry, as git does.
func walk(a, b *Tree) []string {
	var out []string
	i, j := 0, 0
	for i < a.Len() || j < b.Len() {
		var ea, eb TreeEntry
		c := 0
		switch {
		case i == a.Len():
			c = 1
		case j == b.Len():
			c = -1
		default:
			ea, eb = a.Entry(i), b.Entry(j)
			c = compareEntries(&ea, &eb)
		}
		switch {
		case c < 0:
			out = append(out, "-"+string(a.Entry(i).Name))
			i++
		case c > 0:
			out = append(out, "+"+string(b.Entry(j).Name))
			j++
		default:
			if ea.ID != eb.ID || ea.Mode != eb.Mode {
				out = append(out, "~"+string(ea.Name))
			}
			i, j = i+1, j+1
		}
	}
	return out
}

// compared returns what Compare says, in walk's words.
func compared(t *Tree, other Contents) ([]string, *Tree, error) {
	var out []string
	u, err := t.Compare(other, func(a, b *TreeEntry) error {
		switch {
		case b == nil:
			out = append(out, "-"+string(a.Name))
		case a == nil:
			out = append(out, "+"+string(b.Name))
		default:
			out = append(out, "~"+string(a.Name))
		}
		return nil
	})
	return out, u, err
}

// TestCompare compares random versions of trees by their bytes and
// entry by entry, along a chain of versions as a history reads them.
func TestCompare(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 100 {
		data := randomTree(rng, rng.IntN(60))
		known, err := ParseTree(Flat(data))
		if err != nil {
			t.Fatal(err)
		}
		for step := range 40 {
			next := edit(rng, data)
			want := walk(known, mustParse(t, next))
			// The next version as a delta of this one, sharing its
			// pieces, as a pack gives it.
			other, err := applyDelta(known.Contents(), encodeDelta(data, next))
			if err != nil || !bytes.Equal(other.Bytes(), next) {
				t.Fatalf("round %d step %d: delta: %v", round, step, err)
			}
			got, derived, err := compared(known, other)
			if err != nil {
				t.Fatalf("round %d step %d: %v", round, step, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("round %d step %d (-walk +compare):\n%s", round, step, diff)
			}
			if full := mustParse(t, next); !slices.Equal(full.idx.offsets(), derived.idx.offsets()) {
				t.Fatalf("round %d step %d: derived starts %v, parsed %v", round, step, derived.idx.offsets(), full.idx.offsets())
			}
			data, known = next, derived
		}
	}
}

// encodeDelta returns a delta from old to new: a copy of what they share at
// their start, the bytes between, a copy of what they share at their end.
func encodeDelta(old, new []byte) []byte {
	p := prefixOf(old[:min(len(old), len(new))], new[:min(len(old), len(new))])
	s := suffixOf(old[len(old)-min(len(old), len(new))+p:], new[len(new)-min(len(old), len(new))+p:])
	var d []byte
	size := func(n int) {
		for n >= 0x80 {
			d = append(d, byte(n)|0x80)
			n >>= 7
		}
		d = append(d, byte(n))
	}
	copyOp := func(off, n int) {
		for n > 0 {
			k := min(n, 0xffff)
			d = append(d, 0x80|0x0f|0x30, byte(off), byte(off>>8), byte(off>>16), byte(off>>24), byte(k), byte(k>>8))
			off, n = off+k, n-k
		}
	}
	size(len(old))
	size(len(new))
	copyOp(0, p)
	for mid := new[p : len(new)-s]; len(mid) > 0; {
		k := min(len(mid), 127)
		d = append(d, byte(k))
		d = append(d, mid[:k]...)
		mid = mid[k:]
	}
	copyOp(len(old)-s, s)
	return d
}

func mustParse(t testing.TB, data []byte) *Tree {
	tr, err := ParseTree(Flat(data))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
