package export

import (
	"fmt"
	"reflect"

	"catalogue/generator/content"
)

// redirectSchemaPath is the schema of the file left at the JSON address of a
// renamed or removed entry.
const redirectSchemaPath = APIDir + "schemas/redirect.schema.json"

// redirectPath is where the JSON of the renamed or removed entry was.
func redirectPath(r content.Redirect) string {
	c, _ := content.CollectionOf(r.Kind)
	return APIDir + c.Dir + "/" + r.From + ".json"
}

// redirectRecord says what became of a published entry: its id, kind and old
// page, renamed (with the new id and the address of its JSON) or removed,
// when and why.
func (x *exporter) redirectRecord(r content.Redirect) object {
	o := object{{"id", r.From}, {"kind", string(r.Kind)}, {"url", x.abs(r.URL())}}
	if to := x.cat.Entry(r.To); to != nil {
		o = append(o, member{"moved", "renamed"}, member{"to", to.ID}, member{"to_url", x.abs(entryPath(to))})
	} else {
		o.add("moved", "removed")
	}
	o.add("date", date(r.Date))
	o.add("reason", r.Reason)
	return o
}

// redirectFiles writes a file at the JSON address of every renamed or
// removed entry, so that the address keeps answering, with the reason.
func (x *exporter) redirectFiles() error {
	for _, r := range x.cat.Redirects {
		data, err := x.marshal(x.redirectRecord(r))
		if err != nil {
			return fmt.Errorf("redirect %s: %w", r.From, err)
		}
		x.add(File{Path: redirectPath(r), Format: "JSON", MediaType: "application/json", Schema: redirectSchemaPath,
			Role: "redirect", Kind: r.Kind, ID: r.From, Records: 1, Modified: r.Date,
			Description: fmt.Sprintf("What became of the %s %s, renamed or removed.", r.Kind, r.From)}, data)
	}
	return nil
}

// redirectSchema describes a redirect record; the descriptions of its keys
// come from content.Redirect.
func (x *exporter) redirectSchema() object {
	doc := func(key string) string {
		t := reflect.TypeFor[content.Redirect]()
		for i := range t.NumField() {
			if t.Field(i).Tag.Get("toml") == key {
				return t.Field(i).Tag.Get("doc")
			}
		}
		return ""
	}
	var kinds []string
	for _, c := range content.Collections() {
		kinds = append(kinds, string(c.Kind))
	}
	str := func(d string) object { return object{{"description", d}, {"type", "string"}, {"minLength", 1}} }
	uri := func(d string) object { return object{{"description", d}, {"type", "string"}, {"format", "uri"}} }
	o := x.schemaHead(redirectSchemaPath, "A renamed or removed entry",
		"The file left at the address of an entry's JSON once the entry is renamed or removed.")
	return append(o, object{
		{"type", "object"},
		{"properties", object{
			{"id", str(doc("from"))},
			{"kind", object{{"description", doc("kind")}, {"enum", kinds}}},
			{"url", uri("The old entry's page, which says the same.")},
			{"moved", object{{"description", "renamed (see to) or removed."}, {"enum", []string{"renamed", "removed"}}}},
			{"to", str(doc("to"))},
			{"to_url", uri("The JSON of the entry that replaces it.")},
			{"date", object{{"description", doc("date")}, {"type", "string"}, {"format", "date"}, {"pattern", datePattern}}},
			{"reason", str(doc("reason"))},
		}},
		{"required", []string{"id", "kind", "url", "moved", "date", "reason"}},
		{"if", object{{"properties", object{{"moved", object{{"const", "renamed"}}}}}}},
		{"then", object{{"required", []string{"to", "to_url"}}}},
		{"else", object{{"properties", object{{"to", false}, {"to_url", false}}}}},
		{"additionalProperties", false},
	}...)
}
