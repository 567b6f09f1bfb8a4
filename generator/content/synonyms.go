package content

import (
	"fmt"
	"strings"
	"unicode"
)

// A SynonymGroup lists words that a search takes for one another, in
// either language: a query word that is one of them also finds the
// entries that have another. Matching is word by word, so each is one
// word.
type SynonymGroup struct {
	Words []string `toml:"words" required:"true" doc:"Words a search takes for one another, in either language, one word each: [\"messagerie\", \"messaging\", \"email\"]."`
}

// checkSynonyms checks site.toml's [[synonyms]]: at least two words a
// group, each one word, no word in two groups (a search could not tell
// which group it means).
func (s *Site) checkSynonyms(d *decoder) {
	seen := map[string]string{} // lowercase word → its path
	for i, g := range s.Synonyms {
		path := fmt.Sprintf("synonyms[%d].words", i)
		if !d.loc.hasValue(path) || d.loc.bad[path] {
			continue // missing or mistyped: reported by the decoder
		}
		if len(g.Words) < 2 {
			d.diags.Errorf(d.loc.valPos(path), path, "a group needs at least two words; it has %d", len(g.Words))
		}
		for j, w := range g.Words {
			p := fmt.Sprintf("%s[%d]", path, j)
			switch {
			case strings.TrimSpace(w) == "":
				d.diags.Errorf(d.loc.valPos(p), p, "must not be empty")
				continue
			case strings.IndexFunc(w, unicode.IsSpace) >= 0:
				d.diags.Errorf(d.loc.valPos(p), p, "%q is more than one word; a search matches synonyms word by word", w)
				continue
			}
			key := strings.ToLower(w)
			if other, ok := seen[key]; ok {
				d.diags.Errorf(d.loc.valPos(p), p, "%q is already in %s", w, other)
				continue
			}
			seen[key] = p
		}
	}
}
