package export

import (
	"fmt"
	"unicode/utf8"

	"catalogue/generator/content"
)

// entryFiles writes one JSON file per entry: its record.
func (x *exporter) entryFiles() error {
	for _, e := range x.cat.Entries {
		rec := x.encoded[e]
		data := rec[:len(rec)+1] // with its newline (see exporter.encoded)
		x.add(File{Path: entryPath(e), Format: "JSON", MediaType: "application/json",
			Schema: recordSchemaPath(e.Kind), Role: "entry", Kind: e.Kind, ID: e.ID, Records: 1, Modified: e.Modified,
			Description: fmt.Sprintf("The %s %s.", e.Kind, e.ID)}, data)
	}
	return nil
}

// collectionFiles writes the JSON and the CSV file of each collection.
func (x *exporter) collectionFiles() error {
	for _, c := range content.Collections() {
		entries := x.cat.Collection(c.Kind)
		recs := make([]indented, 0, len(entries))
		for _, e := range entries {
			recs = append(recs, x.encoded[e])
		}
		mod := modifiedOf(entries)
		var o object
		o.add("$schema", x.abs(collectionSchemaPath(c.Kind)))
		o.add("kind", string(c.Kind))
		o.add("collection", c.Dir)
		o.add("url", x.abs("/"+c.Dir+"/"))
		o.add("licence", x.lic.ID)
		o.add("licence_url", x.lic.URL)
		if !mod.IsZero() {
			o.add("modified", date(mod))
		}
		o.add("count", len(recs))
		o.add("entries", recs)
		f := File{Path: collectionPath(c, "json"), Format: "JSON", MediaType: "application/json",
			Schema: collectionSchemaPath(c.Kind), Role: "collection", Kind: c.Kind, Records: len(recs), Modified: mod,
			Description: fmt.Sprintf("Every %s entry, as JSON.", c.Kind)}
		if len(entries) > 0 {
			ex, err := x.marshal(abridge(x.record(entries[0])))
			if err != nil {
				return err
			}
			f.Example = string(ex)
		}
		data, err := x.marshal(o)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Dir, err)
		}
		x.add(f, data)

		rows := [][]string{columnNames(x.columns[c.Kind])}
		for _, e := range entries {
			rows = append(rows, x.rows[e])
		}
		x.add(File{Path: collectionPath(c, "csv"), Format: "CSV", MediaType: "text/csv",
			Schema: tableSchemaPath(c.Dir), Role: "collection", Kind: c.Kind, Records: len(recs), Modified: mod,
			Description: fmt.Sprintf("Every %s entry, one per row.", c.Kind), Example: csvExample(rows)}, encodeCSV(rows))
	}
	return nil
}

// catalogueFile writes the whole catalogue as one JSON file.
func (x *exporter) catalogueFile() error {
	site := x.cat.Site
	var o object
	o.add("$schema", x.abs(catalogueSchemaPath))
	o.add("title", site.Title)
	if site.Description != "" {
		o.add("description", site.Description)
	}
	o.add("url", x.abs("/"))
	if p := publisher(site); len(p) > 0 {
		o.add("publisher", p)
	}
	o.add("licence", x.lic.ID)
	o.add("licence_url", x.lic.URL)
	if !x.modified.IsZero() {
		o.add("modified", date(x.modified))
	}
	o.add("count", len(x.cat.Entries))
	var colls []object
	for _, c := range content.Collections() {
		var co object
		co.add("kind", string(c.Kind))
		co.add("collection", c.Dir)
		co.add("count", len(x.cat.Collection(c.Kind)))
		co.add("json", x.abs(collectionPath(c, "json")))
		co.add("csv", x.abs(collectionPath(c, "csv")))
		co.add("schema", x.abs(recordSchemaPath(c.Kind)))
		colls = append(colls, co)
	}
	o.add("collections", colls)
	recs := make([]indented, 0, len(x.cat.Entries))
	for _, e := range x.cat.Entries {
		recs = append(recs, x.encoded[e])
	}
	o.add("entries", recs)
	redirects := []object{}
	for _, r := range x.cat.Redirects {
		redirects = append(redirects, x.redirectRecord(r))
	}
	o.add("redirects", redirects)
	data, err := x.marshal(o)
	if err != nil {
		return err
	}
	x.add(File{Path: cataloguePath, Format: "JSON", MediaType: "application/json", Schema: catalogueSchemaPath,
		Role: "catalogue", Records: len(recs), Modified: x.modified,
		Description: "The whole catalogue: every entry of every collection, as JSON."}, data)
	return nil
}

// publisher describes the publisher of site.toml, without its empty keys.
func publisher(site *content.Site) object {
	var p object
	for _, kv := range [][2]string{{"name", site.Publisher.Name}, {"url", site.Publisher.URL}, {"email", site.Publisher.Email}} {
		if kv[1] != "" {
			p.add(kv[0], kv[1])
		}
	}
	return p
}

// maxExample is the length past which a string of an example is cut.
const maxExample = 160

// abridge returns a copy of v with its long strings cut, to show the shape
// of a record on the open-data page.
func abridge(v any) any {
	switch v := v.(type) {
	case string:
		return cut(v, maxExample)
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = cut(s, maxExample)
		}
		return out
	case object:
		out := make(object, len(v))
		for i, m := range v {
			out[i] = member{m.Key, abridge(m.Value)}
		}
		return out
	case []object:
		out := make([]object, len(v))
		for i, o := range v {
			out[i] = abridge(o).(object)
		}
		return out
	}
	return v
}

// cut shortens s to n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
