package content

import (
	"cmp"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// A ChangeType says what a change did to an entry.
type ChangeType string

// The changes an entry goes through.
const (
	Added   ChangeType = "added"
	Changed ChangeType = "changed"
	Renamed ChangeType = "renamed"
	Removed ChangeType = "removed"
)

// A Change is what one commit did to one entry file, or what
// content/redirects.toml says of a renamed or removed entry that the history
// does not show.
type Change struct {
	Date time.Time
	// Commit is the commit's full hash, Subject its first line; both are
	// empty for a change known only from redirects.toml.
	Commit  string
	Subject string
	Type    ChangeType
	// Kind and ID name the entry after the change; for a removal, the
	// entry removed. OldID is its id before a rename.
	Kind  Kind
	ID    string
	OldID string
	// File is the entry's file after the change (before it, for a
	// removal); OldFile, before a rename.
	File    string
	OldFile string
	// Fields are the front-matter keys whose values differ between the
	// two versions, in order, with "body" when the Markdown changed; empty
	// for an addition or a removal.
	Fields []string
	// Reason is why the entry was renamed or removed, from redirects.toml.
	Reason string
}

// History is what the content's version control says of its entries.
type History struct {
	// Changes are every change to an entry file, newest first; changes of
	// the same date keep the log's order.
	Changes []Change
	// Note says why there is no history, when the site is not in git;
	// empty when Changes come from git.
	Note string
	// byFile maps an entry file, as it is now, to its changes, including
	// those made under its names before renames.
	byFile map[string][]int
}

// NewHistory returns the history made of changes, newest first, each
// naming files as they were after it.
func NewHistory(changes []Change) *History {
	h := &History{Changes: changes, byFile: map[string][]int{}}
	// Walking from the newest, a rename tells under which name the older
	// changes of a file are known now.
	now := map[string]string{}
	current := func(f string) string {
		if n, ok := now[f]; ok {
			return n
		}
		return f
	}
	for i, c := range changes {
		f := current(c.File)
		if c.Type == Removed {
			// An older file of that name is not the entry of any
			// later one.
			f = "\x00removed\x00" + f
			now[c.File] = f
		}
		h.byFile[f] = append(h.byFile[f], i)
		if c.Type == Renamed && c.OldFile != "" {
			now[c.OldFile] = f
		}
		if c.Type == Added {
			// Before it was added, a file of that name was another.
			now[c.File] = "\x00before\x00" + f
		}
	}
	return h
}

// Of returns the changes of the entry at file, newest first, following its
// renames.
func (h *History) Of(file string) []Change {
	if h == nil {
		return nil
	}
	idx := h.byFile[file]
	out := make([]Change, len(idx))
	for i, j := range idx {
		out[i] = h.Changes[j]
	}
	return out
}

// Dates returns the date of the last change of every entry file that
// exists now, for Options.Modified.
func (h *History) Dates() map[string]time.Time {
	if h == nil {
		return nil
	}
	dates := make(map[string]time.Time, len(h.byFile))
	for f, idx := range h.byFile {
		if len(idx) > 0 && !strings.HasPrefix(f, "\x00") {
			dates[f] = h.Changes[idx[0]].Date
		}
	}
	return dates
}

// EntryFile returns the kind and id of an entry file path from the site
// root (content/actions/2.1.1.md), or false when the path is not one.
func EntryFile(file string) (Kind, string, bool) {
	dir, name := path.Split(file)
	id, ok := strings.CutSuffix(name, ".md")
	if !ok || path.Dir(path.Clean(dir)) != ContentDir || id == "" {
		return "", "", false
	}
	c, ok := collectionByDir(path.Base(dir))
	return c.Kind, id, ok
}

// ChangedFields compares two versions of an entry file and returns the
// front-matter keys whose values differ, in the order of the new version
// and then of the keys it lost, and "body" when the Markdown differs. A
// version whose front matter does not parse counts as having no keys.
func ChangedFields(old, new []byte) []string {
	oldText, oldBody, _, oldErr := splitFrontMatter(string(old))
	newText, newBody, _, newErr := splitFrontMatter(string(new))
	if oldErr == nil && newErr == nil {
		var out []string
		if oldText != newText {
			var ok bool
			if out, ok = changedBlocks(oldText, newText); !ok {
				return changedFieldsDecoded(old, new)
			}
		}
		// Most edits touch the body alone: no TOML to parse.
		if oldBody != newBody {
			out = append(out, "body")
		}
		return out
	}
	return changedFieldsDecoded(old, new)
}

// changedFieldsDecoded is ChangedFields done by decoding both front
// matters whole: for those changedBlocks cannot compare by their text.
func changedFieldsDecoded(old, new []byte) []string {
	oldFM, oldBody := frontMatterOf(old)
	newFM, newBody := frontMatterOf(new)
	var out []string
	for _, k := range tomlKeys(newFM) {
		if ov, ok := oldFM[k]; !ok || !reflect.DeepEqual(ov, newFM[k]) {
			out = append(out, k)
		}
	}
	for _, k := range tomlKeys(oldFM) {
		if _, ok := newFM[k]; !ok {
			out = append(out, k)
		}
	}
	if oldBody != newBody {
		out = append(out, "body")
	}
	return out
}

// frontMatterOf returns the decoded front matter and the body of a file.
func frontMatterOf(data []byte) (map[string]any, string) {
	fm, body, _, err := splitFrontMatter(string(data))
	if err != nil {
		return nil, string(data)
	}
	var diags Diagnostics
	raw, _ := parseTOML("", fm, 1, &diags)
	return raw, body
}

// tomlKeys returns the keys of a decoded table in the order the site's
// structs declare them, then any other key in alphabetical order.
func tomlKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortKeys(keys)
	return keys
}

// sortKeys sorts front-matter keys in the order the site's structs declare
// them, then any other key in alphabetical order.
func sortKeys(keys []string) {
	rank := fieldRanks()
	slices.SortFunc(keys, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return cmp.Compare(ra, rb)
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
}

// fieldRanks is fieldRank, found once: it depends on types alone.
var fieldRanks = sync.OnceValue(fieldRank)

// fieldRank numbers the front-matter keys of Meta, then of each kind, in
// the order of their structs.
func fieldRank() map[string]int {
	rank := map[string]int{}
	add := func(t reflect.Type) {
		for i := range t.NumField() {
			if k := t.Field(i).Tag.Get("toml"); k != "" && k != "-" {
				if _, ok := rank[k]; !ok {
					rank[k] = len(rank)
				}
			}
		}
	}
	add(reflect.TypeFor[Meta]())
	for _, c := range collections {
		if km := KindMeta(c.Kind); km != nil {
			add(reflect.TypeOf(km).Elem())
		}
	}
	return rank
}

// changes merges the history with redirects.toml: a rename or removal the
// history shows gets the redirect's reason; one it does not show (a site
// outside git, or an entry removed before the history begins) is added
// from the redirect, at its date. The result is newest first.
func (c *Catalogue) changes() []Change {
	var out []Change
	if c.History != nil {
		out = slices.Clone(c.History.Changes)
	}
	for _, r := range c.Redirects {
		found := false
		for i := range out {
			ch := &out[i]
			if ch.Kind != r.Kind {
				continue
			}
			switch {
			case ch.Type == Removed && strings.EqualFold(ch.ID, r.From):
				if r.To != "" {
					ch.Type, ch.OldID, ch.ID = Renamed, ch.ID, r.To
				}
			case ch.Type == Renamed && strings.EqualFold(ch.OldID, r.From):
			default:
				continue
			}
			ch.Reason, found = r.Reason, true
			break
		}
		if found {
			continue
		}
		ch := Change{Date: r.Date, Kind: r.Kind, ID: r.From, Type: Removed, Reason: r.Reason}
		if r.To != "" {
			ch.Type, ch.OldID, ch.ID = Renamed, r.From, r.To
			if e := c.Entry(r.To); e != nil {
				ch.Kind = e.Kind
			}
		}
		out = append(out, ch)
	}
	slices.SortStableFunc(out, func(a, b Change) int { return b.Date.Compare(a.Date) })
	return out
}
