package index

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// The analyzers of the index. French folds accents as a token filter, so
// that the offsets the highlighter uses still point at the original
// characters (a char filter would shift them mid-character), and folds
// before elision, stop words and the light stemmer, so that "ministere" and
// "ministère" meet on one term and the stop list needs only its folded
// form. English is Bleve's English analyzer (possessive, stop words,
// Porter stemmer). Both lowercase with lowerTokenFilter. Codes and facet
// values are kept whole.
const (
	AnalyzerFR     = "catalogue_fr"
	AnalyzerEN     = "catalogue_en"
	AnalyzerPrefix = "catalogue_prefix" // the French analysis short of stop words and stemming
	analyzerCode   = keyword.Name

	lowerFilter = "catalogue_lower"
	foldFilter  = "catalogue_fold"
	stopFR      = "catalogue_stop_fr"
)

func init() {
	// Bleve finds analysis components by name in a process-wide registry
	// (as database/sql finds drivers); an index that names these filters
	// can only be opened once they are registered.
	registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokenFilter{}, nil
	})
	registry.RegisterTokenFilter(lowerFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return lowerTokenFilter{}, nil
	})
}

// lowerTokenFilter lowercases terms rune by rune, as Bleve's to_lower
// means to; that one garbles a term after a letter whose lowercase is
// shorter in UTF-8 (İstanbul becomes "i\xb0stanbul"), which no client
// could reproduce.
type lowerTokenFilter struct{}

func (lowerTokenFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = lowerTerm(t.Term)
	}
	return input
}

// lowerTerm returns term lowercased. Most terms are ASCII, and most of
// those lowercase already: they are kept, and the others lowercased into
// a new slice, for a term's bytes may be the field's stored text.
func lowerTerm(term []byte) []byte {
	upper := false
	for _, c := range term {
		if c >= utf8.RuneSelf {
			return []byte(lower(string(term)))
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return term
	}
	out := make([]byte, len(term))
	for i, c := range term {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// lower maps each rune to its lowercase (unicode.ToLower), and a final
// capital sigma to the final small sigma, as Bleve's filter does.
func lower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		l := unicode.ToLower(r)
		if r == 'Σ' && i+utf8.RuneLen(r) == len(s) {
			l = 'ς'
		}
		b.WriteRune(l)
	}
	return b.String()
}

// foldTokenFilter folds each term to its unaccented form with [fold].
type foldTokenFilter struct{}

func (foldTokenFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !utf8.Valid(t.Term) || isASCII(t.Term) {
			continue
		}
		t.Term = []byte(fold(string(t.Term)))
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ligatures are the letters that fold to more than their base letter, or
// that have no canonical decomposition.
var ligatures = map[rune]string{'œ': "oe", 'æ': "ae", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d"}

// fold removes the accents of Latin letters: é → e, ç → c, œ → oe. A letter
// whose canonical decomposition is an ASCII letter followed by combining
// marks becomes that letter; a lone combining mark is dropped; every other
// character is kept. The JavaScript client applies the same rule.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if l, ok := ligatures[r]; ok {
			b.WriteString(l)
			continue
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if base := foldLetter(r); base != 0 {
			b.WriteByte(base)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldLetter returns the ASCII letter r's canonical decomposition starts
// with when the rest of it is combining marks (é → e), else 0. The Latin
// letters of the catalogue's languages come from a table.
func foldLetter(r rune) byte {
	if int(r) < len(latinBases) {
		return latinBases[r]
	}
	return decomposedBase(r)
}

// latinBases holds foldLetter of the runes before U+0250, the end of the
// Latin Extended blocks.
var latinBases = func() (t [0x250]byte) {
	for r := range rune(len(t)) {
		t[r] = decomposedBase(r)
	}
	return t
}()

func decomposedBase(r rune) byte {
	d := norm.NFD.String(string(r))
	if len(d) > 1 && d[0] < utf8.RuneSelf && allMarks(d[1:]) {
		return d[0]
	}
	return 0
}

func allMarks(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return s != ""
}

// stopWordsFR is Bleve's French stop list, folded.
func StopWordsFR() []string {
	return tokenList(fr.FrenchStopWords, true)
}

// stopWordsEN is Bleve's English stop list.
func StopWordsEN() []string {
	return tokenList(en.EnglishStopWords, false)
}

// articlesFR are the articles the French elision filter removes before an
// apostrophe.
func ArticlesFR() []string {
	return tokenList(fr.FrenchArticles, false)
}

func tokenList(data []byte, folded bool) []string {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(data); err != nil {
		panic(err) // the lists are constants of the Bleve module
	}
	seen := map[string]bool{}
	for t := range m {
		if folded {
			t = fold(t)
		}
		seen[t] = true
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// addAnalysis declares the custom analyzers in the mapping, which stores
// their definition in the index.
func addAnalysis(im *mapping.IndexMappingImpl) error {
	words := StopWordsFR()
	tokens := make([]any, len(words))
	for i, w := range words {
		tokens[i] = w
	}
	if err := im.AddCustomTokenMap(stopFR, map[string]any{
		"type":   tokenmap.Name,
		"tokens": tokens,
	}); err != nil {
		return err
	}
	if err := im.AddCustomTokenFilter(stopFR, map[string]any{
		"type":           stop.Name,
		"stop_token_map": stopFR,
	}); err != nil {
		return err
	}
	if err := im.AddCustomAnalyzer(AnalyzerFR, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []any{lowerFilter, foldFilter, fr.ElisionName, stopFR, fr.LightStemmerName},
	}); err != nil {
		return err
	}
	// Bleve's English analyzer, with the lowercase filter above.
	if err := im.AddCustomAnalyzer(AnalyzerEN, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []any{en.PossessiveName, lowerFilter, en.StopName, porter.Name},
	}); err != nil {
		return err
	}
	return im.AddCustomAnalyzer(AnalyzerPrefix, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []any{lowerFilter, foldFilter, fr.ElisionName},
	})
}

// A Token is a term with where it came from in the analysed text.
type Token struct {
	Term       string
	Start, End int // byte offsets in the text
}

// Analyze runs the named analyzer of the mapping over text.
func Analyze(im mapping.IndexMapping, name, text string) []Token {
	a := im.AnalyzerNamed(name)
	if a == nil {
		return nil
	}
	var out []Token
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, Token{Term: string(t.Term), Start: t.Start, End: t.End})
	}
	return out
}

// Tokenize splits text into words with the tokenizer every analyzer
// shares (Unicode word boundaries, UAX #29), dropping spaces and
// punctuation.
func Tokenize(text string) []Token {
	var out []Token
	for _, t := range unicodetok.NewUnicodeTokenizer().Tokenize([]byte(text)) {
		out = append(out, Token{Term: string(t.Term), Start: t.Start, End: t.End})
	}
	return out
}
