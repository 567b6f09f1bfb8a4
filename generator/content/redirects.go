package content

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"time"
)

// RedirectsFile records the entries renamed or removed after publication,
// so that their URLs keep answering, with the reason.
const RedirectsFile = "content/redirects.toml"

// A Redirect is a published entry that was renamed (To is its new id) or
// removed (To is empty).
type Redirect struct {
	From   string    `toml:"from" required:"true" doc:"The old id."`
	Kind   Kind      `toml:"kind" required:"true" doc:"The old entry's kind, which gives its URL."`
	To     string    `toml:"to" doc:"The id that replaces it; empty when the entry was removed."`
	Date   time.Time `toml:"date" required:"true" doc:"When it was renamed or removed."`
	Reason string    `toml:"reason" required:"true" doc:"Why, for readers and reusers."`
}

// URL is the old entry page.
func (r Redirect) URL() string { return EntryURL(r.Kind, r.From) }

// loadRedirects reads content/redirects.toml, if any, and checks it against
// the catalogue: an old id must not be taken again, a new one must exist.
func (c *Catalogue) loadRedirects(fsys fs.FS, diags *Diagnostics) {
	if _, err := fs.Lstat(fsys, RedirectsFile); errors.Is(err, fs.ErrNotExist) {
		return
	}
	data, ok := readRegular(fsys, RedirectsFile, diags)
	if !ok {
		return
	}
	src, ok := cleanText(RedirectsFile, data, diags)
	if !ok || !checkTOMLShape(RedirectsFile, src, 1, diags) {
		return
	}
	raw, ok := parseTOML(RedirectsFile, src, 1, diags)
	if !ok {
		return
	}
	var file struct {
		Redirects []Redirect `toml:"redirects"`
	}
	d := decoder{loc: locate(RedirectsFile, src, 1), diags: diags}
	d.table("", raw, reflect.ValueOf(&file).Elem())
	seen := map[string]bool{}
	for i, r := range file.Redirects {
		at := func(key string) (Pos, string) {
			p := fmt.Sprintf("redirects[%d].%s", i, key)
			return d.loc.valPos(p), p
		}
		coll, ok := CollectionOf(r.Kind)
		if !ok {
			pos, p := at("kind")
			diags.Errorf(pos, p, "%q is not a kind; expected one of %s", r.Kind, quoteList(kindNames()))
			continue
		}
		pos, p := at("from")
		switch {
		case !coll.IDPattern.MatchString(r.From):
			diags.Errorf(pos, p, "%q is not a valid %s id; expected an id like %q", r.From, r.Kind, coll.IDExample)
		case c.byFold[strings.ToLower(r.From)] != nil:
			diags.Errorf(pos, p, "%q is an entry again: remove its redirect", r.From)
		case seen[strings.ToLower(r.From)]:
			diags.Errorf(pos, p, "%q is redirected twice", r.From)
		}
		seen[strings.ToLower(r.From)] = true
		if r.To != "" {
			pos, p := at("to")
			c.resolve(r.To, "any", pos, p, diags)
		}
		if strings.TrimSpace(r.Reason) == "" {
			pos, p := at("reason")
			diags.Errorf(pos, p, "must say why the entry was renamed or removed")
		}
		c.Redirects = append(c.Redirects, r)
	}
}

func kindNames() []string {
	names := make([]string, len(collections))
	for i, c := range collections {
		names[i] = string(c.Kind)
	}
	return names
}
