package export

import (
	"fmt"
	"time"
	"unicode/utf8"

	"catalogue/generator/content"
)

// recordFiles writes the files made of the records, in one pass over the
// entries: the JSON file of each entry, the JSON and CSV files of each
// collection and the whole catalogue's JSON file. Each record is encoded
// once and written to its four files at once; the files of a collection
// and the catalogue's are streamed as they grow, so that the export holds
// neither every record nor the catalogue's file, hundreds of megabytes at
// 100,000 entries. The entries are in catalogue order, collection by
// collection: a collection's are a run of the catalogue's.
func (x *exporter) recordFiles() error {
	catalogue, err := x.createList(x.catalogueObject(), cataloguePath)
	if err != nil {
		return err
	}
	defer catalogue.abort()
	var line []byte // a record at the depth of a list item
	for _, c := range content.Collections() {
		entries := x.cat.Collection(c.Kind)
		mod := modifiedOf(entries)
		jsonFile := File{Path: collectionPath(c, "json"), Format: "JSON", MediaType: "application/json",
			Schema: collectionSchemaPath(c.Kind), Role: "collection", Kind: c.Kind, Records: len(entries), Modified: mod,
			Description: fmt.Sprintf("Every %s entry, as JSON.", c.Kind)}
		csvFile := File{Path: collectionPath(c, "csv"), Format: "CSV", MediaType: "text/csv",
			Schema: tableSchemaPath(c.Dir), Role: "collection", Kind: c.Kind, Records: len(entries), Modified: mod,
			Description: fmt.Sprintf("Every %s entry, one per row.", c.Kind)}
		header := columnNames(x.columns[c.Kind])
		if len(entries) > 0 {
			ex, err := x.marshal(abridge(x.record(entries[0])))
			if err != nil {
				return err
			}
			jsonFile.Example = string(ex)
			csvFile.Example = csvExample([][]string{header, csvRow(x.columns[c.Kind], x.record(entries[0]))})
		}
		coll, err := x.createList(x.collectionObject(c, entries, mod), jsonFile.Path)
		if err != nil {
			return err
		}
		defer coll.abort()
		table, err := x.create(csvFile.Path)
		if err != nil {
			return err
		}
		defer table.abort()
		table.buf = appendCSVRow(table.buf, header)
		for _, e := range entries {
			if err := x.ctx.Err(); err != nil {
				return err
			}
			rec := x.record(e)
			b, err := x.marshal(rec)
			if err != nil {
				return fmt.Errorf("%s: %w", e.File, err)
			}
			x.add(File{Path: entryPath(e), Format: "JSON", MediaType: "application/json",
				Schema: recordSchemaPath(e.Kind), Role: "entry", Kind: e.Kind, ID: e.ID, Records: 1, Modified: e.Modified,
				Description: fmt.Sprintf("The %s %s.", e.Kind, e.ID)}, b)
			// The same depth in both lists: the line is made once.
			if line, err = indented(b[:len(b)-1]).append(line[:0], listDepth); err != nil {
				return err
			}
			coll.item(line)
			catalogue.item(line)
			table.buf = appendCSVRow(table.buf, csvRow(x.columns[c.Kind], rec))
			table.spill()
		}
		x.finish(coll.close(), jsonFile)
		x.finish(table, csvFile)
	}
	x.finish(catalogue.close(), File{Path: cataloguePath, Format: "JSON", MediaType: "application/json", Schema: catalogueSchemaPath,
		Role: "catalogue", Records: len(x.cat.Entries), Modified: x.modified,
		Description: "The whole catalogue: every entry of every collection, as JSON."})
	return x.err
}

// collectionObject is the JSON file of collection c but for its entries,
// which recordFiles writes.
func (x *exporter) collectionObject(c content.Collection, entries []*content.Entry, mod time.Time) object {
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
	o.add("count", len(entries))
	o.add("entries", listMark)
	return o
}

// catalogueObject is the whole catalogue's JSON file but for its entries,
// which recordFiles writes.
func (x *exporter) catalogueObject() object {
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
	o.add("entries", listMark)
	redirects := []object{}
	for _, r := range x.cat.Redirects {
		redirects = append(redirects, x.redirectRecord(r))
	}
	o.add("redirects", redirects)
	return o
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
