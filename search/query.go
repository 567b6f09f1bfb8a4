package search

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"

	"catalogue/search/index"
)

// How a query string becomes a query. The server (with Bleve) and the
// JavaScript client (over the static files) follow the same rules with the
// same numbers, which the static export hands to the client in its
// index.json, so that both rank the same entries first:
//
//   - The query is split at spaces into tokens, and each token into words
//     by the analyzers' tokenizer.
//   - A token with a digit (M75, 2.1.1, 2024) is a code: the entry with
//     that id ranks first (M75 and m075 are M075), entries linked to it
//     next, ids starting with it while it is being typed, and its words
//     may match text. A query of one token is also tried as a code
//     (franceconnect).
//   - Every other word must match (all the words; when no entry has them
//     all, any of them): its French term in the French fields, its
//     English term in the English fields, each field with its weight.
//   - A word the index does not know is matched with typos: the words of
//     the entries, as written, within one edit of it (two for longer
//     words; a swap of two letters is one edit) that share its first two
//     bytes, each analysed into its term for each language, weighed down
//     by its distance.
//   - The last word, while it is being typed (no space after it), also
//     matches the terms it begins.
//   - Two adjacent words also match as one word where the index knows
//     it: "france connect" finds FranceConnect. Each of the two words
//     may be matched by the joined word instead.
//   - A word also matches the two words it can be cut into, where the
//     index has both as written and knows their terms, each at least
//     SplitMin runes long: "franceconnect" finds "France Connect".
//   - A word that is one of a group of synonyms (site.toml's
//     [[synonyms]]; same term in either language) also matches the other
//     words of the group, as written, without typos: "messaging" finds
//     "messagerie".
//   - When every word must match and fewer than PartialBelow entries
//     have them all (within the filters), the entries that have some of
//     them follow, marked partial: those with the most words first, then
//     by the score of a query of any of the words.
//   - A code typed in two tokens, one to three letters then a number
//     (M 75, P 1.1.1), is also tried as one code; a dash or dot after
//     the letters of a code is dropped (M-075 is M075).
//
// Scores are Bleve's TF-IDF. Ties, and scores equal to float32 precision,
// go to the entry that comes first in the catalogue.

// A textField is a text field of the index and its weight.
type textField struct {
	Name  string  `json:"name"`
	Lang  string  `json:"lang"`
	Boost float64 `json:"boost"`
}

// Rules are the numbers of the query rules.
type Rules struct {
	Fields        []textField `json:"fields"`
	Code          float64     `json:"code"`        // weight of an exact code
	CodePrefix    float64     `json:"code_prefix"` // of a code being typed
	Refs          float64     `json:"refs"`        // of an entry linked to a code
	Prefix        float64     `json:"prefix"`      // factor on a field's weight for the word being typed
	PrefixMin     int         `json:"prefix_min"`  // runes a word being typed needs to match as a prefix
	CodePrefixMin int         `json:"code_prefix_min"`
	SplitMin      int         `json:"split_min"`     // runes of each part of a word matched split in two
	FuzzyPrefix   int         `json:"fuzzy_prefix"`  // bytes a typo must leave intact at the start
	Fuzzy1        int         `json:"fuzzy1"`        // terms of at least this many runes allow one edit
	Fuzzy2        int         `json:"fuzzy2"`        // and of at least this many, two
	FuzzyMax      int         `json:"fuzzy_max"`     // longer terms allow none
	MaxQuery      int         `json:"max_query"`     // runes in a query
	MaxWords      int         `json:"max_words"`     // words in a query
	PartialBelow  int         `json:"partial_below"` // fewer full matches than this add partial ones
	PageSize      int         `json:"page_size"`
	MaxPageSize   int         `json:"max_page_size"`
	Facets        []string    `json:"facets"`
	// Synonyms are the site's groups of words a query takes for one
	// another; none in QueryRules, the index's own in an opened index.
	Synonyms [][]string `json:"synonyms,omitempty"`
}

// QueryRules returns the query rules. Changing one changes rankings: the
// golden queries of the tests say whether for the better.
func QueryRules() Rules {
	return Rules{
		Fields: []textField{
			{index.FieldTitleFR, "fr", 3},
			{index.FieldSummaryFR, "fr", 1.5},
			{index.FieldBodyFR, "fr", 1},
			{index.FieldMetaFR, "fr", 1},
			{index.FieldTitleEN, "en", 3},
			{index.FieldSummaryEN, "en", 1.5},
			{index.FieldBodyEN, "en", 1},
		},
		Code:          10,
		CodePrefix:    2,
		Refs:          1,
		Prefix:        0.5,
		PrefixMin:     3,
		CodePrefixMin: 2,
		SplitMin:      3,
		FuzzyPrefix:   2,
		Fuzzy1:        4,
		Fuzzy2:        7,
		FuzzyMax:      40,
		MaxQuery:      200,
		MaxWords:      16,
		PartialBelow:  10,
		PageSize:      10,
		MaxPageSize:   50,
		Facets:        index.FacetFields(),
	}
}

// FuzzyKey is the start of term that a typo must leave intact: its first
// runes up to at least r.FuzzyPrefix bytes, the prefix Bleve's fuzzy
// search keeps. The static files shard their terms by it.
func (r Rules) FuzzyKey(term string) string {
	for i := range term {
		if i >= r.FuzzyPrefix {
			return term[:i]
		}
	}
	return term
}

// fuzziness is how many edits a word of the query may differ by.
func (r Rules) fuzziness(term string) int {
	n := utf8.RuneCountInString(term)
	switch {
	case n > r.FuzzyMax || n < r.Fuzzy1:
		return 0
	case n < r.Fuzzy2:
		return 1
	}
	return 2
}

// A QueryError is a request the search refuses: Code says which rule it
// breaks (the search page words it in its language), Msg says how.
type QueryError struct {
	Code string // too_long, too_many_words, bad_encoding, bad_page, bad_size, bad_filter
	Msg  string
}

func (e *QueryError) Error() string { return e.Msg }

// A plan is what a query string asks for, before it meets an index.
type plan struct {
	codes    []codeToken // tokens tried as codes, in query order
	required []word      // words that must match
	typing   bool        // the last word is still being typed
}

// A codeToken is a token tried as an id.
type codeToken struct {
	id     string // normalised: lowercase, M75 → m075
	prefix string // lowercase as typed, for ids it begins; "" when not typed last
	words  []word // its words, which may match text
}

// A word is one word of the query, analysed for each language.
type word struct {
	fr, en  string // terms; both "" for a stop word of either language or a lone letter
	surface string // as written, folded: what a typo is matched against
	prefix  string // the surface matched as a prefix; "" unless being typed
	joins   []word // this word joined with the word before or after it
	splits  []split
	syns    []word // the other words of its synonym groups
}

// A split is a word cut in two words, which it also matches together.
type split struct{ a, b word }

// isSpace is unicode.IsSpace, which the client repeats as a list.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// parse turns a query string into a plan, analysing its words with the
// analyzers of im.
func parse(im mapping.IndexMapping, q string, r Rules) (*plan, error) {
	return parseWith(im, q, r, synonymWords(im, r.Synonyms))
}

// parseWith is parse with the synonym groups of r already analysed.
func parseWith(im mapping.IndexMapping, q string, r Rules, groups [][]word) (*plan, error) {
	if !utf8.ValidString(q) {
		return nil, &QueryError{"bad_encoding", "the query is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > r.MaxQuery {
		return nil, &QueryError{"too_long", fmt.Sprintf("the query is too long: %d characters, at most %d", n, r.MaxQuery)}
	}
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	p := &plan{}
	last, _ := utf8.DecodeLastRuneInString(q)
	p.typing = q != "" && !isSpace(last)
	raw := strings.FieldsFunc(q, isSpace)
	nwords := 0
	var texts []string // the text of each required word
	var joined []bool  // whether it follows the word before it in the query
	follows := false
	for i, t := range raw {
		isLast := i == len(raw)-1
		subs := index.Tokenize(t)
		var words []word
		code := hasDigit(t)
		for j, s := range subs {
			w := newWord(im, s.Term)
			if p.typing && isLast && j == len(subs)-1 && utf8.RuneCountInString(w.surface) >= r.PrefixMin {
				w.prefix = w.surface
			}
			if w.fr == "" && w.prefix == "" {
				follows = false
				continue
			}
			words = append(words, w)
			if !code {
				texts = append(texts, s.Term)
				joined = append(joined, follows)
			}
			follows = !code
		}
		nwords += len(words)
		if nwords > r.MaxWords {
			return nil, &QueryError{"too_many_words", fmt.Sprintf("the query has too many words: at most %d", r.MaxWords)}
		}
		if i > 0 && isCodeLetters(raw[i-1]) && startsWithDigit(trimPunct(t)) {
			c := codeToken{id: normalizeCode(trimPunct(raw[i-1]) + trimPunct(t))}
			p.codes = append(p.codes, c)
		}
		if code || len(raw) == 1 {
			if id := trimPunct(t); id != "" {
				c := codeToken{id: normalizeCode(id)}
				if code {
					c.words = words
				}
				if p.typing && isLast && utf8.RuneCountInString(id) >= r.CodePrefixMin {
					c.prefix = strings.ToLower(id)
				}
				p.codes = append(p.codes, c)
			}
		}
		if !code {
			p.required = append(p.required, words...)
		}
	}
	for k := range p.required {
		p.required[k].splits = splits(im, texts[k], r.SplitMin)
		p.required[k].syns = synonyms(p.required[k], groups)
	}
	for k := 1; k < len(p.required); k++ {
		if !joined[k] {
			continue
		}
		if jw := newWord(im, texts[k-1]+texts[k]); jw.fr != "" {
			p.required[k-1].joins = append(p.required[k-1].joins, jw)
			p.required[k].joins = append(p.required[k].joins, jw)
		}
	}
	return p, nil
}

// splits returns the ways to cut a word in two words of at least min
// runes each, neither a stop word, shortest first part first.
func splits(im mapping.IndexMapping, s string, min int) []split {
	rs := []rune(s)
	var out []split
	for k := min; k <= len(rs)-min; k++ {
		a, b := newWord(im, string(rs[:k])), newWord(im, string(rs[k:]))
		if a.fr != "" && b.fr != "" {
			out = append(out, split{a, b})
		}
	}
	return out
}

// synonymWords analyses the words of the synonym groups.
func synonymWords(im mapping.IndexMapping, groups [][]string) [][]word {
	out := make([][]word, len(groups))
	for i, g := range groups {
		for _, s := range g {
			out[i] = append(out[i], newWord(im, s))
		}
	}
	return out
}

// synonyms returns the other words of the groups that have w: a word of
// the same French or English term. Each comes once, in the order of the
// groups.
func synonyms(w word, groups [][]word) []word {
	if w.fr == "" {
		return nil
	}
	var out []word
	for _, g := range groups {
		if !slices.ContainsFunc(g, w.sameTerm) {
			continue
		}
		for _, s := range g {
			if s.fr != "" && !w.sameTerm(s) && !slices.ContainsFunc(out, s.sameTerm) {
				out = append(out, s)
			}
		}
	}
	return out
}

// sameTerm tells whether two analysed words have a term in common.
func (w word) sameTerm(o word) bool {
	return w.fr != "" && (w.fr == o.fr || w.en == o.en)
}

// newWord analyses one word of a query. A stop word of either language is
// dropped, as the index dropped it (French "de" is no English stop word,
// but no English entry needs it), and so is a lone letter.
func newWord(im mapping.IndexMapping, s string) word {
	w := word{fr: first(index.Analyze(im, index.AnalyzerFR, s)), en: first(index.Analyze(im, index.AnalyzerEN, s)), surface: first(index.Analyze(im, index.AnalyzerPrefix, s))}
	if w.fr == "" || w.en == "" || isLoneLetter(w.surface) {
		w.fr, w.en = "", ""
	}
	return w
}

func isLoneLetter(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.IsLetter(r)
}

// empty tells a query with nothing to look for: spaces, punctuation, stop
// words.
func (p *plan) empty() bool {
	if len(p.codes) > 0 {
		return false
	}
	return len(p.required) == 0
}

func first(ts []index.Token) string {
	if len(ts) == 0 {
		return ""
	}
	return ts[0].Term
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// trimPunct removes what surrounds a code: quotes, brackets, commas.
func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var (
	mutualisationCode = regexp.MustCompile(`^m0*([0-9]{1,3})$`)
	codeDash          = regexp.MustCompile(`^([a-z]{1,3})[-.]+([0-9])`)
	codeLetters       = regexp.MustCompile(`^\pL{1,3}$`)
)

// isCodeLetters tells the letters that may begin a code typed apart from
// its number (M in M 75).
func isCodeLetters(t string) bool { return codeLetters.MatchString(trimPunct(t)) }

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// normalizeCode lowercases a code, drops a dash or dot after its letters
// and writes mutualisation numbers on three digits: M75, m075, M-075 and
// M0075 are all m075.
func normalizeCode(s string) string {
	s = strings.ToLower(s)
	s = codeDash.ReplaceAllString(s, "$1$2")
	if m := mutualisationCode.FindStringSubmatch(s); m != nil {
		return "m" + strings.Repeat("0", 3-len(m[1])) + m[1]
	}
	return s
}
