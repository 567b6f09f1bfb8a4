package gitobj

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// The modes of tree entries, canonical as git compares them.
const (
	ModeTree    = 0o40000
	ModeFile    = 0o100644
	ModeExec    = 0o100755
	ModeSymlink = 0o120000
	ModeGitlink = 0o160000
)

// A TreeEntry is one entry of a tree. Its Name points into the tree's
// bytes.
type TreeEntry struct {
	Mode uint32
	Name []byte
	ID   ID
}

// IsTree says whether the entry is a subtree.
func (e *TreeEntry) IsTree() bool { return e.Mode == ModeTree }

// A Tree is a tree object with where each of its entries starts, so that
// another version of it can be compared where their bytes differ rather
// than entry by entry: a folder of thousands of files is a tree of
// hundreds of kilobytes, of which a commit changes one entry.
type Tree struct {
	data   []byte
	starts []int32
}

// ParseTree parses a tree object: entries "mode name\x00" and a 20-byte
// ID, in git's order.
func ParseTree(data []byte) (*Tree, error) {
	if len(data) >= 1<<31 {
		return nil, errors.New("tree: too large")
	}
	t := &Tree{data: data}
	var prev TreeEntry
	for pos := 0; pos < len(data); {
		e, next, err := parseEntry(data, pos)
		if err != nil {
			return nil, err
		}
		if len(t.starts) > 0 && compareEntries(&prev, &e) >= 0 {
			return nil, fmt.Errorf("tree: %q after %q: not in order", e.Name, prev.Name)
		}
		t.starts = append(t.starts, int32(pos))
		prev, pos = e, next
	}
	return t, nil
}

// Len returns the number of entries.
func (t *Tree) Len() int { return len(t.starts) }

// Entry returns the i-th entry.
func (t *Tree) Entry(i int) TreeEntry {
	e, _, _ := parseEntry(t.data, int(t.starts[i])) // checked when parsed
	return e
}

// parseEntry parses the entry at pos and returns where the next starts.
func parseEntry(data []byte, pos int) (TreeEntry, int, error) {
	var e TreeEntry
	rest := data[pos:]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 1 || sp > 7 {
		return e, 0, fmt.Errorf("tree: bad mode at byte %d", pos)
	}
	var mode uint32
	for _, c := range rest[:sp] {
		if c < '0' || c > '7' {
			return e, 0, fmt.Errorf("tree: bad mode at byte %d", pos)
		}
		mode = mode<<3 | uint32(c-'0')
	}
	rest = rest[sp+1:]
	nul := bytes.IndexByte(rest, 0)
	if nul < 1 || len(rest)-nul-1 < len(e.ID) {
		return e, 0, fmt.Errorf("tree: bad entry at byte %d", pos)
	}
	e.Mode = canonMode(mode)
	e.Name = rest[:nul:nul]
	copy(e.ID[:], rest[nul+1:])
	return e, pos + sp + 1 + nul + 1 + len(e.ID), nil
}

// canonMode is git's canon_mode: what git compares of a mode.
func canonMode(mode uint32) uint32 {
	switch mode & 0o170000 {
	case 0o100000:
		if mode&0o100 != 0 {
			return ModeExec
		}
		return ModeFile
	case 0o120000:
		return ModeSymlink
	case 0o040000:
		return ModeTree
	}
	return ModeGitlink
}

// compareEntries orders entries as git does: by name, a subtree's name
// as if it ended in a slash.
func compareEntries(a, b *TreeEntry) int {
	n := min(len(a.Name), len(b.Name))
	if c := bytes.Compare(a.Name[:n], b.Name[:n]); c != 0 {
		return c
	}
	next := func(e *TreeEntry) byte {
		if len(e.Name) > n {
			return e.Name[n]
		}
		if e.IsTree() {
			return '/'
		}
		return 0
	}
	ca, cb := next(a), next(b)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

// Compare compares t with other, another version of the same tree, and
// calls fn for each entry that differs, in git's order: (e, nil) for an
// entry only t has, (nil, e) for one only other has, (e, f) for an entry
// of the same name and kind whose ID or mode changed. It returns other
// parsed. It reads only between the first and the last byte where the two
// differ, plus the entries these bytes fall in: the entries before are
// the same in both, and those after too, once both sides are as far from
// their end.
func (t *Tree) Compare(other []byte, fn func(mine, theirs *TreeEntry) error) (*Tree, error) {
	if len(other) >= 1<<31 {
		return nil, errors.New("tree: too large")
	}
	a, b := t.data, other
	// The entry of t in which the first differing byte falls starts at
	// the same place in other, after the same entries.
	p := commonPrefix(a, b)
	k := max(sort.Search(len(t.starts), func(i int) bool { return int(t.starts[i]) > p })-1, 0)
	s := len(a)
	if k < len(t.starts) {
		s = int(t.starts[k])
	}
	if s > len(b) {
		return nil, errors.New("tree: inconsistent comparison")
	}
	same := commonSuffix(a[s:], b[s:])
	starts := make([]int32, k, len(t.starts)+4)
	copy(starts, t.starts[:k])

	i, pa, pb := k, s, s // the next entries of each side, i that of t
	var (
		ea, eb, prevB TreeEntry
		nextA, nextB  int
		haveA, haveB  bool
		seenB         bool
	)
	for {
		if len(a)-pa == len(b)-pb && len(a)-pa <= same {
			// What is left is the same bytes, so the same entries.
			shift := int32(len(b) - len(a))
			for _, st := range t.starts[i:] {
				starts = append(starts, st+shift)
			}
			return &Tree{data: b, starts: starts}, nil
		}
		if !haveA && pa < len(a) {
			ea, nextA, _ = parseEntry(a, pa) // t was checked
			haveA = true
		}
		if !haveB && pb < len(b) {
			var err error
			if eb, nextB, err = parseEntry(b, pb); err != nil {
				return nil, err
			}
			if seenB && compareEntries(&prevB, &eb) >= 0 {
				return nil, fmt.Errorf("tree: %q after %q: not in order", eb.Name, prevB.Name)
			}
			haveB = true
		}
		c := 0
		switch {
		case !haveA && !haveB:
			return nil, errors.New("tree: inconsistent comparison")
		case !haveA:
			c = 1
		case !haveB:
			c = -1
		default:
			c = compareEntries(&ea, &eb)
		}
		var err error
		switch {
		case c < 0:
			err = fn(&ea, nil)
		case c > 0:
			err = fn(nil, &eb)
		case ea.ID != eb.ID || ea.Mode != eb.Mode:
			err = fn(&ea, &eb)
		}
		if err != nil {
			return nil, err
		}
		if c <= 0 {
			pa, i, haveA = nextA, i+1, false
		}
		if c >= 0 {
			starts = append(starts, int32(pb))
			prevB, seenB = eb, true
			pb, haveB = nextB, false
		}
	}
}

// commonPrefix returns how many bytes a and b have in common at their
// start. Large blocks first: bytes.Equal compares many bytes at once.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for _, block := range []int{4096, 64} {
		for i+block <= n && bytes.Equal(a[i:i+block], b[i:i+block]) {
			i += block
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns how many bytes a and b have in common at their
// end.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for _, block := range []int{4096, 64} {
		for i+block <= n && bytes.Equal(a[len(a)-i-block:len(a)-i], b[len(b)-i-block:len(b)-i]) {
			i += block
		}
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// Bytes returns the tree object's bytes.
func (t *Tree) Bytes() []byte { return t.data }

// Subtree returns the ID of the subtree named name, if t has one.
func (t *Tree) Subtree(name string) (ID, bool) {
	want := TreeEntry{Mode: ModeTree, Name: []byte(name)}
	i := sort.Search(len(t.starts), func(i int) bool {
		e := t.Entry(i)
		return compareEntries(&e, &want) >= 0
	})
	if i == len(t.starts) {
		return ID{}, false
	}
	e := t.Entry(i)
	return e.ID, e.IsTree() && string(e.Name) == name
}
