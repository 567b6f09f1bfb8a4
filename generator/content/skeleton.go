package content

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// ParseKind returns the collection named by s, a kind (mutualisation) or
// its folder (mutualisations).
func ParseKind(s string) (Collection, error) {
	var names []string
	for _, c := range collections {
		if string(c.Kind) == s || c.Dir == s {
			return c, nil
		}
		names = append(names, string(c.Kind))
	}
	msg := msgf("unknown kind %q", s)
	if g := suggest(s, append(names, collectionDirs()...)); g != "" {
		if c, ok := collectionByDir(g); ok {
			g = string(c.Kind)
		}
		return Collection{}, MessageError{msgf("%s; did you mean %q?", msg, g)}
	}
	return Collection{}, MessageError{msgf("%s; expected one of %s", msg, quoteList(names))}
}

// CheckID reports an id that cannot name an entry of c: one that does not
// match the collection's pattern.
func (c Collection) CheckID(id string) error {
	if strings.TrimSpace(id) != id {
		return MessageError{msgf("id %q has leading or trailing whitespace", id)}
	}
	if !c.IDPattern.MatchString(id) {
		return MessageError{msgf("%q is not a valid %s id; expected an id like %q (pattern %s)", id, c.Kind, c.IDExample, c.IDPattern)}
	}
	return nil
}

// A MessageError is an error whose text the caller can put in the
// contributor's language: its Error is the English.
type MessageError struct{ Message }

func (e MessageError) Error() string { return e.Message.String() }

// Skeleton returns the text of a new entry of kind k with the given id and
// title: the front matter with every key of the kind, each preceded by its
// doc tag. Required keys with a closed list of values hold the first one,
// and every optional key is commented out. It loads without an error once
// the title is filled in, if title is "" (a warning remains until a source
// is cited). site, if not nil, gives the theme ids.
func Skeleton(site *Site, k Kind, id, title string) ([]byte, error) {
	return SkeletonIn("en", site, k, id, title)
}

// SkeletonIn is Skeleton with its comments in lang, "fr" or "en": the
// language of the contributors who fill it in.
func SkeletonIn(lang string, site *Site, k Kind, id, title string) ([]byte, error) {
	c, ok := CollectionOf(k)
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", k)
	}
	if err := c.CheckID(id); err != nil {
		return nil, err
	}
	s := &skeleton{site: site, fr: lang == "fr"}
	s.line("+++")
	if s.fr {
		s.line("# Nouvelle fiche de type %s, écrite par `catalogue new %s %s`.", k, k, id)
		s.line("# Remplissez le titre. Gardez les champs utiles : retirez le \"# \" qui les")
		s.line("# précède (et celui d'une [[table]] et de ses champs) ; supprimez les autres.")
		s.line("# Après le +++ final vient le corps : le texte de la fiche en Markdown, dans")
		s.line("# les mots de la source. Lancez ensuite : catalogue check %s/%s/%s.md", ContentDir, c.Dir, id)
	} else {
		s.line("# A new %s, written by `catalogue new %s %s`.", k, k, id)
		s.line("# Fill in the title. Keep the keys you need: remove the \"# \" before them")
		s.line("# (and before a [[table]] and its keys); delete the others. After the")
		s.line("# closing +++ comes the body: the entry's text in Markdown, in the")
		s.line("# source's words. Then run: catalogue check %s/%s/%s.md", ContentDir, c.Dir, id)
	}
	meta := reflect.TypeFor[Meta]()
	s.fields(meta, map[string]string{"id": QuoteTOML(id), "title": QuoteTOML(title)})
	if km := KindMeta(k); km != nil {
		s.fields(reflect.TypeOf(km).Elem(), nil)
	}
	for _, t := range s.tables {
		s.table(t)
	}
	s.line("+++")
	return []byte(s.b.String()), nil
}

type skeleton struct {
	b      strings.Builder
	site   *Site
	fr     bool // comments in French
	tables []reflect.StructField
}

// word returns the English or, in a French skeleton, the French.
func (s *skeleton) word(en, fr string) string {
	if s.fr {
		return fr
	}
	return en
}

// doc is the doc tag of f, in French from docFR in a French skeleton.
func (s *skeleton) doc(f reflect.StructField) string {
	doc := f.Tag.Get("doc")
	if fr, ok := docFR[doc]; ok && s.fr {
		return fr
	}
	return doc
}

func (s *skeleton) line(format string, args ...any) {
	fmt.Fprintf(&s.b, format, args...)
	s.b.WriteByte('\n')
}

// fields writes the keys of struct type t; arrays of tables wait for the
// end, since in TOML every plain key must come before them.
func (s *skeleton) fields(t reflect.Type, values map[string]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("toml")
		if key == "" || key == "-" {
			continue
		}
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			s.tables = append(s.tables, f)
			continue
		}
		s.line("")
		s.line("# %s", s.describe(f))
		switch v, set := values[key]; {
		case set:
			s.line("%s = %s", key, v)
		case f.Tag.Get("required") == "true":
			s.line("%s = %s", key, s.placeholder(f))
		default:
			s.line("# %s = %s", key, s.placeholder(f))
		}
	}
}

// table writes an array of tables, commented out: its header and every
// key once, their descriptions twice.
func (s *skeleton) table(f reflect.StructField) {
	key := f.Tag.Get("toml")
	s.line("")
	s.line(s.word("# %s Repeat the [[%s]] table for each.", "# %s Répétez la table [[%s]] pour chacun."), s.doc(f), key)
	s.line("# [[%s]]", key)
	t := f.Type.Elem()
	for i := range t.NumField() {
		sf := t.Field(i)
		if k := sf.Tag.Get("toml"); k != "" && k != "-" {
			s.line("# # %s", s.describe(sf))
			s.line("# %s = %s", k, s.placeholder(sf))
		}
	}
}

// describe is the comment of a key: its doc tag, then what its value must
// be when the tags say more.
func (s *skeleton) describe(f reflect.StructField) string {
	doc := s.doc(f)
	var notes []string
	if f.Tag.Get("required") == "true" {
		notes = append(notes, s.word("required", "obligatoire"))
	}
	if e, ok := reflect.Zero(f.Type).Interface().(Enum); ok {
		notes = append(notes, s.word("one of ", "l'une de ces valeurs : ")+quoteList(e.Values()))
	}
	if ref := f.Tag.Get("ref"); ref != "" {
		if c, ok := CollectionOf(Kind(ref)); ok {
			notes = append(notes, fmt.Sprintf(s.word("%s ids such as %q", "identifiants de fiches %s, comme %q"), ref, c.IDExample))
		} else {
			notes = append(notes, s.word("ids of any kind, such as \"M001\"", "identifiants de fiches de tout type, comme \"M001\""))
		}
	}
	if f.Tag.Get("format") == "uri" {
		notes = append(notes, s.word("an absolute https:// URL", "une URL absolue en https://"))
	}
	if f.Tag.Get("toml") == "themes" && s.site != nil && len(s.site.Themes) > 0 {
		notes = append(notes, s.word("one of ", "l'une de ces valeurs : ")+quoteList(s.site.themeIDs()))
	}
	if f.Tag.Get("toml") == "owners" && s.site != nil && len(s.site.Owners) > 0 {
		ids := s.site.ownerIDs()
		if len(ids) > 12 {
			ids = append(ids[:12:12], "…")
		}
		notes = append(notes, s.word("one of ", "l'une de ces valeurs : ")+quoteList(ids))
	}
	if len(notes) > 0 {
		doc += " (" + strings.Join(notes, s.word("; ", " ; ")) + ")"
	}
	return doc
}

// placeholder is a value of the right type for f: empty where the
// contributor must write something, the first value of a closed list.
func (s *skeleton) placeholder(f reflect.StructField) string {
	if e, ok := reflect.Zero(f.Type).Interface().(Enum); ok {
		return strconv.Quote(e.Values()[0])
	}
	switch {
	case f.Type == timeType:
		return "2025-01-31"
	case f.Type.Kind() == reflect.String:
		return `""`
	case f.Type.Kind() == reflect.Slice:
		return `[""]`
	case f.Type.Kind() == reflect.Int:
		return "2024"
	case f.Type.Kind() == reflect.Float64:
		return "0"
	}
	panic("content: no placeholder for " + f.Type.String())
}

// QuoteTOML quotes s as a TOML basic string, as entries' front matter
// writes strings: for the skeletons of `catalogue new` and for the
// generated corpora of cmd/corpus.
func QuoteTOML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
