// Package export writes the open-data files of a catalogue: a JSON file per
// entry, per collection and for the whole catalogue, a CSV file per
// collection and per many-to-many relation, the JSON Schemas and Table
// Schemas that describe them, the changes of the content's history, a
// Frictionless data package, a DCAT-AP catalogue, Atom feeds, a sitemap and
// robots.txt.
//
// Every file is a promise to reusers: its address (CATALOGUE.md), its key
// names and their order never change without a deliberate, reviewed diff of
// testdata/golden.txtar.
//
// # Records
//
// A record is one entry: id, kind, title, url (absolute), the other
// front-matter keys under the json names of generator/content/meta.go, in
// the order of its structs, then modified (the entry's updated date, else its
// last commit's), body_markdown, body_text, and links and backlinks: for each
// relation the entry can take part in, the ids it points to and the ids that
// point to it. A key whose json tag says omitempty is left out when empty;
// every other key is always present. A key of a kind that would shadow one
// the export adds is published as <kind>_<key>: a source's url, its
// document's address, is source_url. The JSON Schemas are generated from the
// same struct tags by reflection, so the published format cannot drift from
// what the loader accepts.
//
// # CSV
//
// A CSV file holds one record per row, UTF-8 without byte-order mark, a
// header row, CRLF line ends and RFC 4180 quoting. A list is one cell, its
// items joined by " | " (ListSeparator); inside an item, a backslash is
// written \\ and a vertical bar \|, so the split is never ambiguous; an empty
// cell is an empty list. A list of objects (sources, figures) becomes one
// list column per key of the object, named <list>_<key>, whose i-th items
// belong to the same object, an empty item where the object lacks the key
// (so, for a list of one object, an empty cell in a column whose siblings
// hold one item). Relations become links_<relation> and
// backlinks_<relation>. The many-to-many relations stated by a list of ids
// of one kind also get a join table of id pairs: actions-mutualisations.csv,
// services-realises.csv. The owner vocabulary is a table of its own,
// owners.json and owners.csv, which entries' owners ids join. A cell that a spreadsheet
// could run as a formula, one that starts with =, +, -, @, a tab or a
// carriage return, is written with a leading apostrophe, as is a cell that
// starts with an apostrophe, so that removing one leading apostrophe always
// gives the value back. The rule is written, in English and French, in the
// description of every CSV file in datapackage.json and in its Table Schema,
// since pandas and Frictionless read the apostrophe as part of the value.
//
// # DCAT-AP
//
// catalog.jsonld is meant to pass DCAT-AP 3.0.1's SHACL shapes as a
// harvester runs them, without background knowledge: every object names its
// class itself (a language is a dct:LinguisticSystem, a theme a labelled
// skos:Concept), and the context is inline, so reading it fetches nothing.
// .ci/opendata validates a fresh build against the official shapes.
//
// # Redirects
//
// A renamed or removed entry (content/redirects.toml) keeps a file at the
// address of its JSON that says what became of it, when and why; the
// catalogue file lists them under redirects.
//
// # Changes and feeds
//
// changes.json and changes.csv list every change a commit made to an entry
// file (content.History), newest first: date, id, kind, change (added,
// changed, renamed, removed), the old id of a rename, the front-matter keys
// that changed, the reason redirects.toml gives, the commit and its page on
// the forge. Outside git they hold no record and the JSON's history key is
// "unknown", with a note.
//
// feed.xml, <collection>/feed.xml and themes/<id>/feed.xml carry the
// feed_entries entries changed last (100 by default). Their ids are tag:
// URIs (RFC 4151) under site.toml's feed_authority — tag:<authority>:feed,
// tag:<authority>:<kind>/<id> — so that they survive a move of the site to
// another host; without feed_authority they are the pages' URLs.
//
// # Determinism
//
// The same content builds byte-identical files: no clock is read. Dates are
// the entries' (Entry.Modified), and the catalogue's modified date is the
// latest of them. Only the sitemap reads the built site, to list its pages.
// Write also removes the files of the API folder it did not write, so that a
// site rebuilt in place holds the same files as one built afresh.
package export

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"catalogue/generator/content"
	"catalogue/internal/outfile"
	"catalogue/internal/progress"
)

// APIDir is the folder of the data files, from the site root.
const APIDir = "/api/v1/"

// A File is one published open-data file, for the open-data page.
type File struct {
	Path      string // from the site root: /api/v1/actions.csv
	Format    string // JSON, CSV, JSON Schema, Table Schema, JSON-LD, Atom, XML, text
	MediaType string
	Size      int64
	Schema    string // path of the schema it conforms to, if any
	// Description says what the file holds, in English.
	Description string
	// Role tells the open-data page what the file is, for its wording:
	// catalogue, collection, join, coverage, owners, changes, datapackage,
	// dcat, catalogue-schema, collection-schema, record-schema,
	// redirect-schema, owners-schema, changes-schema, table-schema,
	// feed, sitemap, robots, entry or redirect (the file left at the
	// address of a renamed or removed entry), coverage (coverage.json and
	// .csv), coverage-schema, coverage-table-schema.
	Role string
	Kind content.Kind // the kind it describes, if one
	// Theme is the theme whose entries a theme's feed holds.
	Theme string
	ID    string // the entry, for an entry file
	// Rel is the relation of a join table and of its Table Schema.
	Rel content.Rel
	// Records is the number of records of a data file.
	Records int
	// Licence is the licence's identifier (etalab-2.0), LicenceTitle its
	// name, LicenceURL its page.
	Licence      string
	LicenceTitle string
	LicenceURL   string
	// Modified is the latest date of the entries it holds; zero if none
	// is known.
	Modified time.Time
	// Example is the beginning of the file, abridged, for a data file
	// of a collection.
	Example string
}

// roles lists the roles of the files, in the order Write lists them.
func roles() []string {
	return []string{"catalogue", "collection", "join", "coverage", "owners", "changes", "datapackage", "dcat",
		"catalogue-schema", "collection-schema", "record-schema", "redirect-schema", "owners-schema", "changes-schema", "table-schema",
		"coverage-schema", "coverage-table-schema", "changes-table-schema",
		"feed", "sitemap", "robots", "entry", "redirect"}
}

// Write writes the open-data files of cat under dir (the site being built)
// and lists them. pages are the portal's pages, as site paths
// (/actions/2.1.1/), for the sitemap.
func Write(ctx context.Context, cat *content.Catalogue, dir string, pages []string) ([]File, error) {
	files, err := build(ctx, cat, dir, pages)
	if err != nil {
		return nil, err
	}
	return files, prune(dir, files)
}

// prune removes the files under dir's API folder that Write did not write
// this time, such as the JSON of a removed entry: a site rebuilt in place
// then holds the same files as one built afresh. The API folder belongs to
// the export alone.
func prune(dir string, files []File) error {
	keep := map[string]bool{}
	for _, f := range files {
		keep[f.Path] = true
	}
	api := filepath.Join(dir, filepath.FromSlash(APIDir))
	return filepath.WalkDir(api, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == api {
				return fs.SkipDir
			}
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || d.IsDir() || keep["/"+filepath.ToSlash(rel)] {
			return err
		}
		return os.Remove(p)
	})
}

// An output is a file written.
type output struct {
	File
	sum [sha256.Size]byte // of its bytes, for the data package; not of entries
}

// exporter holds what every file is built from.
type exporter struct {
	cat      *content.Catalogue
	lic      licence
	fields   map[content.Kind][]field
	columns  map[content.Kind][]column // of each collection's CSV file
	scratch  []byte                    // see marshal
	spare    [][]byte                  // buffers of finished streams
	modified time.Time                 // latest Entry.Modified
	pages    []string
	dir      string          // where the files are written
	dirs     map[string]bool // the folders made in dir
	err      error           // the first error writing one
	outs     []output
	byPath   map[string]int
	counted  *progress.Counter // files written, for a progress line
	ctx      context.Context
}

// build writes every file under dir, in a fixed order, and lists them in
// the order of roles. pages lists the portal's HTML pages (paths such as
// /actions/) for the sitemap. Each file is written as soon as it is made,
// and the largest as they are made (recordFiles).
func build(ctx context.Context, cat *content.Catalogue, dir string, pages []string) ([]File, error) {
	x := &exporter{
		cat: cat, lic: licenceOf(cat.Site), pages: pages, dir: dir, dirs: map[string]bool{},
		fields:  map[content.Kind][]field{},
		columns: map[content.Kind][]column{},
		counted: progress.Of(ctx, progress.Export),
		ctx:     ctx,
	}
	// A file per entry and per redirect, and about a hundred more.
	n := len(cat.Entries) + len(cat.Redirects) + 128
	x.outs, x.byPath = make([]output, 0, n), make(map[string]int, n)
	for _, c := range content.Collections() {
		x.fields[c.Kind] = recordFields(c.Kind)
		x.columns[c.Kind] = csvColumns(x.fields[c.Kind])
	}
	x.modified = modifiedOf(cat.Entries)
	steps := []func() error{x.recordFiles, x.redirectFiles, x.joinFiles, x.coverageFiles, x.ownerFiles, x.changeFiles, x.schemaFiles,
		x.coverageSchemaFile,
		x.dataPackage, x.dcat, x.feed, x.sitemap, x.robots}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := cmp.Or(step(), x.err); err != nil {
			return nil, err
		}
	}
	rank := map[string]int{}
	for i, r := range roles() {
		rank[r] = i
	}
	files := make([]File, len(x.outs))
	for i, o := range x.outs {
		files[i] = o.File
	}
	slices.SortStableFunc(files, func(a, b File) int { return cmp.Compare(rank[a.Role], rank[b.Role]) })
	return files, nil
}

// add writes a file and records it; f.Size and the licence are filled in.
// An error writing it is kept for build, which stops after the step.
func (x *exporter) add(f File, data []byte) {
	if x.err != nil {
		return
	}
	if x.err = x.writeFile(f.Path, data); x.err != nil {
		return
	}
	var sum [sha256.Size]byte
	if f.Role != "entry" && f.Role != "redirect" {
		sum = sha256.Sum256(data)
	}
	x.list(f, int64(len(data)), sum)
}

// list records a file written, of size bytes whose SHA-256 is sum.
func (x *exporter) list(f File, size int64, sum [sha256.Size]byte) {
	x.counted.Add(1)
	f.Size = size
	if f.Licence == "" {
		f.Licence, f.LicenceTitle, f.LicenceURL = x.lic.ID, x.lic.Title, x.lic.URL
	}
	o := output{File: f, sum: sum}
	x.byPath[f.Path] = len(x.outs)
	x.outs = append(x.outs, o)
}

// out returns the file at path p, already built.
func (x *exporter) out(p string) output {
	i, ok := x.byPath[p]
	if !ok {
		panic("export: " + p + " is used before it is built")
	}
	return x.outs[i]
}

func (x *exporter) abs(p string) string { return x.cat.Site.AbsURL(p) }

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// modifiedOf returns the latest Modified of entries.
func modifiedOf(entries []*content.Entry) time.Time {
	var t time.Time
	for _, e := range entries {
		t = latest(t, e.Modified)
	}
	return t
}

// The paths of the files, from the site root.

func entryPath(e *content.Entry) string {
	return APIDir + e.Collection().Dir + "/" + e.ID + ".json"
}

func collectionPath(c content.Collection, ext string) string { return APIDir + c.Dir + "." + ext }

func recordSchemaPath(k content.Kind) string { return APIDir + "schemas/" + string(k) + ".schema.json" }

func collectionSchemaPath(k content.Kind) string {
	return APIDir + "schemas/" + string(k) + ".collection.schema.json"
}

func tableSchemaPath(name string) string { return APIDir + "schemas/" + name + ".tableschema.json" }

const (
	cataloguePath       = APIDir + "catalogue.json"
	catalogueSchemaPath = APIDir + "schemas/catalogue.schema.json"
	dataPackagePath     = APIDir + "datapackage.json"
	dcatPath            = APIDir + "catalog.jsonld"
	feedPath            = "/feed.xml"
	sitemapPath         = "/sitemap.xml"
	robotsPath          = "/robots.txt"
)

// A licence is the licence of the data.
type licence struct {
	ID, Title, URL string
}

// licenceOf returns the licence of site.toml; without one, the Licence
// Ouverte 2.0, the default of the French public sector (décret n° 2017-638).
func licenceOf(s *content.Site) licence {
	l := licence{ID: s.Licence, URL: s.LicenceURL}
	if l.ID == "" {
		l.ID = "etalab-2.0"
	}
	if l.ID == "etalab-2.0" {
		l.Title = "Licence Ouverte / Open Licence version 2.0"
		if l.URL == "" {
			l.URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
		}
	}
	if l.Title == "" {
		l.Title = l.ID
	}
	if l.URL == "" {
		l.URL = "https://spdx.org/licenses/" + l.ID + ".html"
	}
	return l
}

// writeFile writes data at the site path file under x.dir, refusing a
// path that would leave it. The folders it made are remembered: ten
// thousand entry files share a handful of them.
func (x *exporter) writeFile(file string, data []byte) error {
	full, err := x.fullPath(file)
	if err != nil {
		return err
	}
	return outfile.Write(full, data)
}

// fullPath returns where the site path file is written, its folder made.
func (x *exporter) fullPath(file string) (string, error) {
	clean := path.Clean("/" + file)
	if clean != file || strings.Contains(file, `\`) {
		return "", fmt.Errorf("export: refusing to write %q: not a clean path inside the site", file)
	}
	full := filepath.Join(x.dir, filepath.FromSlash(clean))
	if parent := filepath.Dir(full); !x.dirs[parent] {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return "", err
		}
		x.dirs[parent] = true
	}
	return full, nil
}
