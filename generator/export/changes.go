package export

import (
	"time"

	"catalogue/generator/content"
)

// The changes dataset: what each commit did to each entry.
const (
	changesJSONPath   = APIDir + "changes.json"
	changesCSVPath    = APIDir + "changes.csv"
	changesSchemaPath = APIDir + "schemas/changes.schema.json"
	changesTable      = "changes"
)

// noHistory says, in the files, why the changes dataset is empty.
const noHistory = "The site was built outside a git checkout: its history, and so this list of changes, is unknown."

// changeRows returns the changes of the content's history, newest first:
// those that come from a commit, with the reasons of redirects.toml.
func (x *exporter) changeRows() []content.Change {
	var out []content.Change
	for _, c := range x.cat.Changes {
		if c.Commit != "" {
			out = append(out, c)
		}
	}
	return out
}

// changeColumns are the keys of a change record, in order, with what they
// hold.
var changeColumns = []struct{ name, doc string }{
	{"date", "When the change was committed, in UTC."},
	{"id", "The entry's id after the change; for a removal, the id removed."},
	{"kind", "The entry's kind."},
	{"change", "added, changed, renamed or removed."},
	{"old_id", "The entry's id before a rename; empty otherwise."},
	{"fields", "The front-matter keys whose values changed, and body when the text did; empty for an addition or a removal."},
	{"reason", "Why the entry was renamed or removed, from content/redirects.toml; empty otherwise."},
	{"commit", "The commit's full hash."},
	{"commit_url", "The commit's page on the forge; empty when the site names none."},
	{"message", "The first line of the commit's message."},
}

func (x *exporter) changeRecord(c content.Change) object {
	return object{
		{"date", c.Date.UTC().Format(time.RFC3339)},
		{"id", c.ID},
		{"kind", string(c.Kind)},
		{"change", string(c.Type)},
		{"old_id", c.OldID},
		{"fields", nonNil(c.Fields)},
		{"reason", c.Reason},
		{"commit", c.Commit},
		{"commit_url", x.cat.Site.CommitLink(c.Commit)},
		{"message", c.Subject},
	}
}

// changeFiles writes changes.json and changes.csv, one record per change
// to an entry in the content's history, newest first, and the JSON Schema
// of the first; the Table Schema of the second is written with the others.
// Outside git both hold no record, and the JSON says why.
func (x *exporter) changeFiles() error {
	rows := x.changeRows()
	o := object{{"$schema", x.abs(changesSchemaPath)}, {"url", x.abs(ChangesPage)},
		{"licence", x.lic.ID}, {"licence_url", x.lic.URL}}
	if h := x.cat.History; h == nil || h.Note != "" {
		o.add("history", "unknown")
		o.add("note", noHistory)
	} else {
		o.add("history", "git")
	}
	o.add("count", len(rows))
	recs := []object{}
	csv := [][]string{{}}
	for _, col := range changeColumns {
		csv[0] = append(csv[0], col.name)
	}
	var mod time.Time
	for _, c := range rows {
		r := x.changeRecord(c)
		recs = append(recs, r)
		var line []string
		for _, m := range r {
			switch v := m.Value.(type) {
			case string:
				line = append(line, neutralise(v))
			case []string:
				line = append(line, neutralise(joinList(v)))
			}
		}
		csv = append(csv, line)
		mod = latest(mod, c.Date)
	}
	o.add("changes", recs)
	data, err := x.marshal(o)
	if err != nil {
		return err
	}
	desc := "Every change to an entry in the content's history: date, id, kind, change (added, changed, renamed, removed), the fields that changed, the commit."
	if x.cat.History == nil || x.cat.History.Note != "" {
		desc += " " + noHistory
	}
	x.add(File{Path: changesJSONPath, Format: "JSON", MediaType: "application/json", Schema: changesSchemaPath,
		Role: "changes", Records: len(rows), Modified: mod, Description: desc}, data)
	x.add(File{Path: changesCSVPath, Format: "CSV", MediaType: "text/csv", Schema: tableSchemaPath(changesTable),
		Role: "changes", Records: len(rows), Modified: mod, Description: desc + " One row per change."}, encodeCSV(csv))
	schema, err := x.marshal(x.changesSchema())
	if err != nil {
		return err
	}
	x.add(File{Path: changesSchemaPath, Format: "JSON Schema", MediaType: "application/schema+json",
		Role: "changes-schema", Description: "JSON Schema of changes.json."}, schema)
	return nil
}

// ChangesPage is the portal's page of what changed.
const ChangesPage = "/changes/"

func changeKinds() []string {
	var kinds []string
	for _, c := range content.Collections() {
		kinds = append(kinds, string(c.Kind))
	}
	return kinds
}

var changeTypes = []string{string(content.Added), string(content.Changed), string(content.Renamed), string(content.Removed)}

// changesSchema describes changes.json.
func (x *exporter) changesSchema() object {
	o := x.schemaHead(changesSchemaPath, "What changed in the catalogue",
		"Every change to an entry in the content's git history, newest first, as in "+changesJSONPath+". "+
			"When the site is built outside git, history is \"unknown\", note says so and changes is empty.")
	str := object{{"type", "string"}}
	props := object{}
	required := []string{}
	for _, col := range changeColumns {
		var s object
		switch col.name {
		case "date":
			s = object{{"type", "string"}, {"format", "date-time"}}
		case "kind":
			s = object{{"enum", changeKinds()}}
		case "change":
			s = object{{"enum", changeTypes}}
		case "fields":
			s = object{{"type", "array"}, {"items", object{{"type", "string"}, {"minLength", 1}}}}
		case "commit":
			s = object{{"type", "string"}, {"pattern", "^[0-9a-f]{40,64}$"}}
		case "id":
			s = object{{"type", "string"}, {"minLength", 1}}
		default:
			s = str
		}
		props.add(col.name, append(object{{"description", col.doc}}, s...))
		required = append(required, col.name)
	}
	wrapper, _ := wrapperProps()
	top := object{}
	for _, m := range wrapper {
		if m.Key != "modified" && m.Key != "count" {
			top = append(top, m)
		}
	}
	top.add("history", object{{"description", "git when the changes come from the content's git history; unknown when the site was built outside git."}, {"enum", []string{"git", "unknown"}}})
	top.add("note", object{{"description", "Why there is no change, when history is unknown."}, {"type", "string"}})
	top.add("count", object{{"description", "Number of changes."}, {"type", "integer"}, {"minimum", 0}})
	top.add("changes", object{{"type", "array"}, {"items", object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}}})
	return append(o, object{{"type", "object"}, {"properties", top},
		{"required", []string{"$schema", "url", "licence", "licence_url", "history", "count", "changes"}}, {"additionalProperties", false}}...)
}

// changesTableSchema describes changes.csv.
func changesTableSchema() object {
	var fields []object
	for _, col := range changeColumns {
		f := object{{"name", col.name}, {"description", col.doc}}
		switch col.name {
		case "date":
			f.add("type", "datetime")
			f.add("constraints", object{{"required", true}})
		case "kind":
			f.add("type", "string")
			f.add("categories", changeKinds())
			f.add("constraints", object{{"required", true}})
		case "change":
			f.add("type", "string")
			f.add("categories", changeTypes)
			f.add("constraints", object{{"required", true}})
		case "fields":
			f.add("type", "list")
			f.add("delimiter", ListSeparator)
			f.add("itemType", "string")
		case "commit_url":
			f.add("type", "string")
			f.add("format", "uri")
		case "id", "commit":
			f.add("type", "string")
			f.add("constraints", object{{"required", true}})
		default:
			f.add("type", "string")
		}
		fields = append(fields, f)
	}
	return object{{"$schema", tableSchemaProfile}, {"description", "One row per change to an entry in the content's git history, newest first. Empty when the site was built outside git. " + neutralisedNote()},
		{"fields", fields}, {"missingValues", []string{""}}, {"primaryKey", []string{"commit", "kind", "id", "change"}}}
}
