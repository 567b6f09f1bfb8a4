package gitobj

import "sort"

// An index says where each entry of a tree starts, as runs of offsets
// shared with other versions of the tree, each run shifted by its own
// amount: a version derived from another copies none of the offsets of
// the entries they share, which at thousands of entries a version would
// cost more than the comparison.
type index struct {
	runs []run
	n    int
}

// A run is the offsets of consecutive entries, never modified, plus shift.
type run struct {
	first  int // the index of its first entry
	starts []int32
	shift  int32
}

// maxRuns is how many runs an index may have before it is made one again.
const maxRuns = 32

// at returns where the i-th entry starts.
func (x *index) at(i int) int {
	r := x.runOf(i)
	return int(r.starts[i-r.first] + r.shift)
}

func (x *index) runOf(i int) *run {
	j := sort.Search(len(x.runs), func(j int) bool { return x.runs[j].first > i }) - 1
	return &x.runs[j]
}

// search returns the last entry that starts at or before off, or -1.
func (x *index) search(off int) int {
	return sort.Search(x.n, func(i int) bool { return x.at(i) > off }) - 1
}

// add appends offsets of new entries.
func (x *index) add(starts []int32) {
	if len(starts) > 0 {
		x.runs = append(x.runs, run{first: x.n, starts: starts})
		x.n += len(starts)
	}
}

// addRange appends the entries from to to of y, shifted by shift.
func (x *index) addRange(y *index, from, to int, shift int32) {
	for from < to {
		r := y.runOf(from)
		lo, hi := from-r.first, min(len(r.starts), to-r.first)
		x.runs = append(x.runs, run{first: x.n, starts: r.starts[lo:hi], shift: r.shift + shift})
		x.n += hi - lo
		from += hi - lo
	}
	if len(x.runs) > maxRuns {
		x.compact()
	}
}

// compact makes the index one run.
func (x *index) compact() {
	all := x.offsets()
	x.runs = x.runs[:0]
	x.n = 0
	x.add(all)
}

// offsets returns every offset, in one slice.
func (x *index) offsets() []int32 {
	all := make([]int32, 0, x.n)
	for _, r := range x.runs {
		for _, s := range r.starts {
			all = append(all, s+r.shift)
		}
	}
	return all
}
