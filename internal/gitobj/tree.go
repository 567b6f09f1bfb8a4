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
	data Contents
	idx  index
}

// ParseTree parses a tree object: entries "mode name\x00" and a 20-byte
// ID, in git's order.
func ParseTree(data Contents) (*Tree, error) {
	if data.Len() >= 1<<31 {
		return nil, errors.New("tree: too large")
	}
	t := &Tree{data: data}
	var (
		prev   TreeEntry
		starts []int32
	)
	for pos := 0; pos < data.Len(); {
		e, next, err := parseEntry(data, pos)
		if err != nil {
			return nil, err
		}
		if len(starts) > 0 && compareEntries(&prev, &e) >= 0 {
			return nil, fmt.Errorf("tree: %q after %q: not in order", e.Name, prev.Name)
		}
		starts = append(starts, int32(pos))
		prev, pos = e, next
	}
	t.idx.add(starts)
	return t, nil
}

// Len returns the number of entries.
func (t *Tree) Len() int { return t.idx.n }

// Entry returns the i-th entry.
func (t *Tree) Entry(i int) TreeEntry {
	e, _, _ := parseEntry(t.data, t.idx.at(i)) // checked when parsed
	return e
}

// parseEntry parses the entry at pos and returns where the next starts.
func parseEntry(data Contents, pos int) (TreeEntry, int, error) {
	b := data.at(pos)
	if nul := bytes.IndexByte(b, 0); nul < 0 || len(b)-nul-1 < len(ID{}) {
		// An entry across pieces.
		end := data.indexByte(pos, 0)
		if end < 0 || data.Len()-end-1 < len(ID{}) {
			return TreeEntry{}, 0, fmt.Errorf("tree: bad entry at byte %d", pos)
		}
		b = data.slice(pos, end-pos+1+len(ID{}))
	}
	e, n, err := parseEntryBytes(b)
	if err != nil {
		return e, 0, fmt.Errorf("tree: %v at byte %d", err, pos)
	}
	return e, pos + n, nil
}

// parseEntryBytes parses the entry at the start of b and returns its
// length.
func parseEntryBytes(b []byte) (TreeEntry, int, error) {
	var e TreeEntry
	sp := bytes.IndexByte(b, ' ')
	if sp < 1 || sp > 7 {
		return e, 0, errors.New("bad mode")
	}
	var mode uint32
	for _, c := range b[:sp] {
		if c < '0' || c > '7' {
			return e, 0, errors.New("bad mode")
		}
		mode = mode<<3 | uint32(c-'0')
	}
	rest := b[sp+1:]
	nul := bytes.IndexByte(rest, 0)
	if nul < 1 || len(rest)-nul-1 < len(e.ID) {
		return e, 0, errors.New("bad entry")
	}
	e.Mode = canonMode(mode)
	e.Name = rest[:nul:nul]
	copy(e.ID[:], rest[nul+1:])
	return e, sp + 1 + nul + 1 + len(e.ID), nil
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
func (t *Tree) Compare(other Contents, fn func(mine, theirs *TreeEntry) error) (*Tree, error) {
	if other.Len() >= 1<<31 {
		return nil, errors.New("tree: too large")
	}
	a, b := t.data, other
	// The entry of t in which the first differing byte falls starts at
	// the same place in other, after the same entries.
	p := commonPrefix(a, b)
	k := max(t.idx.search(p), 0)
	s := a.Len()
	if k < t.idx.n {
		s = t.idx.at(k)
	}
	if s > b.Len() {
		return nil, errors.New("tree: inconsistent comparison")
	}
	same := commonSuffix(a, b, s)
	var idx index
	idx.addRange(&t.idx, 0, k, 0)
	var mid []int32 // where other's entries between start

	i, pa, pb := k, s, s // the next entries of each side, i that of t
	var (
		ea, eb, prevB TreeEntry
		nextA, nextB  int
		haveA, haveB  bool
		seenB         bool
	)
	for {
		if a.Len()-pa == b.Len()-pb && a.Len()-pa <= same {
			// What is left is the same bytes, so the same entries.
			idx.add(mid)
			idx.addRange(&t.idx, i, t.idx.n, int32(b.Len()-a.Len()))
			return &Tree{data: b, idx: idx}, nil
		}
		if !haveA && pa < a.Len() {
			ea, nextA, _ = parseEntry(a, pa) // t was checked
			haveA = true
		}
		if !haveB && pb < b.Len() {
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
			mid = append(mid, int32(pb))
			prevB, seenB = eb, true
			pb, haveB = nextB, false
		}
	}
}

// Contents returns the tree object's bytes.
func (t *Tree) Contents() Contents { return t.data }

// Subtree returns the ID of the subtree named name, if t has one.
func (t *Tree) Subtree(name string) (ID, bool) {
	want := TreeEntry{Mode: ModeTree, Name: []byte(name)}
	i := sort.Search(t.Len(), func(i int) bool {
		e := t.Entry(i)
		return compareEntries(&e, &want) >= 0
	})
	if i == t.Len() {
		return ID{}, false
	}
	e := t.Entry(i)
	return e.ID, e.IsTree() && string(e.Name) == name
}
