package export

import (
	"fmt"
	"path"

	"catalogue/generator/content"
)

// The JSON Schema dialect of the published schemas.
const jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// datePattern checks a date where "format": "date" is only an annotation.
const datePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// schemaFiles writes the JSON Schemas: one per kind of record, one per
// collection file, one for the catalogue file; and the Table Schema of
// every CSV file.
func (x *exporter) schemaFiles() error {
	add := func(f File, o object) error {
		data, err := x.marshal(o)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		x.add(f, data)
		return nil
	}
	if err := add(File{Path: catalogueSchemaPath, Format: "JSON Schema", MediaType: "application/schema+json",
		Role: "catalogue-schema", Description: "JSON Schema of catalogue.json."}, x.catalogueSchema()); err != nil {
		return err
	}
	for _, c := range content.Collections() {
		if err := add(File{Path: collectionSchemaPath(c.Kind), Format: "JSON Schema", MediaType: "application/schema+json",
			Role: "collection-schema", Kind: c.Kind, Description: fmt.Sprintf("JSON Schema of %s.json.", c.Dir)},
			x.collectionSchema(c)); err != nil {
			return err
		}
	}
	for _, c := range content.Collections() {
		if err := add(File{Path: recordSchemaPath(c.Kind), Format: "JSON Schema", MediaType: "application/schema+json",
			Role: "record-schema", Kind: c.Kind, Description: fmt.Sprintf("JSON Schema of a %s record.", c.Kind)},
			x.recordSchema(c.Kind)); err != nil {
			return err
		}
	}
	if err := add(File{Path: redirectSchemaPath, Format: "JSON Schema", MediaType: "application/schema+json",
		Role: "redirect-schema", Description: "JSON Schema of the file left at the address of a renamed or removed entry."},
		x.redirectSchema()); err != nil {
		return err
	}
	if err := add(File{Path: ownersSchemaPath, Format: "JSON Schema", MediaType: "application/schema+json",
		Role: "owners-schema", Description: "JSON Schema of owners.json."}, x.ownersSchema()); err != nil {
		return err
	}
	for _, t := range x.tables() {
		role := "table-schema"
		switch t.Path {
		case coverageCSVPath:
			role = "coverage-table-schema"
		case ownersCSVPath:
			role = "owners-schema"
		case changesCSVPath:
			role = "changes-table-schema"
		}
		if err := add(File{Path: tableSchemaPath(t.Name), Format: "Table Schema", MediaType: "application/json",
			Role: role, Kind: t.Kind, Rel: t.Rel, Description: fmt.Sprintf("Table Schema of %s.csv.", t.Name)},
			t.Schema); err != nil {
			return err
		}
	}
	return nil
}

// recordSchema describes a record of kind k.
func (x *exporter) recordSchema(k content.Kind) object {
	o := x.schemaHead(recordSchemaPath(k), "A "+string(k)+" of the catalogue",
		"One entry of the "+string(k)+" collection, as in /api/v1/<collection>/<id>.json and in the collection and catalogue files.")
	return append(o, objectSchema(x.fields[k])...)
}

// objectSchema describes an object with the given fields: its properties,
// the keys always present, no other key.
func objectSchema(fields []field) object {
	var props object
	required := []string{}
	for _, f := range fields {
		props.add(f.Name, fieldSchema(f))
		if f.Always {
			required = append(required, f.Name)
		}
	}
	return object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}
}

// fieldSchema describes the value of one field.
func fieldSchema(f field) object {
	var o object
	if f.Doc != "" {
		o.add("description", f.Doc)
	}
	switch f.Type {
	case tString:
		o = append(o, stringSchema(f)...)
	case tStrings:
		o.add("type", "array")
		o.add("items", stringSchema(f))
		if f.NonEmpty {
			o.add("minItems", 1)
		}
	case tDate:
		o = append(o, object{{"type", "string"}, {"format", "date"}, {"pattern", datePattern}}...)
	case tInt:
		o.add("type", "integer")
	case tNumber:
		o.add("type", "number")
	case tObjects:
		o.add("type", "array")
		o.add("items", objectSchema(f.Sub))
		if f.NonEmpty {
			o.add("minItems", 1)
		}
	case tRels:
		var props object
		names := []string{}
		for _, r := range f.Rels {
			props.add(string(r), object{{"type", "array"}, {"items", object{{"type", "string"}, {"minLength", 1}}}})
			names = append(names, string(r))
		}
		o = append(o, object{{"type", "object"}, {"properties", props}, {"required", names}, {"additionalProperties", false}}...)
	}
	return o
}

// stringSchema describes a string value of f (or an item of a list).
func stringSchema(f field) object {
	o := object{{"type", "string"}}
	switch {
	case len(f.Enum) == 1:
		o.add("const", f.Enum[0])
	case f.Enum != nil:
		o.add("enum", f.Enum)
	case f.NonEmpty:
		o.add("minLength", 1)
	}
	if f.Format != "" {
		o.add("format", f.Format)
	}
	if f.Pattern != "" {
		o.add("pattern", f.Pattern)
	}
	return o
}

func (x *exporter) schemaHead(p, title, desc string) object {
	return object{{"$schema", jsonSchemaDialect}, {"$id", x.abs(p)}, {"title", title}, {"description", desc}}
}

// wrapperProps describes the keys common to the collection and catalogue
// files, and lists those that are required.
func wrapperProps() (object, []string) {
	uri := object{{"type", "string"}, {"format", "uri"}}
	props := object{
		{"$schema", object{{"description", "The address of this schema."}, {"type", "string"}, {"format", "uri"}}},
		{"url", append(object{{"description", "The portal's page."}}, uri...)},
		{"licence", object{{"description", "Identifier of the licence of the data, e.g. etalab-2.0 (Licence Ouverte 2.0)."}, {"type", "string"}, {"minLength", 1}}},
		{"licence_url", append(object{{"description", "Page of the licence."}}, uri...)},
		{"modified", object{{"description", "Latest modified date of the entries; absent when none is known."}, {"type", "string"}, {"format", "date"}, {"pattern", datePattern}}},
		{"count", object{{"description", "Number of entries."}, {"type", "integer"}, {"minimum", 0}}},
	}
	return props, []string{"$schema", "url", "licence", "licence_url", "count", "entries"}
}

// collectionSchema describes the JSON file of collection c.
func (x *exporter) collectionSchema(c content.Collection) object {
	o := x.schemaHead(collectionSchemaPath(c.Kind), "The "+c.Dir+" of the catalogue",
		"Every "+string(c.Kind)+" entry, as in /api/v1/"+c.Dir+".json.")
	props, required := wrapperProps()
	props = append(props,
		member{"kind", object{{"const", string(c.Kind)}}},
		member{"collection", object{{"const", c.Dir}}},
		member{"entries", object{{"type", "array"}, {"items", object{{"$ref", path.Base(recordSchemaPath(c.Kind))}}}}},
	)
	required = append(required, "kind", "collection")
	return append(o, object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}...)
}

// catalogueSchema describes catalogue.json.
func (x *exporter) catalogueSchema() object {
	o := x.schemaHead(catalogueSchemaPath, "The catalogue", "Every entry of every collection, as in /api/v1/catalogue.json.")
	props, required := wrapperProps()
	str := object{{"type", "string"}, {"minLength", 1}}
	uri := object{{"type", "string"}, {"format", "uri"}}
	var kinds []string
	var refs []object
	for _, c := range content.Collections() {
		kinds = append(kinds, string(c.Kind))
		refs = append(refs, object{{"$ref", path.Base(recordSchemaPath(c.Kind))}})
	}
	props = append(props,
		member{"title", append(object{{"description", "Name of the catalogue."}}, str...)},
		member{"description", append(object{{"description", "What the catalogue is."}}, str...)},
		member{"publisher", object{{"description", "Who publishes the catalogue."}, {"type", "object"},
			{"properties", object{{"name", str}, {"url", uri}, {"email", object{{"type", "string"}, {"format", "email"}}}}},
			{"additionalProperties", false}}},
		member{"collections", object{{"description", "The collections, their files and schemas."}, {"type", "array"},
			{"items", object{{"type", "object"}, {"properties", object{
				{"kind", object{{"enum", kinds}}},
				{"collection", str},
				{"count", object{{"type", "integer"}, {"minimum", 0}}},
				{"json", uri}, {"csv", uri}, {"schema", uri},
			}}, {"required", []string{"kind", "collection", "count", "json", "csv", "schema"}}, {"additionalProperties", false}}}}},
		member{"entries", object{{"type", "array"}, {"items", object{{"oneOf", refs}}}}},
		member{"redirects", object{{"description", "The entries renamed or removed since they were published."}, {"type", "array"},
			{"items", object{{"$ref", path.Base(redirectSchemaPath)}}}}},
	)
	required = append(required, "title", "collections", "redirects")
	return append(o, object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}...)
}
