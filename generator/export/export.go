// Package export writes the open-data files of a catalogue: JSON, CSV, JSON
// Schema, Frictionless data package, DCAT-AP catalogue, Atom feed, sitemap.
package export

import (
	"context"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
)

// A File is one published open-data file, for the open-data page.
type File struct {
	Path        string // from the site root: /api/v1/actions.csv
	Format      string // JSON, CSV, JSON Schema, JSON-LD, XML …
	Size        int64
	Schema      string // path of the schema it conforms to, if any
	Description string
}

// Write writes the open-data files of cat under dir (the site being built)
// and lists them.
func Write(ctx context.Context, cat *content.Catalogue, md *markdown.Markdown, dir string) ([]File, error) {
	return nil, nil
}
