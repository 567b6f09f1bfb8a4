// Package diff compares two loaded catalogues as readers see them: the
// entries added, removed and renamed, the fields that change on an entry's
// page, the relations (and so the backlinks on other pages) that appear or
// vanish, and the problems `check` reports that a change introduces or
// fixes. It reads no file and runs no git: the caller loads both sides.
package diff

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"catalogue/generator/content"
)

// A Side is one revision of the site: its catalogue (nil when it could not
// be loaded at all) and what checking it reported.
type Side struct {
	Label       string // the revision, as the reader knows it: "main", "working tree"
	Catalogue   *content.Catalogue
	Diagnostics content.Diagnostics
}

// A Diff is what a change does to the readers' pages.
type Diff struct {
	From       string        `json:"from"`
	To         string        `json:"to"`
	Added      []Entry       `json:"added"`
	Removed    []Removal     `json:"removed"`
	Renamed    []Rename      `json:"renamed"`
	Changed    []EntryChange `json:"changed"`
	Introduced []Problem     `json:"problems_introduced"`
	Fixed      []Problem     `json:"problems_fixed"`
}

// An Entry names an entry and its page.
type Entry struct {
	Kind  content.Kind `json:"kind"`
	ID    string       `json:"id"`
	Title string       `json:"title"`
	File  string       `json:"file"`
	URL   string       `json:"url"`
}

// A Removal is an entry that no longer exists, with the reason
// content/redirects.toml gives, if any.
type Removal struct {
	Entry
	Reason string `json:"reason,omitempty"`
}

// A Rename is an entry whose id changed, as content/redirects.toml records.
type Rename struct {
	From   Entry  `json:"from"`
	To     Entry  `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// An EntryChange is what changes on the page of an entry present on both
// sides (under its new id when renamed).
type EntryChange struct {
	Entry
	Fields []FieldChange `json:"fields,omitempty"`
	Gained []Relation    `json:"relations_gained,omitempty"`
	Lost   []Relation    `json:"relations_lost,omitempty"`
}

// A FieldChange is one front-matter key (or "body") whose value changed.
// Old or New is empty when the key is absent on that side; the body's text
// is not repeated, only that it changed.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// A Relation is a link shown on an entry's page: one it states (Backlink
// false), or one another entry states about it (Backlink true, shown on
// this page because of the other entry).
type Relation struct {
	Rel      content.Rel `json:"rel"`
	ID       string      `json:"id"`
	Backlink bool        `json:"backlink"`
}

// A Problem is a diagnostic, without its line: a problem that only moved
// is neither introduced nor fixed.
//
// Code is the kind of problem, the same in every language; Message is in
// English, fr the same in French.
type Problem struct {
	File     string `json:"file"`
	Severity string `json:"severity"`
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	fr       string
}

// text returns the problem's message in lang.
func (p Problem) text(lang string) string {
	if lang == "fr" && p.fr != "" {
		return p.fr
	}
	return p.Message
}

// inFrench returns the problems with their French message.
func inFrench(ps []Problem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		p.Message = p.text("fr")
		out[i] = p
	}
	return out
}

// Empty reports whether the change changes nothing for readers nor for check.
func (d *Diff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Renamed)+len(d.Changed)+len(d.Introduced)+len(d.Fixed) == 0
}

// Compare computes what changes from old to new.
func Compare(old, new Side) *Diff {
	d := &Diff{From: old.Label, To: new.Label, Added: []Entry{}, Removed: []Removal{}, Renamed: []Rename{},
		Changed: []EntryChange{}, Introduced: []Problem{}, Fixed: []Problem{}}
	oldEntries, newEntries := entries(old.Catalogue), entries(new.Catalogue)

	// renamed maps an old id to its new one, for the renames this change
	// records in content/redirects.toml.
	renamed := map[string]string{}
	reasons := map[string]string{}
	oldRedirects := map[string]bool{}
	if old.Catalogue != nil {
		for _, r := range old.Catalogue.Redirects {
			oldRedirects[r.From+"\x00"+r.To] = true
		}
	}
	if new.Catalogue != nil {
		for _, r := range new.Catalogue.Redirects {
			if oldRedirects[r.From+"\x00"+r.To] {
				continue
			}
			reasons[r.From] = r.Reason
			if r.To != "" && oldEntries[r.From] != nil && newEntries[r.To] != nil && newEntries[r.From] == nil {
				renamed[r.From] = r.To
			}
		}
	}
	renamedTo := map[string]bool{}
	for _, to := range renamed {
		renamedTo[to] = true
	}
	// newID is the id an old entry has on the new side.
	newID := func(id string) string {
		if to, ok := renamed[id]; ok {
			return to
		}
		return id
	}

	for _, e := range sorted(oldEntries) {
		switch to, ok := renamed[e.ID]; {
		case ok:
			d.Renamed = append(d.Renamed, Rename{entryOf(e), entryOf(newEntries[to]), reasons[e.ID]})
		case newEntries[e.ID] == nil:
			d.Removed = append(d.Removed, Removal{entryOf(e), reasons[e.ID]})
		}
	}
	for _, e := range sorted(newEntries) {
		if oldEntries[e.ID] == nil && !renamedTo[e.ID] {
			d.Added = append(d.Added, entryOf(e))
		}
	}
	for _, o := range sorted(oldEntries) {
		n := newEntries[newID(o.ID)]
		if n == nil {
			continue
		}
		c := EntryChange{Entry: entryOf(n), Fields: compareFields(o, n)}
		oldRels, newRels := relations(o, newID), relations(n, nil)
		c.Gained = minus(newRels, oldRels)
		c.Lost = minus(oldRels, newRels)
		if len(c.Fields)+len(c.Gained)+len(c.Lost) > 0 {
			d.Changed = append(d.Changed, c)
		}
	}
	slices.SortFunc(d.Changed, func(a, b EntryChange) int { return compareEntry(a.Entry, b.Entry) })

	oldProblems, newProblems := problems(old.Diagnostics), problems(new.Diagnostics)
	d.Introduced = problemsMinus(newProblems, oldProblems)
	d.Fixed = problemsMinus(oldProblems, newProblems)
	return d
}

func entries(c *content.Catalogue) map[string]*content.Entry {
	m := map[string]*content.Entry{}
	if c == nil {
		return m
	}
	for _, e := range c.Entries {
		m[e.ID] = e
	}
	return m
}

// sorted lists the entries in the catalogue's order: collection, then id.
func sorted(m map[string]*content.Entry) []*content.Entry {
	out := make([]*content.Entry, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *content.Entry) int { return compareEntry(entryOf(a), entryOf(b)) })
	return out
}

func compareEntry(a, b Entry) int {
	return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), content.CompareIDs(a.ID, b.ID))
}

func kindOrder(k content.Kind) int {
	return slices.IndexFunc(content.Collections(), func(c content.Collection) bool { return c.Kind == k })
}

func entryOf(e *content.Entry) Entry {
	return Entry{Kind: e.Kind, ID: e.ID, Title: e.Title, File: e.File, URL: e.URL()}
}

// compareFields compares the front matter key by key, in the order the
// format defines them, then the body.
func compareFields(o, n *content.Entry) []FieldChange {
	of, nf := fields(o), fields(n)
	var out []FieldChange
	seen := map[string]bool{}
	for _, kv := range append(of, nf...) {
		if seen[kv[0]] {
			continue
		}
		seen[kv[0]] = true
		ov, nv := lookup(of, kv[0]), lookup(nf, kv[0])
		if kv[0] == "id" || ov == nv {
			continue
		}
		out = append(out, FieldChange{kv[0], ov, nv})
	}
	if strings.TrimSpace(o.Body) != strings.TrimSpace(n.Body) {
		out = append(out, FieldChange{"body", "", "(text changed)"})
	}
	return out
}

func lookup(kvs [][2]string, k string) string {
	for _, kv := range kvs {
		if kv[0] == k {
			return kv[1]
		}
	}
	return ""
}

// fields flattens an entry's front matter into key, value pairs, by its
// TOML keys: lists of strings joined with ", ", lists of tables one key per
// element (sources[1]), zero values left out.
func fields(e *content.Entry) [][2]string {
	var out [][2]string
	add := func(prefix string, v reflect.Value) {
		flatten(prefix, v, &out)
	}
	add("", reflect.ValueOf(e.Meta))
	if km := e.KindMeta(); km != nil {
		add("", reflect.ValueOf(km).Elem())
	}
	return out
}

func flatten(prefix string, v reflect.Value, out *[][2]string) {
	t := v.Type()
	for i := range t.NumField() {
		key := t.Field(i).Tag.Get("toml")
		if key == "" || !t.Field(i).IsExported() {
			continue
		}
		if prefix != "" {
			key = prefix + "." + key
		}
		fv := v.Field(i)
		if fv.IsZero() {
			continue
		}
		switch {
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			for j := range fv.Len() {
				flatten(fmt.Sprintf("%s[%d]", key, j+1), fv.Index(j), out)
			}
		case fv.Kind() == reflect.Slice:
			var parts []string
			for j := range fv.Len() {
				parts = append(parts, fmt.Sprint(fv.Index(j).Interface()))
			}
			*out = append(*out, [2]string{key, strings.Join(parts, ", ")})
		case fv.Type().String() == "time.Time":
			*out = append(*out, [2]string{key, fv.MethodByName("Format").Call([]reflect.Value{reflect.ValueOf("2006-01-02")})[0].String()})
		default:
			*out = append(*out, [2]string{key, fmt.Sprint(fv.Interface())})
		}
	}
}

// relations lists the links shown on an entry's page, with the ids of the
// other ends mapped by rename (nil: as they are), so that a renamed entry
// is not a lost and a gained link on every page that shows it.
func relations(e *content.Entry, rename func(string) string) []Relation {
	if rename == nil {
		rename = func(id string) string { return id }
	}
	var out []Relation
	for _, l := range e.Links {
		out = append(out, Relation{l.Rel, rename(l.Entry.ID), false})
	}
	for _, l := range e.Backlinks {
		out = append(out, Relation{l.Rel, rename(l.Entry.ID), true})
	}
	return out
}

// minus returns the relations of a not in b, each once.
func minus(a, b []Relation) []Relation {
	var out []Relation
	for _, r := range a {
		if !slices.Contains(b, r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func problems(diags content.Diagnostics) []Problem {
	out := make([]Problem, len(diags))
	for i, d := range diags {
		out[i] = Problem{d.Pos.File, d.Severity.String(), d.Field, d.Code, d.Msg, d.Message("fr")}
	}
	return out
}

// problemsMinus returns the problems of a that b does not have, counting
// duplicates: two identical problems in a file where there was one is one
// introduced.
func problemsMinus(a, b []Problem) []Problem {
	left := map[Problem]int{}
	for _, p := range b {
		left[p]++
	}
	out := []Problem{}
	for _, p := range a {
		if left[p] > 0 {
			left[p]--
			continue
		}
		out = append(out, p)
	}
	return out
}
