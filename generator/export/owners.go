package export

import (
	"fmt"

	"catalogue/generator/content"
)

// The owner vocabulary of site.toml is published as a table of its own,
// owners.json and owners.csv: entries carry owner ids, and reusers join on
// them to get names and countries.

const (
	ownersJSONPath         = APIDir + "owners.json"
	ownersCSVPath          = APIDir + "owners.csv"
	ownersSchemaPath       = APIDir + "schemas/owners.schema.json"
	ownersTableName        = "owners"
	ownersDescription      = "The owner vocabulary: id, label, full names, country, address, aliases; entries' owners are these ids."
	ownersTableDescription = "The owner vocabulary, one owner a row; entries' owners columns hold these ids."
)

// ownerColumns are the keys of an owner record, in order, with what they
// mean; required ones are always present.
var ownerColumns = []struct {
	key, doc string
	required bool
}{
	{"id", "Identifier of the owner, used in entries' owners; never changes once published.", true},
	{"label", "Short label, usually the acronym.", true},
	{"name_fr", "Full name in French, when a source gives it.", false},
	{"name_en", "Full name in English, when a source gives it.", false},
	{"country", "ISO 3166-1 alpha-2 code of the owner's country.", true},
	{"address", "Postal address.", false},
	{"aliases", "Other names entries may write for the owner.", false},
	{"url", "The owner's page on the portal.", true},
}

// ownerValues returns an owner's values, in the order of ownerColumns.
func (x *exporter) ownerValues(o content.Owner) []any {
	return []any{o.ID, o.Label, o.FR, o.EN, o.Country, o.Address, o.Aliases, x.abs("/owners/" + o.ID + "/")}
}

// ownerFiles writes owners.json and owners.csv.
func (x *exporter) ownerFiles() error {
	owners := x.cat.Site.Owners
	recs := make([]object, 0, len(owners))
	header := make([]string, len(ownerColumns))
	for i, c := range ownerColumns {
		header[i] = c.key
	}
	rows := [][]string{header}
	for _, o := range owners {
		var rec object
		row := make([]string, len(ownerColumns))
		for i, v := range x.ownerValues(o) {
			c := ownerColumns[i]
			switch v := v.(type) {
			case string:
				if v != "" || c.required {
					rec.add(c.key, v)
				}
				row[i] = neutralise(v)
			case []string:
				if len(v) > 0 {
					rec.add(c.key, v)
				}
				row[i] = joinList(v)
			}
		}
		recs = append(recs, rec)
		rows = append(rows, row)
	}
	o := object{
		{"$schema", x.abs(ownersSchemaPath)},
		{"url", x.abs("/owners/")},
		{"licence", x.lic.ID},
		{"licence_url", x.lic.URL},
		{"count", len(owners)},
		{"owners", recs},
	}
	data, err := x.marshal(o)
	if err != nil {
		return fmt.Errorf("%s: %w", ownersJSONPath, err)
	}
	x.add(File{Path: ownersJSONPath, Format: "JSON", MediaType: "application/json", Schema: ownersSchemaPath,
		Role: "owners", Records: len(owners), Description: ownersDescription}, data)
	x.add(File{Path: ownersCSVPath, Format: "CSV", MediaType: "text/csv", Schema: tableSchemaPath(ownersTableName),
		Role: "owners", Records: len(owners), Description: ownersTableDescription}, encodeCSV(rows))
	return nil
}

// ownersSchema is the JSON Schema of owners.json.
func (x *exporter) ownersSchema() object {
	o := x.schemaHead(ownersSchemaPath, "The owners of the catalogue", "The owner vocabulary, as in /api/v1/owners.json.")
	str := object{{"type", "string"}}
	var props object
	var required []string
	for _, c := range ownerColumns {
		p := object{{"description", c.doc}}
		switch c.key {
		case "aliases":
			p = append(p, object{{"type", "array"}, {"items", object{{"type", "string"}, {"minLength", 1}}}}...)
		case "url":
			p = append(p, object{{"type", "string"}, {"format", "uri"}}...)
		case "country":
			p = append(p, object{{"type", "string"}, {"pattern", "^[A-Z]{2}$"}}...)
		case "id":
			p = append(p, object{{"type", "string"}, {"pattern", "^[a-z0-9]+(-[a-z0-9]+)*$"}}...)
		default:
			p = append(p, str...)
		}
		props.add(c.key, p)
		if c.required {
			required = append(required, c.key)
		}
	}
	owner := object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}
	wrapper, _ := wrapperProps()
	var top object
	for _, m := range wrapper {
		if m.Key != "modified" {
			top = append(top, m)
		}
	}
	top.add("owners", object{{"type", "array"}, {"items", owner}})
	return append(o, object{{"type", "object"}, {"properties", top},
		{"required", []string{"$schema", "url", "licence", "licence_url", "count", "owners"}}, {"additionalProperties", false}}...)
}

// ownersTableSchema is the Table Schema of owners.csv.
func ownersTableSchema() object {
	var fields []object
	for _, c := range ownerColumns {
		f := object{{"name", c.key}, {"description", c.doc}}
		switch c.key {
		case "aliases":
			f = append(f, object{{"type", "list"}, {"delimiter", ListSeparator}, {"itemType", "string"}}...)
		case "url":
			f = append(f, object{{"type", "string"}, {"format", "uri"}}...)
		default:
			f.add("type", "string")
		}
		var cons object
		if c.required {
			cons.add("required", true)
		}
		switch c.key {
		case "id":
			cons.add("unique", true)
			cons.add("pattern", "[a-z0-9]+(-[a-z0-9]+)*")
		case "country":
			cons.add("pattern", "[A-Z]{2}")
		}
		if cons != nil {
			f.add("constraints", cons)
		}
		fields = append(fields, f)
	}
	return object{{"$schema", tableSchemaProfile}, {"description", neutralisedNote()}, {"fields", fields}, {"missingValues", []string{""}}, {"primaryKey", []string{"id"}}}
}

// ownersDataset describes the owner vocabulary as a DCAT dataset. It is
// about the same places and years as the entries that name the owners.
func (x *exporter) ownersDataset() object {
	id := x.abs("/owners/") + "#dataset"
	o := object{
		{"@id", id},
		{"@type", "dcat:Dataset"},
		{"dct:identifier", id},
		{"dct:title", text{"Porteurs", "Owners"}.literals()},
		{"dct:description", text{"Le vocabulaire des porteurs : identifiant, sigle, nom complet, pays ; les entrées citent leurs porteurs par identifiant.",
			"The owner vocabulary: id, label, full name, country; entries name their owners by id."}.literals()},
		{"dcat:keyword", append(text{"Porteurs", "Owners"}.literals(), text{"Administrations", "Administrations"}.literals()...)},
		{"dcat:theme", concept(euDataThemes+"/GOVE", text{"Gouvernement et secteur public", "Government and public sector"}, euDataThemes)},
		{"dct:publisher", x.agent()},
		{"dcat:contactPoint", x.contact()},
		{"dcat:landingPage", document(x.abs("/owners/"))},
		{"dct:spatial", places(spatial(x.cat.Entries))},
	}
	if t := temporal(x.cat.Entries); t != nil {
		o.add("dct:temporal", t)
	}
	o.add("dcat:distribution", []object{x.distribution(ownersJSONPath), x.distribution(ownersCSVPath)})
	return o
}
