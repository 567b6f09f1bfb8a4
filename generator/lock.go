package generator

import (
	"os"
	"path/filepath"
	"strings"
)

// lockFile is the build lock of a site, in its state folder: a build holds
// it from before it sweeps to after it swaps, so that two builds of one
// site (a catalogue build while serve rebuilds, two CI jobs in one
// checkout) take turns instead of swapping trees over each other, and so
// that every temporary tree found while holding it is a dead build's.
const lockFile = "lock"

// sweep removes what builds killed half-way (kill -9, a power cut) left
// behind: their new and old trees beside public/ and the index, and the
// index's batches, which search writes beside the index it builds. It is
// called with the lock held, so none of them belongs to a live build. A
// link of such a name is removed, never followed; so are links inside
// the trees.
func (o Options) sweep() {
	prefixes := map[string][]string{}
	for _, p := range []string{o.Public, o.Index} {
		dir, base := filepath.Dir(p), filepath.Base(p)
		prefixes[dir] = append(prefixes[dir], "."+base+"-new-", "."+base+"-old-")
	}
	dir := filepath.Dir(o.Index)
	prefixes[dir] = append(prefixes[dir], ".index-batches-")
	for dir, ps := range prefixes {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // nothing to sweep; the build reports a real problem
		}
		for _, e := range entries {
			for _, p := range ps {
				if strings.HasPrefix(e.Name(), p) {
					removeAll(filepath.Join(dir, e.Name()))
					break
				}
			}
		}
	}
}
