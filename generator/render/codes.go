package render

import (
	"encoding/json"
	"strings"

	"catalogue/generator/content"
)

// codesPath is where Site writes the codes of the entries, by collection
// folder: the 404 page's script finds in it the entry whose code a mistyped
// address holds (/mutualisations/M075, /m075, /actions/2.1.1.html). An
// entry's address is /<folder>/<code in lower case>/, so the codes alone
// make the table, about 2 bytes gzipped an entry.
const codesPath = "/codes.json"

// codes returns the content of codesPath: {"actions":["2.1.1",…],…}.
func (r *Renderer) codes() ([]byte, error) {
	table := map[string][]string{}
	for k, es := range r.byKind {
		c, _ := content.CollectionOf(k)
		ids := make([]string, len(es))
		for i, e := range es {
			ids[i] = e.ID
		}
		table[c.Dir] = ids // in id order, as byKind holds them
	}
	return json.Marshal(table)
}

// writeCodes writes the codes table under dir, counted in w.
func (r *Renderer) writeCodes(dir string, replace bool, w *Written) error {
	data, err := r.codes()
	if err != nil {
		return err
	}
	return writeFile(dir, strings.TrimPrefix(codesPath, "/"), data, replace, w)
}
