package content

import (
	"slices"
	"strings"
	"time"

	"catalogue/generator/markdown"
)

// An Entry is one file of the catalogue, decoded, checked and linked.
type Entry struct {
	Meta
	Kind Kind
	// File is the entry's path from the site root, with slashes:
	// content/actions/2.1.1.md.
	File string
	// Body is the Markdown after the front matter; it starts on line
	// BodyLine of File.
	Body     string
	BodyLine int

	// The kind-specific keys; only the one of Kind is set.
	Action    *ActionMeta
	Programme *ProgrammeMeta
	Principle *PrincipleMeta
	IOP       *IOPMeta
	Service   *ServiceMeta
	Source    *SourceMeta

	// Links are the entry's typed relations to others, in the order of
	// Rels; Backlinks are the same relations seen from their other end.
	Links     []Link
	Backlinks []Link
	// Modified is Updated when the entry sets it, else the date of the
	// file's last commit, else zero.
	Modified time.Time
	// Headings are the IDs of the body's headings, for anchors.
	Headings []string

	// loc is where each key and value of the front matter is, for
	// diagnostics; see positions.
	loc *locator
	// frontMatter is the front matter's text, to find positions again;
	// bad holds the key paths whose value did not decode (see locator).
	frontMatter string
	bad         map[string]bool
	scan        markdown.Scan
	// url is URL's value, found once the entry is decoded: templates and
	// exports ask for it a dozen times an entry. "" for an Entry not
	// loaded.
	url string
}

// positions returns where each key and value of the entry's front matter
// is, scanning it again when forgetPositions dropped them.
func (e *Entry) positions() *locator {
	if e.loc == nil {
		e.loc = locate(e.File, e.frontMatter, 2)
		if e.bad != nil {
			e.loc.bad = e.bad
		}
	}
	return e.loc
}

// forgetPositions drops the positions of the entry's front matter once it
// is loaded and linked. Only diagnostics need them, and a catalogue lives
// as long as a build or a server: kept, they were a tenth of the peak
// memory of a build of 100,000 entries. Reload links again only the
// entries whose references changed, and they are found again for those.
func (e *Entry) forgetPositions() {
	if e.loc == nil {
		return
	}
	e.bad = nil
	if len(e.loc.bad) > 0 {
		e.bad = e.loc.bad
	}
	e.loc = nil
}

// badValue reports whether the value at the key path did not decode (and
// was reported then), without finding the positions again.
func (e *Entry) badValue(path string) bool {
	if e.loc != nil {
		return e.loc.bad[path]
	}
	return e.bad[path]
}

// BodyText is the body as plain text (see markdown.Markdown.Text), found
// when the body was checked.
func (e *Entry) BodyText() string { return e.scan.Text }

// URL is the entry's page, from the site root: /mutualisations/m001/.
func (e *Entry) URL() string {
	if e.url != "" {
		return e.url
	}
	return EntryURL(e.Kind, e.ID)
}

// EntryURL is the page of the entry of kind and id, from the site root
// (/mutualisations/m001/), or "" for a kind that has no collection. It is
// the one place entry URLs are made: pages, redirects and search hits
// share it.
func EntryURL(kind Kind, id string) string {
	c, ok := CollectionOf(kind)
	if !ok {
		return ""
	}
	return "/" + c.Dir + "/" + strings.ToLower(id) + "/"
}

// Collection returns the entry's collection.
func (e *Entry) Collection() Collection {
	c, _ := CollectionOf(e.Kind)
	return c
}

// LinksOf returns the entry's relations of type rel.
func (e *Entry) LinksOf(rel Rel) []*Entry { return linksOf(e.Links, rel) }

// BacklinksOf returns the entries that point at this one through rel.
func (e *Entry) BacklinksOf(rel Rel) []*Entry { return linksOf(e.Backlinks, rel) }

func linksOf(links []Link, rel Rel) []*Entry {
	var out []*Entry
	for _, l := range links {
		if l.Rel == rel {
			out = append(out, l.Entry)
		}
	}
	return out
}

// KindMeta returns the entry's kind-specific struct (a pointer), or nil for
// mutualisations, which have none.
func (e *Entry) KindMeta() any {
	switch {
	case e.Action != nil:
		return e.Action
	case e.Programme != nil:
		return e.Programme
	case e.Principle != nil:
		return e.Principle
	case e.IOP != nil:
		return e.IOP
	case e.Service != nil:
		return e.Service
	case e.Source != nil:
		return e.Source
	}
	return nil
}

// A Rel is the type of a relation between two entries, named after the
// front-matter key that states it.
type Rel string

// The relations, in the order entry pages show them.
const (
	RelProgramme      Rel = "programme"      // action → programme
	RelMutualisations Rel = "mutualisations" // action → mutualisation it covers
	RelRealises       Rel = "realises"       // service → mutualisation it realises
	RelParent         Rel = "parent"         // principle → principle one level up
	RelRelated        Rel = "related"        // any → any, shown on both ends
	RelMentions       Rel = "mentions"       // a code written in a body
	RelSources        Rel = "sources"        // any → source it cites
)

// rels is a fixed table, never written after init.
var rels = []Rel{RelProgramme, RelMutualisations, RelRealises, RelParent, RelRelated, RelMentions, RelSources}

// Rels lists the relations in display order.
func Rels() []Rel { return slices.Clone(rels) }

// A Link is one relation, seen from one end. Pos is where the relation is
// written (in the file of the entry that states it).
type Link struct {
	Rel   Rel
	Entry *Entry
	Pos   Pos
}
