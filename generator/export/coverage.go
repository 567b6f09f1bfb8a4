package export

import (
	"fmt"
	"slices"

	"catalogue/generator/content"
	"catalogue/generator/coverage"
)

const (
	coverageJSONPath        = APIDir + "coverage.json"
	coverageCSVPath         = APIDir + "coverage.csv"
	coverageSchemaPath      = APIDir + "schemas/coverage.schema.json"
	coverageTableSchemaPath = APIDir + "schemas/coverage.tableschema.json" // tableSchemaPath("coverage")
	// coveragePage is the portal's coverage page.
	coveragePage = "/coverage/"
)

// coverageColumns are the columns of coverage.csv. The actions that cover
// a mutualisation are a list of objects: one list column per key.
var coverageColumns = []string{"id", "title", "url", "status", "themes", "state",
	"actions_id", "actions_programme", "actions_priority", "services"}

// coverageFiles writes coverage.json and coverage.csv, with their schemas:
// for each mutualisation, the actions that cover it and the running services
// that realise it, from coverage.Of, as the portal's coverage page shows.
func (x *exporter) coverageFiles() error {
	rep := coverage.Of(x.cat)
	entries := x.cat.Collection(content.KindMutualisation)
	mod := modifiedOf(entries)
	var o object
	o.add("$schema", x.abs(coverageSchemaPath))
	o.add("url", x.abs(coveragePage))
	o.add("licence", x.lic.ID)
	o.add("licence_url", x.lic.URL)
	if !mod.IsZero() {
		o.add("modified", date(mod))
	}
	o.add("count", rep.Counts.Total)
	o = append(o, countMembers(rep.Counts)...)
	themes := []object{}
	for _, tc := range rep.Themes {
		t := object{{"theme", tc.Theme.ID}, {"label", tc.Theme.Label(x.cat.Site.Language)}}
		// A site in several languages gives the label in each other
		// one too, where the vocabulary has it.
		for _, l := range x.cat.Site.Languages[min(1, len(x.cat.Site.Languages)):] {
			t.add("label_"+l, tc.Theme.Label(l))
		}
		t.add("count", tc.Total)
		themes = append(themes, append(t, countMembers(tc.Counts)...))
	}
	o.add("themes", themes)
	rows := [][]string{coverageColumns}
	recs := []object{}
	for _, r := range rep.Rows {
		m := r.Mutualisation
		rec := object{{"id", m.ID}, {"title", m.Title}, {"url", x.abs(m.URL())}}
		if m.Status != "" {
			rec.add("status", string(m.Status))
		}
		rec.add("themes", nonNil(m.Themes))
		rec.add("state", string(r.State()))
		actions := []object{}
		var ids, progs, prios, services []string
		for _, a := range r.Actions {
			ao := object{{"id", a.ID}}
			prog, prio := "", ""
			if a.Action != nil {
				prog, prio = a.Action.Programme, string(a.Action.Priority)
			}
			if prog != "" {
				ao.add("programme", prog)
			}
			if prio != "" {
				ao.add("priority", prio)
			}
			actions = append(actions, ao)
			ids, progs, prios = append(ids, a.ID), append(progs, prog), append(prios, prio)
		}
		for _, s := range r.Services {
			services = append(services, s.ID)
		}
		rec.add("actions", actions)
		rec.add("services", nonNil(services))
		recs = append(recs, rec)
		row := []string{m.ID, m.Title, x.abs(m.URL()), string(m.Status), joinList(m.Themes), string(r.State()),
			joinList(ids), joinList(progs), joinList(prios), joinList(services)}
		for i := range row {
			row[i] = neutralise(row[i])
		}
		rows = append(rows, row)
	}
	o.add("entries", recs)
	data, err := x.marshal(o)
	if err != nil {
		return fmt.Errorf("%s: %w", coverageJSONPath, err)
	}
	x.add(File{Path: coverageJSONPath, Format: "JSON", MediaType: "application/json", Schema: coverageSchemaPath,
		Role: "coverage", Kind: content.KindMutualisation, Records: len(recs), Modified: mod,
		Description: "For each mutualisation, the actions that cover it and the running services that realise it, with counts per theme, as JSON."}, data)
	x.add(File{Path: coverageCSVPath, Format: "CSV", MediaType: "text/csv", Schema: coverageTableSchemaPath,
		Role: "coverage", Kind: content.KindMutualisation, Records: len(recs), Modified: mod,
		Description: "For each mutualisation, the actions that cover it and the running services that realise it, one per row."}, encodeCSV(rows))
	return nil
}

// countMembers are the counts of a set of mutualisations, as keys.
func countMembers(c coverage.Counts) object {
	return object{{"covered", c.Covered}, {"realised", c.Realised}, {"both", c.Both}, {"neither", c.Neither}}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// coverageSchema describes coverage.json.
func (x *exporter) coverageSchema() object {
	o := x.schemaHead(coverageSchemaPath, "The coverage of the mutualisations",
		"For each mutualisation, the actions that cover it and the running services that realise it, as in /api/v1/coverage.json.")
	mc, _ := content.CollectionOf(content.KindMutualisation)
	ac, _ := content.CollectionOf(content.KindAction)
	pc, _ := content.CollectionOf(content.KindProgramme)
	sc, _ := content.CollectionOf(content.KindService)
	count := func(desc string) object {
		return object{{"description", desc}, {"type", "integer"}, {"minimum", 0}}
	}
	counts := object{
		{"count", count("Number of mutualisations.")},
		{"covered", count("How many are covered by an action, whether a service realises them or not.")},
		{"realised", count("How many are realised by a running service, whether an action covers them or not.")},
		{"both", count("How many are both covered and realised.")},
		{"neither", count("How many are neither covered nor realised.")},
	}
	countNames := []string{"count", "covered", "realised", "both", "neither"}
	var states []string
	for _, s := range coverage.States() {
		states = append(states, string(s))
	}
	id := func(c content.Collection, desc string) object {
		return object{{"description", desc}, {"type", "string"}, {"pattern", c.IDPattern.String()}}
	}
	themeProps := append(object{
		{"theme", object{{"description", "Id of the theme (site.toml)."}, {"type", "string"}, {"minLength", 1}}},
		{"label", object{{"description", "Label of the theme, in the portal's language."}, {"type", "string"}}},
	}, counts...)
	for i, l := range x.cat.Site.Languages[min(1, len(x.cat.Site.Languages)):] {
		themeProps = slices.Insert(themeProps, 2+i, member{"label_" + l, object{{"description", "Label of the theme in the portal's language " + l + " (its first label where the vocabulary has none in " + l + ")."}, {"type", "string"}}})
	}
	action := object{{"type", "object"}, {"properties", object{
		{"id", id(ac, "Id of the action.")},
		{"programme", id(pc, "Id of its programme, if any.")},
		{"priority", object{{"description", "Its MoSCoW priority, if known."}, {"enum", content.Priority("").Values()}}},
	}}, {"required", []string{"id"}}, {"additionalProperties", false}}
	entry := object{{"type", "object"}, {"properties", object{
		{"id", id(mc, "Id of the mutualisation.")},
		{"title", object{{"type", "string"}, {"minLength", 1}}},
		{"url", object{{"description", "Its page on the portal."}, {"type", "string"}, {"format", "uri"}}},
		{"status", object{{"enum", content.Status("").Values()}}},
		{"themes", object{{"type", "array"}, {"items", object{{"type", "string"}, {"minLength", 1}}}}},
		{"state", object{{"description", "both: covered by an action and realised by a running service; action: covered only; service: realised only; none: neither."}, {"enum", states}}},
		{"actions", object{{"description", "The actions that cover it, in id order."}, {"type", "array"}, {"items", action}}},
		{"services", object{{"description", "Ids of the running services that realise it, in id order."}, {"type", "array"}, {"items", id(sc, "Id of a service.")}}},
	}}, {"required", []string{"id", "title", "url", "themes", "state", "actions", "services"}}, {"additionalProperties", false}}
	props, required := wrapperProps()
	props = append(props, counts[1:]...)
	props = append(props,
		member{"themes", object{{"description", "The counts per theme, in the order of site.toml."}, {"type", "array"},
			{"items", object{{"type", "object"}, {"properties", themeProps}, {"required", append([]string{"theme", "label"}, countNames...)}, {"additionalProperties", false}}}}},
		member{"entries", object{{"type", "array"}, {"items", entry}}},
	)
	required = append(required, countNames[1:]...)
	required = append(required, "themes")
	return append(o, object{{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}}...)
}

// coverageTableSchema describes coverage.csv.
func coverageTableSchema() object {
	mc, _ := content.CollectionOf(content.KindMutualisation)
	list := func(name, desc string) object {
		return object{{"name", name}, {"description", desc}, {"type", "list"}, {"delimiter", ListSeparator}, {"itemType", "string"}}
	}
	var states []string
	for _, s := range coverage.States() {
		states = append(states, string(s))
	}
	fields := []object{
		{{"name", "id"}, {"description", "Id of the mutualisation."}, {"type", "string"},
			{"constraints", object{{"required", true}, {"unique", true}, {"pattern", xsdPattern(mc.IDPattern.String())}}}},
		{{"name", "title"}, {"type", "string"}, {"constraints", object{{"required", true}}}},
		{{"name", "url"}, {"description", "Its page on the portal."}, {"type", "string"}, {"format", "uri"}},
		{{"name", "status"}, {"type", "string"}, {"categories", content.Status("").Values()}},
		list("themes", "Ids of its themes."),
		{{"name", "state"}, {"description", "both, action (covered only), service (realised only) or none."}, {"type", "string"},
			{"categories", states}, {"constraints", object{{"required", true}}}},
		list("actions_id", "Ids of the actions that cover it."),
		list("actions_programme", "Programme of each action, one item per item of actions_id, in the same order."),
		list("actions_priority", "MoSCoW priority of each action, one item per item of actions_id, in the same order."),
		list("services", "Ids of the running services that realise it."),
	}
	return object{{"$schema", tableSchemaProfile}, {"description", neutralisedNote()}, {"fields", fields}, {"missingValues", []string{""}}, {"primaryKey", []string{"id"}},
		{"foreignKeys", []object{foreignKey("id", "", content.KindMutualisation)}}}
}

// coverageSchemaFile writes the JSON Schema of coverage.json; schemaFiles
// writes the Table Schema of coverage.csv with the others.
func (x *exporter) coverageSchemaFile() error {
	data, err := x.marshal(x.coverageSchema())
	if err != nil {
		return fmt.Errorf("%s: %w", coverageSchemaPath, err)
	}
	x.add(File{Path: coverageSchemaPath, Format: "JSON Schema", MediaType: "application/schema+json", Role: "coverage-schema",
		Description: "JSON Schema of coverage.json."}, data)
	return nil
}
