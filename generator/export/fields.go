package export

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"catalogue/generator/content"
)

// A fieldType is how a field's value is written in JSON and in CSV.
type fieldType int

const (
	tString  fieldType = iota // a string
	tStrings                  // a list of strings
	tDate                     // a date, YYYY-MM-DD
	tInt                      // an integer
	tNumber                   // a number
	tObjects                  // a list of objects described by Sub
	tRels                     // an object of relation name → list of ids
)

// Where a field's value comes from.
const (
	fromMeta   = iota // content.Meta
	fromKind          // the entry's kind-specific struct
	fromExport        // computed by the export (kind, url, body …)
)

// A field is one key of an exported record. The front-matter fields are read
// from the struct tags of generator/content/meta.go, so that the records,
// their JSON Schemas, the CSV columns and the Table Schemas all follow the
// types the loader decodes.
type field struct {
	Name    string // key in JSON; column, or column prefix, in CSV
	Doc     string
	Type    fieldType
	Enum    []string // closed list of values (content.Enum)
	Ordered bool     // the enum's values are in their natural order
	Format  string   // uri, date
	Pattern string   // a regular expression the whole value matches
	Ref     string   // kind of the entry an id names, or "any"
	// Always is true when the key is present in every record: the
	// content requires it, or its json tag does not omit it when empty.
	Always bool
	// NonEmpty is true when a present string or list is never empty.
	NonEmpty bool
	Sub      []field       // fields of each object of a tObjects field
	Rels     []content.Rel // keys of a tRels field
	from     int
	index    int // of the Go struct field, when from is not fromExport
}

var timeType = reflect.TypeFor[time.Time]()

// structFields describes the json-tagged fields of a struct type of
// generator/content, in declaration order.
func structFields(t reflect.Type, from int) []field {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		omit := slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
		required := sf.Tag.Get("required") == "true"
		f := field{
			Name:     name,
			Doc:      sf.Tag.Get("doc"),
			Ref:      sf.Tag.Get("ref"),
			Format:   sf.Tag.Get("format"),
			Pattern:  sf.Tag.Get("pattern"),
			Always:   required || !omit,
			NonEmpty: required || omit,
			from:     from,
			index:    i,
		}
		typ := sf.Type
		switch {
		case typ == timeType:
			f.Type, f.Format = tDate, "date"
		case typ.Kind() == reflect.String:
			f.Type = tString
		case typ.Kind() == reflect.Int:
			f.Type = tInt
		case typ.Kind() == reflect.Float64:
			f.Type = tNumber
		case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.String:
			f.Type = tStrings
			typ = typ.Elem()
		case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Struct:
			f.Type = tObjects
			f.Sub = structFields(typ.Elem(), from)
		default:
			// The content package decodes no other type either.
			panic("export: unsupported field type " + sf.Type.String() + " for " + name)
		}
		if e, ok := reflect.Zero(typ).Interface().(content.Enum); ok {
			f.Enum = e.Values()
			// MoSCoW priorities rank: must before should before
			// could before won't.
			f.Ordered = typ == reflect.TypeFor[content.Priority]()
		}
		if f.Ref != "" && f.Ref != "any" && f.Pattern == "" {
			if c, ok := content.CollectionOf(content.Kind(f.Ref)); ok {
				f.Pattern = c.IDPattern.String()
			}
		}
		out = append(out, f)
	}
	return out
}

// reservedKeys are the keys the export adds to every record. A key of a
// kind's struct with the same json name is published as <kind>_<name>
// (the url of a source, its document's address, is source_url), so that no
// record has a key twice.
func reservedKeys() []string {
	return []string{"kind", "url", "modified", "body_markdown", "body_text", "links", "backlinks"}
}

// recordFields lists the keys of a record of kind k, in their fixed order:
// id, kind, title, url, the other common keys, the keys of the kind, then
// modified, the body and the relations both ways.
func recordFields(k content.Kind) []field {
	var out []field
	for _, f := range structFields(reflect.TypeFor[content.Meta](), fromMeta) {
		switch f.Name {
		case "id":
			c, _ := content.CollectionOf(k)
			f.Pattern = c.IDPattern.String()
			out = append(out, f, field{Name: "kind", Type: tString, Enum: []string{string(k)}, Always: true, NonEmpty: true,
				from: fromExport, Doc: "Kind of entry."})
		case "title":
			out = append(out, f, field{Name: "url", Type: tString, Format: "uri", Always: true, NonEmpty: true,
				from: fromExport, Doc: "Address of the entry's page in the portal."})
		default:
			out = append(out, f)
		}
	}
	if km := content.KindMeta(k); km != nil {
		for _, f := range structFields(reflect.TypeOf(km).Elem(), fromKind) {
			if slices.Contains(reservedKeys(), f.Name) {
				// The source's own url would shadow the page's.
				f.Name = string(k) + "_" + f.Name
			}
			out = append(out, f)
		}
	}
	return append(out,
		field{Name: "modified", Type: tDate, Format: "date", NonEmpty: true, from: fromExport,
			Doc: "Date of the entry's last change: updated when set, else the date of the file's last commit; absent when unknown."},
		field{Name: "body_markdown", Type: tString, Always: true, from: fromExport,
			Doc: "The entry's text, in Markdown (CommonMark with GFM tables)."},
		field{Name: "body_text", Type: tString, Always: true, from: fromExport,
			Doc: "The entry's text as plain text, without Markdown syntax."},
		field{Name: "links", Type: tRels, Rels: outRels(k), Always: true, from: fromExport,
			Doc: "Ids of the entries this one points to, by relation."},
		field{Name: "backlinks", Type: tRels, Rels: inRels(k), Always: true, from: fromExport,
			Doc: "Ids of the entries that point to this one, by relation."},
	)
}

// A refField is a front-matter key that names other entries.
type refField struct {
	Kind content.Kind // kind of the entry that writes it
	Rel  content.Rel
	Ref  string // kind it names, or "any"
	List bool   // a list of ids, not one
	Name string // its key
}

// refFields lists the keys of kind k that name other entries, with the
// relation each one makes (as generator/content's linker names them: after
// the top-level key, except that any reference to a source is "sources").
func refFields(k content.Kind) []refField {
	var out []refField
	var walk func(fs []field, top string)
	walk = func(fs []field, top string) {
		for _, f := range fs {
			name := top
			if name == "" {
				name = f.Name
			}
			if f.Type == tObjects {
				walk(f.Sub, name)
				continue
			}
			if f.Ref == "" {
				continue
			}
			rel := content.Rel(name)
			if f.Ref == string(content.KindSource) {
				rel = content.RelSources
			}
			out = append(out, refField{Kind: k, Rel: rel, Ref: f.Ref, List: f.Type == tStrings, Name: f.Name})
		}
	}
	meta := structFields(reflect.TypeFor[content.Meta](), fromMeta)
	if km := content.KindMeta(k); km != nil {
		meta = append(meta, structFields(reflect.TypeOf(km).Elem(), fromKind)...)
	}
	walk(meta, "")
	return out
}

// outRels lists the relations an entry of kind k can state, in the order of
// content.Rels: those of its reference keys, and the codes of its body.
func outRels(k content.Kind) []content.Rel {
	rels := map[content.Rel]bool{content.RelMentions: true}
	for _, r := range refFields(k) {
		rels[r.Rel] = true
	}
	return ordered(rels)
}

// inRels lists the relations that can point to an entry of kind k.
func inRels(k content.Kind) []content.Rel {
	rels := map[content.Rel]bool{content.RelMentions: true}
	for _, c := range content.Collections() {
		for _, r := range refFields(c.Kind) {
			if r.Ref == "any" || r.Ref == string(k) {
				rels[r.Rel] = true
			}
		}
	}
	return ordered(rels)
}

func ordered(set map[content.Rel]bool) []content.Rel {
	var out []content.Rel
	for _, r := range content.Rels() {
		if set[r] {
			out = append(out, r)
		}
	}
	return out
}
