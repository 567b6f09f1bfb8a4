package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// An Owner is one value of the owner vocabulary: a ministry, a directorate
// or an agency that carries entries. Entries name owners by id, so that one
// owner has one page whatever the spelling of the source, and reusers can
// join the exports on the id.
type Owner struct {
	ID      string   `toml:"id" json:"id" required:"true" doc:"Identifier used in entries' owners and in URLs (/owners/<id>/); never changes once published."`
	Label   string   `toml:"label" json:"label" required:"true" doc:"Short label, usually the acronym: DINUM."`
	FR      string   `toml:"fr" json:"name_fr,omitempty" doc:"Full name in French, as a source writes it."`
	EN      string   `toml:"en" json:"name_en,omitempty" doc:"Full name in English, as a source writes it."`
	Country string   `toml:"country" json:"country" required:"true" doc:"ISO 3166-1 alpha-2 code of the owner's country: FR, LU."`
	Address string   `toml:"address" json:"address,omitempty" doc:"Postal address."`
	Aliases []string `toml:"aliases" json:"aliases,omitempty" doc:"Other names entries may write; accepted with a warning naming the id."`
}

// Name returns the owner's full name in lang, else in the other language,
// else its short label.
func (o Owner) Name(lang string) string {
	if lang == "en" {
		return cmpOr(o.EN, o.FR, o.Label)
	}
	return cmpOr(o.FR, o.EN, o.Label)
}

func cmpOr(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// OwnerByID returns the owner with the given id.
func (s *Site) OwnerByID(id string) (Owner, bool) {
	if i, ok := s.ownerIndex[id]; ok {
		return s.Owners[i], true
	}
	return Owner{}, false
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// checkOwners checks the vocabulary of site.toml and indexes it.
func (s *Site) checkOwners(d *decoder) {
	s.ownerIndex = make(map[string]int, len(s.Owners))
	s.ownerAlias = map[string]string{}
	for i, o := range s.Owners {
		path := fmt.Sprintf("owners[%d].id", i)
		if o.Country != "" && !countryPattern.MatchString(o.Country) {
			p := fmt.Sprintf("owners[%d].country", i)
			d.diags.Errorf(d.loc.valPos(p), p, "%q is not a country code; expected two capital letters (ISO 3166-1), e.g. \"FR\"", o.Country)
		}
		if _, dup := s.ownerIndex[o.ID]; dup {
			d.diags.Errorf(d.loc.valPos(path), path, "duplicate owner %q", o.ID)
			continue
		}
		if o.ID != "" && !slugPattern.MatchString(o.ID) {
			d.diags.Errorf(d.loc.valPos(path), path, "%q is not a lowercase slug (a-z, 0-9, -)", o.ID)
		}
		s.ownerIndex[o.ID] = i
	}
	for i, o := range s.Owners {
		for j, a := range o.Aliases {
			p := fmt.Sprintf("owners[%d].aliases[%d]", i, j)
			if other, ok := s.ownerAlias[a]; ok && other != o.ID {
				d.diags.Errorf(d.loc.valPos(p), p, "%q is already an alias of owner %q", a, other)
				continue
			}
			if _, ok := s.ownerIndex[a]; ok && a != o.ID {
				d.diags.Errorf(d.loc.valPos(p), p, "%q is the id of another owner", a)
				continue
			}
			s.ownerAlias[a] = o.ID
		}
	}
}

// ownerIDs returns the ids of the vocabulary, in its order.
func (s *Site) ownerIDs() []string {
	ids := make([]string, len(s.Owners))
	for i, o := range s.Owners {
		ids[i] = o.ID
	}
	return ids
}

// checkOwnersOf resolves an entry's owners to ids: an id stays, an alias is
// replaced by its id with a warning, anything else is an error that points
// to the id meant when it can tell.
func checkOwnersOf(e *Entry, site *Site, diags *Diagnostics) {
	var aliased []int
	for i, v := range e.Owners {
		if _, ok := site.ownerIndex[v]; ok || strings.TrimSpace(v) == "" {
			continue
		}
		if _, bad := findTextProblem(v, false); bad || strings.ContainsAny(v, "\n\r") {
			continue // reported as such; no owner has that name
		}
		p := fmt.Sprintf("owners[%d]", i)
		if id, ok := site.ownerAlias[v]; ok {
			diags.Warnf(e.positions().valPos(p), p, "%q is an alias of owner %q; write %q", v, id, id)
			e.Owners[i] = id
			aliased = append(aliased, i)
			continue
		}
		if id, what := site.ownerForName(v); id != "" {
			diags.Errorf(e.positions().valPos(p), p, "%q is the %s of owner %q, not its id; did you mean %q?", v, what, id, id)
			continue
		}
		msg := msgf("%q is not an owner of site.toml", v)
		ids := site.ownerIDs()
		switch s := suggest(v, ids); {
		case s != "":
			msg = msgf("%s; did you mean %q?", msg, s)
		case len(ids) == 0:
			msg = msgf("%s; site.toml declares no [[owners]]", msg)
		case len(ids) <= 12:
			msg = msgf("%s; expected one of %s", msg, quoteList(ids))
		default:
			msg = msgf("%s; add it to [[owners]] in site.toml or use one of its ids", msg)
		}
		diags.Errorf(e.positions().valPos(p), p, "%s", msg)
	}
	// An alias and its id both listed: the second is a repeat (repeats
	// as written are reported with the other lists').
	for i, v := range e.Owners {
		if j := slices.Index(e.Owners[:i], v); j >= 0 && (slices.Contains(aliased, i) || slices.Contains(aliased, j)) {
			p := fmt.Sprintf("owners[%d]", i)
			diags.Warnf(e.positions().valPos(p), p, "%q is listed twice (also owners[%d])", v, j)
		}
	}
}

// ownerForName finds the owner whose label, full name or alias v is, up
// to case and accents, and says which of them it is.
func (s *Site) ownerForName(v string) (id string, what Message) {
	f := fold(v)
	for _, o := range s.Owners {
		switch {
		case fold(o.Label) == f:
			return o.ID, msgf("label")
		case o.FR != "" && fold(o.FR) == f, o.EN != "" && fold(o.EN) == f:
			return o.ID, msgf("full name")
		case fold(o.ID) == f:
			return o.ID, msgf("id, in other letters,")
		}
		for _, a := range o.Aliases {
			if fold(a) == f {
				return o.ID, msgf("alias, in other letters,")
			}
		}
	}
	return "", Message{}
}
