package export

import (
	"reflect"
	"time"

	"catalogue/generator/content"
)

// An object is a JSON object that keeps its keys in the order they were
// added, so that a file is written the same way every time and a change
// shows as a small diff.
type object []member

type member struct {
	Key   string
	Value any
}

func (o *object) add(key string, v any) { *o = append(*o, member{key, v}) }

// set replaces the value of key, keeping its place, or adds it.
func (o *object) set(key string, v any) {
	for i := range *o {
		if (*o)[i].Key == key {
			(*o)[i].Value = v
			return
		}
	}
	o.add(key, v)
}

// get returns the value of key, or nil.
func (o object) get(key string) any {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) { return appendJSON(nil, o, -1) }

// marshal writes v as indented JSON with a final newline, as
// json.MarshalIndent would, escaping <, > and & (as \u003c …), so that no
// file can close a <script> element it is pasted into, and U+2028/U+2029,
// which break JavaScript. It encodes into the exporter's scratch buffer
// and returns it, valid until the next marshal: files of megabytes grown
// by appending were a fifth of the export's time, and a copy of each, as
// the file is written at once, doubled what the export holds (the whole
// catalogue's file is 185 MB at 100,000 entries). What is kept is copied.
func (x *exporter) marshal(v any) ([]byte, error) {
	b, err := appendJSON(x.scratch[:0], v, 0)
	if err != nil {
		return nil, err
	}
	x.scratch = append(b, '\n')
	return x.scratch, nil
}

// date formats a day of the catalogue (dates carry no time of day).
func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// record returns the exported record of e: the keys of recordFields, in that
// order, without the keys that are empty and may be omitted.
func (x *exporter) record(e *content.Entry) object {
	fields := x.fields[e.Kind]
	o := make(object, 0, len(fields))
	// Through pointers: reflect.ValueOf(e.Meta) would copy the struct,
	// once per field.
	meta, kind := reflect.ValueOf(&e.Meta).Elem(), reflect.ValueOf(e.KindMeta())
	if kind.IsValid() {
		kind = kind.Elem()
	}
	for _, f := range fields {
		if v, ok := x.value(e, f, meta, kind); ok {
			o.add(f.Name, v)
		}
	}
	return o
}

// value returns the value of field f of e, whose Meta is meta and whose
// kind's struct is kind; ok is false when it is left out.
func (x *exporter) value(e *content.Entry, f field, meta, kind reflect.Value) (any, bool) {
	switch f.from {
	case fromMeta:
		return goValue(f, meta.Field(f.index))
	case fromKind:
		return goValue(f, kind.Field(f.index))
	}
	switch f.Name {
	case "kind":
		return string(e.Kind), true
	case "url":
		return x.cat.Site.AbsURL(e.URL()), true
	case "modified":
		return date(e.Modified), !e.Modified.IsZero()
	case "body_markdown":
		return e.Body, true
	case "body_text":
		return e.BodyText(), true
	case "links":
		return relIDs(f.Rels, e.LinksOf), true
	case "backlinks":
		return relIDs(f.Rels, e.BacklinksOf), true
	}
	panic("export: no value for field " + f.Name)
}

// relIDs lists, for each relation of rels, the ids of the entries linked by
// it; every relation is present, with an empty list when there is none.
func relIDs(rels []content.Rel, linked func(content.Rel) []*content.Entry) object {
	var o object
	for _, r := range rels {
		ids := []string{}
		for _, e := range linked(r) {
			ids = append(ids, e.ID)
		}
		o.add(string(r), ids)
	}
	return o
}

// goValue converts a front-matter value to its JSON form; ok is false when
// it is empty and the format omits it.
func goValue(f field, v reflect.Value) (any, bool) {
	switch f.Type {
	case tString:
		return v.String(), v.String() != "" || f.Always
	case tStrings:
		out := make([]string, v.Len())
		for i := range out {
			out[i] = v.Index(i).String()
		}
		return out, len(out) > 0 || f.Always
	case tDate:
		t := v.Interface().(time.Time)
		return date(t), !t.IsZero() || f.Always
	case tInt:
		return v.Int(), v.Int() != 0 || f.Always
	case tNumber:
		return v.Float(), v.Float() != 0 || f.Always
	case tObjects:
		out := make([]object, v.Len())
		for i := range out {
			for _, sub := range f.Sub {
				if sv, ok := goValue(sub, v.Index(i).Field(sub.index)); ok {
					out[i].add(sub.Name, sv)
				}
			}
		}
		return out, len(out) > 0 || f.Always
	}
	panic("export: no Go value for field " + f.Name)
}
