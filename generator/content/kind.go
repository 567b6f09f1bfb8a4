package content

import (
	"regexp"
	"slices"
)

// A Kind is the type of an entry.
type Kind string

// The kinds of entry, in the order the portal lists them.
const (
	KindMutualisation Kind = "mutualisation"
	KindAction        Kind = "action"
	KindProgramme     Kind = "programme"
	KindPrinciple     Kind = "principle"
	KindIOPAction     Kind = "iop-action"
	KindService       Kind = "service"
	KindSource        Kind = "source"
)

// A Collection is the folder of one kind under content/.
type Collection struct {
	Kind Kind
	// Dir is the folder under content/ and the first segment of the
	// entry's URL.
	Dir string
	// IDPattern is what an id of this kind looks like; IDExample shows it.
	IDPattern *regexp.Regexp
	IDExample string
}

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// collections is a fixed table, never written after init.
	collections = []Collection{
		{KindMutualisation, "mutualisations", regexp.MustCompile(`^M[0-9]{3}$`), "M001"},
		{KindAction, "actions", regexp.MustCompile(`^[0-9]+(\.[0-9]+)+(\.[a-z])?$`), "2.1.1"},
		{KindProgramme, "programmes", regexp.MustCompile(`^[0-9]+\.[0-9]+$`), "2.1"},
		{KindPrinciple, "principes", regexp.MustCompile(`^(GT[0-9]+|LS[0-9]+\.[0-9]+|P[0-9]+\.[0-9]+\.[0-9]+)$`), "LS1.2"},
		{KindIOPAction, "iop", slugPattern, "e-invoicing"},
		{KindService, "services", slugPattern, "franceconnect"},
		{KindSource, "sources", slugPattern, "csic-2018"},
	}
)

// Collections returns the collections in portal order.
func Collections() []Collection { return slices.Clone(collections) }

// CollectionOf returns the collection of kind k.
func CollectionOf(k Kind) (Collection, bool) {
	for _, c := range collections {
		if c.Kind == k {
			return c, true
		}
	}
	return Collection{}, false
}

func collectionByDir(dir string) (Collection, bool) {
	for _, c := range collections {
		if c.Dir == dir {
			return c, true
		}
	}
	return Collection{}, false
}

// An Enum is a string type whose values come from a closed list. The loader
// checks them, and the schema export lists them.
type Enum interface {
	Values() []string
}

// Status is where an entry stands.
type Status string

// Values implements Enum.
func (Status) Values() []string {
	return []string{"identified", "qualified", "planned", "in-progress", "operational", "abandoned", "retired"}
}

// Priority is the MoSCoW priority of an action.
type Priority string

// Values implements Enum.
func (Priority) Values() []string { return []string{"must", "should", "could", "wont"} }

// Lang is the language of an entry's text.
type Lang string

// Values implements Enum.
func (Lang) Values() []string { return []string{"fr", "en"} }

// Category tells a priority programme from a complementary chantier.
type Category string

// Values implements Enum.
func (Category) Values() []string { return []string{"programme", "chantier"} }
