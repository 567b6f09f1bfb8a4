package content

import "slices"

// reloadState is what Reload keeps of a catalogue, beside its entries, to
// load the next one after an edit without listing, reading or linking
// again what did not change. None of it is part of what an entry is.
type reloadState struct {
	// files are the entry files listed under content/, and listDiags
	// what listing them found.
	files     []string
	listDiags Diagnostics
	// order is the index of each entry in the catalogue's Entries, and
	// entries what Reload kept of each, at the same index.
	order   map[*Entry]int
	entries []entryState
}

// entryState is what Reload keeps of one entry.
type entryState struct {
	own Diagnostics // what loadEntry found in the file alone
	// What link found: the ids, in lower case, of the entries it looked
	// up, and whether it reported anything.
	linkedTo []string
	linkDiag bool
}

// A pending entry is one of the catalogue Reload is loading, with what its
// file alone gave and, when its file did not change, the index in the
// previous catalogue's Entries of the entry it is a copy of (else -1).
type pending struct {
	e   *Entry
	was int
	own Diagnostics
}

// relink gives e, whose file did not change since prev, the links it had
// there, now to this catalogue's entries, keeps in st what they were
// found from, and reports whether it could: not when linking it reported
// anything, nor when an entry it looked up is among changed (lower-case ids
// of the entries of the files read again, before and after). was is the
// index of the entry e is a copy of in prev.Entries, or -1 when e was read
// again. Linking anew walks every reference of every entry, most of the
// time Reload took.
//
// copies maps the entries of prev, by index, to their copies in this one.
func relink(prev *Catalogue, was int, st *entryState, e *Entry, changed map[string]bool, copies []*Entry) bool {
	if was < 0 {
		return false
	}
	old := prev.reload.entries[was]
	if old.linkDiag || slices.ContainsFunc(old.linkedTo, func(id string) bool { return changed[id] }) {
		return false
	}
	links, ok := copyLinks(prev.Entries[was].Links, prev.reload.order, copies)
	if !ok {
		return false
	}
	e.Links, st.linkedTo, st.linkDiag = links, old.linkedTo, false
	return true
}

// copyLinks returns links, of the previous catalogue whose entries are at
// the indexes order gives, pointed at the copies of their entries, and
// whether every entry has one: a file removed without being listed as
// changed has none.
func copyLinks(links []Link, order map[*Entry]int, copies []*Entry) ([]Link, bool) {
	out := make([]Link, len(links))
	for i, l := range links {
		t := copies[order[l.Entry]]
		if t == nil {
			return nil, false
		}
		out[i] = Link{Rel: l.Rel, Entry: t, Pos: l.Pos}
	}
	return out, true
}
