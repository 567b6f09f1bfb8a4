package export

import (
	"encoding/hex"
	"net/url"
	"path"
	"strings"

	"catalogue/generator/content"
)

// The Frictionless Data Package v2 profiles.
const (
	dataPackageProfile  = "https://datapackage.org/profiles/2.0/datapackage.json"
	tableSchemaProfile  = "https://datapackage.org/profiles/2.0/tableschema.json"
	tableDialectProfile = "https://datapackage.org/profiles/2.0/tabledialect.json"
)

// A table is a CSV file and its Table Schema.
type table struct {
	Name   string // of the resource: the file name without .csv
	Kind   content.Kind
	Rel    content.Rel // of a join table
	Path   string
	Schema object
}

// tables lists the CSV files: one per collection, the join tables, then
// coverage.csv, the owners, the changes.
func (x *exporter) tables() []table {
	var out []table
	for _, c := range content.Collections() {
		out = append(out, table{Name: c.Dir, Kind: c.Kind, Path: collectionPath(c, "csv"), Schema: tableSchema(c, csvColumns(x.fields[c.Kind]))})
	}
	for _, j := range joinTables() {
		out = append(out, table{Name: j.Name, Kind: j.From.Kind, Rel: j.Rel, Path: j.path(), Schema: j.tableSchema()})
	}
	out = append(out, table{Name: changesTable, Path: changesCSVPath, Schema: changesTableSchema()})
	out = append(out, table{Name: "coverage", Kind: content.KindMutualisation, Path: coverageCSVPath, Schema: coverageTableSchema()})
	out = append(out, table{Name: ownersTableName, Path: ownersCSVPath, Schema: ownersTableSchema()})
	return out
}

// tableSchema describes the CSV file of collection c.
func tableSchema(c content.Collection, cols []column) object {
	var fields []object
	var fks []object
	for _, col := range cols {
		fields = append(fields, tableField(col))
		f := col.Field
		if col.Parent != "" || col.List || f.Ref == "" || f.Ref == "any" {
			continue
		}
		fks = append(fks, foreignKey(col.Name, c.Kind, content.Kind(f.Ref)))
	}
	o := object{{"$schema", tableSchemaProfile}, {"description", neutralisedNote()}, {"fields", fields}, {"missingValues", []string{""}}, {"primaryKey", []string{"id"}}}
	if fks != nil {
		o.add("foreignKeys", fks)
	}
	return o
}

// foreignKey says that the values of column name, in the file of the
// collection of kind self ("" for a join table), are ids of the collection of
// kind to.
func foreignKey(name string, self, to content.Kind) object {
	ref := object{}
	if to != self {
		// A reference within the same file names no resource.
		c, _ := content.CollectionOf(to)
		ref.add("resource", c.Dir)
	}
	ref.add("fields", []string{"id"})
	return object{{"fields", []string{name}}, {"reference", ref}}
}

// tableField describes one column.
func tableField(col column) object {
	f := col.Field
	o := object{{"name", col.Name}}
	switch {
	case col.Rel != "" && col.Parent == "links":
		o.add("description", "Ids of the entries this one points to by the relation "+string(col.Rel)+".")
	case col.Rel != "":
		o.add("description", "Ids of the entries that point to this one by the relation "+string(col.Rel)+".")
	case col.Parent != "":
		o.add("description", f.Doc+" One item per item of "+col.Parent+", in the same order.")
	case f.Doc != "":
		o.add("description", f.Doc)
	}
	if col.List {
		item := "string"
		if col.Parent != "" && col.Rel == "" && f.Always {
			// Every object has the key: no item is empty.
			item = tableType(f)
		}
		o.add("type", "list")
		o.add("delimiter", ListSeparator)
		o.add("itemType", item)
		return o
	}
	o.add("type", tableType(f))
	if f.Format == "uri" {
		o.add("format", "uri")
	}
	if len(f.Enum) > 0 {
		o.add("categories", f.Enum)
		if f.Ordered {
			o.add("categoriesOrdered", true)
		}
	}
	var cons object
	if f.Always && (f.NonEmpty || f.Enum != nil || f.Type != tString) {
		cons.add("required", true)
	}
	if col.Name == "id" {
		cons.add("unique", true)
	}
	if f.Pattern != "" {
		cons.add("pattern", xsdPattern(f.Pattern))
	}
	if cons != nil {
		o.add("constraints", cons)
	}
	return o
}

func tableType(f field) string {
	switch f.Type {
	case tDate:
		return "date"
	case tInt:
		return "integer"
	case tNumber:
		return "number"
	}
	return "string"
}

// xsdPattern turns an anchored regular expression into Table Schema's XML
// Schema syntax, where a pattern always matches the whole value and ^ and $
// are not anchors.
func xsdPattern(re string) string {
	return strings.TrimSuffix(strings.TrimPrefix(re, "^"), "$")
}

// tableSchema describes a join table: two columns of ids, both foreign keys.
func (j joinTable) tableSchema() object {
	cols := j.columns()
	var fields []object
	for i, c := range []content.Collection{j.From, j.To} {
		fields = append(fields, object{
			{"name", cols[i]},
			{"description", "Id of the " + string(c.Kind) + "."},
			{"type", "string"},
			{"constraints", object{{"required", true}, {"pattern", xsdPattern(c.IDPattern.String())}}},
		})
	}
	return object{
		{"$schema", tableSchemaProfile},
		{"description", neutralisedNote()},
		{"fields", fields},
		{"missingValues", []string{""}},
		{"primaryKey", cols[:]},
		{"foreignKeys", []object{foreignKey(cols[0], "", j.From.Kind), foreignKey(cols[1], "", j.To.Kind)}},
	}
}

// dataPackage writes datapackage.json: the CSV files as tabular resources
// with their Table Schemas, the collection and catalogue JSON files as
// resources with their JSON Schemas (under the jsonSchema key, as the
// standard has no key for the schema of a non-tabular resource).
func (x *exporter) dataPackage() error {
	site := x.cat.Site
	o := object{
		{"$schema", dataPackageProfile},
		{"name", packageName(site.BaseURL)},
		{"id", x.abs(dataPackagePath)},
		{"title", site.Title},
	}
	if site.Description != "" {
		o.add("description", site.Description)
	}
	o.add("homepage", x.abs("/"))
	var keywords []string
	for _, t := range site.Themes {
		keywords = append(keywords, t.Label(site.Language))
		for _, l := range site.Languages[min(1, len(site.Languages)):] {
			if k := t.Label(l); k != t.Label(site.Language) {
				keywords = append(keywords, k)
			}
		}
	}
	if keywords != nil {
		o.add("keywords", keywords)
	}
	o.add("licenses", []object{{{"name", x.lic.ID}, {"path", x.lic.URL}, {"title", x.lic.Title}}})
	if p := site.Publisher; p.Name != "" {
		c := object{{"title", p.Name}}
		if p.URL != "" {
			c.add("path", p.URL)
		}
		if p.Email != "" {
			c.add("email", p.Email)
		}
		c.add("roles", []string{"publisher"})
		o.add("contributors", []object{c})
	}
	var res []object
	dialect := object{{"$schema", tableDialectProfile}, {"header", true}, {"delimiter", ","},
		{"lineTerminator", "\r\n"}, {"quoteChar", `"`}, {"doubleQuote", true}}
	for _, t := range x.tables() {
		r := x.resource(t.Name, t.Path)
		r.set("description", r.get("description").(string)+" "+neutralisedNote())
		r = append(r, member{"type", "table"}, member{"dialect", dialect}, member{"schema", t.Schema})
		res = append(res, r)
	}
	for _, c := range content.Collections() {
		r := x.resource(c.Dir+"-json", collectionPath(c, "json"))
		r.add("jsonSchema", relPath(collectionSchemaPath(c.Kind)))
		res = append(res, r)
	}
	r := x.resource("coverage-json", coverageJSONPath)
	r.add("jsonSchema", relPath(coverageSchemaPath))
	res = append(res, r)
	r = x.resource("owners-json", ownersJSONPath)
	r.add("jsonSchema", relPath(ownersSchemaPath))
	res = append(res, r)
	r = x.resource("catalogue-json", cataloguePath)
	r.add("jsonSchema", relPath(catalogueSchemaPath))
	res = append(res, r)
	r = x.resource("changes-json", changesJSONPath)
	r.add("jsonSchema", relPath(changesSchemaPath))
	res = append(res, r)
	o.add("resources", res)
	data, err := x.marshal(o)
	if err != nil {
		return err
	}
	x.add(File{Path: dataPackagePath, Format: "JSON", MediaType: "application/json", Role: "datapackage",
		Schema: dataPackageProfile, Modified: x.modified,
		Description: "Frictionless Data Package v2: every CSV file with its Table Schema, every JSON file with its JSON Schema."}, data)
	return nil
}

// resource describes the file at p, already built.
func (x *exporter) resource(name, p string) object {
	out := x.out(p)
	sum := out.sum
	format := strings.ToLower(out.Format)
	return object{
		{"name", name},
		{"path", relPath(p)},
		{"title", path.Base(p)},
		{"description", out.Description},
		{"format", format},
		{"mediatype", out.MediaType},
		{"encoding", "utf-8"},
		{"bytes", out.Size},
		{"hash", "sha256:" + hex.EncodeToString(sum[:])},
	}
}

// relPath gives a path of the API relative to datapackage.json.
func relPath(p string) string { return strings.TrimPrefix(p, APIDir) }

// packageName derives the package's name from the address it is published
// at, which never changes: catalogue.numerique.gouv.fr → catalogue-numerique-gouv-fr.
func packageName(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "catalogue"
	}
	var b strings.Builder
	for _, r := range strings.ToLower(u.Host + u.Path) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if name := strings.Trim(b.String(), "-"); name != "" {
		return name
	}
	return "catalogue"
}
