package corpus

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markers stand, in learnt text, for the references the real catalogue
// writes in its bodies; the writer replaces them with ids of the corpus, so
// that generated bodies mention codes as often as real ones.
const (
	markCode = "\x01M" // a bare mutualisation code: M075
	markRef  = "\x01R" // an explicit reference: [[2.1]]
)

var (
	codeInText = regexp.MustCompile(`\bM[0-9]{3}\b`)
	refInText  = regexp.MustCompile(`\[\[[^\]\n]+\]\]`)
	// Characters that carry Markdown (or Hugo shortcode) meaning: dropped
	// from learnt words so that generated text is plain prose whatever
	// order the chain puts words in.
	markup = strings.NewReplacer("*", "", "_", "", "`", "", "#", "", "|", "", "<", "", ">", "",
		"[", "", "]", "", "{", "", "}", "", `\`, "", "~", "", "!", "")
)

// A chain is a word-level Markov chain of order 2 learnt from one language
// of the real catalogue. Followers are kept in the order they were seen, so
// the same text and the same random source give the same words.
type chain struct {
	next map[[2]string][]string
}

func newChain() *chain { return &chain{next: map[[2]string][]string{}} }

// learn adds the sentences of one block of text (a title, a paragraph, a
// list item) to the chain.
func (c *chain) learn(text string) {
	var state [2]string
	words := cleanWords(text)
	for i, w := range words {
		c.next[state] = append(c.next[state], w)
		state = [2]string{state[1], w}
		if endsSentence(w) || i == len(words)-1 {
			c.next[state] = append(c.next[state], "")
			state = [2]string{}
		}
	}
}

// cleanWords splits text into words, replacing references by markers and
// dropping what would be Markdown syntax or an address.
func cleanWords(text string) []string {
	text = refInText.ReplaceAllString(text, markRef)
	text = codeInText.ReplaceAllString(text, markCode)
	var out []string
	for _, w := range strings.Fields(text) {
		if strings.Contains(w, "http") || strings.Contains(w, "](") || strings.Contains(w, "www.") {
			continue
		}
		if w = markup.Replace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func endsSentence(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return r == '.' || r == '?' || r == '!' || r == '…'
}

// sentence walks the chain from a sentence start to a sentence end, at most
// max words.
func (c *chain) sentence(rng *rand.Rand, max int) []string {
	var state [2]string
	var out []string
	for len(out) < max {
		f := c.next[state]
		if len(f) == 0 {
			break
		}
		w := f[rng.IntN(len(f))]
		if w == "" {
			break
		}
		out = append(out, w)
		state = [2]string{state[1], w}
	}
	return out
}

// words returns about n words: whole sentences while they fit, the last one
// cut.
func (c *chain) words(rng *rand.Rand, n int) []string {
	n = max(n, 1)
	var out []string
	for tries := 0; len(out) < n && tries < n+10; tries++ {
		out = append(out, c.sentence(rng, n-len(out))...)
	}
	return safeStart(out)
}

// safeStart drops leading words that would turn a line into something else
// than a paragraph: a list item, a heading, a quote, a table, a setext
// underline.
func safeStart(words []string) []string {
	for len(words) > 1 && risky(words[0]) {
		words = words[1:]
	}
	if len(words) == 1 && risky(words[0]) {
		return []string{"Texte"}
	}
	return words
}

func risky(w string) bool {
	if strings.ContainsAny(w[:1], "-+*#>=|~:") {
		return true
	}
	digits := strings.TrimRightFunc(w, func(r rune) bool { return r == '.' || r == ')' })
	return len(digits) < len(w) && digits != "" && strings.IndexFunc(digits, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// phrase is a title or a heading: the sentence closest to n words among a
// few, cut if much longer, without a dangling last word or final
// punctuation, at most limit runes.
func (c *chain) phrase(rng *rand.Rand, n, limit int) string {
	n = max(n, 1)
	var best []string
	for range 6 {
		w := c.sentence(rng, 4*n+8)
		if best == nil || abs(len(w)-n) < abs(len(best)-n) {
			best = w
		}
	}
	if len(best) > n+n/2+2 {
		best = best[:n+n/2+2]
	}
	best = safeStart(best)
	for len(best) > 1 && dangling[strings.ToLower(strings.Trim(best[len(best)-1], ",;:"))] {
		best = best[:len(best)-1]
	}
	s := strings.Join(best, " ")
	for utf8.RuneCountInString(s) > limit {
		i := strings.LastIndexByte(s, ' ')
		if i <= 0 {
			s = string([]rune(s)[:limit])
			break
		}
		s = s[:i]
	}
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) && r != ')' && r != '»' && r != '”' || unicode.IsSpace(r)
	})
	if s == "" {
		s = "Sans titre"
	}
	return upperFirst(s)
}

// dangling words cannot end a title.
var dangling = map[string]bool{}

func init() {
	for _, w := range strings.Fields("de des du d' la le les l' un une et ou à au aux en par pour sur dans avec sans vers " +
		"ses son sa leur leurs ce cette ces qui que dont est sont " +
		"the a an of and or to in on for with by from at as is are its their this that which") {
		dangling[w] = true
	}
}

func abs(x int) int { return max(x, -x) }

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// slug folds text to a lowercase ASCII slug of at most three words.
func slug(text string) string {
	var words []string
	for _, w := range strings.FieldsFunc(foldASCII(strings.ToLower(text)), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}) {
		if len(w) >= 3 && len(words) < 3 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return "entree"
	}
	return strings.Join(words, "-")
}

var folds = strings.NewReplacer("à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y", "œ", "oe", "æ", "ae",
	"’", " ", "'", " ")

func foldASCII(s string) string { return folds.Replace(s) }

// wordCount counts the words a block of real text would be learnt as.
func wordCount(s string) int { return len(strings.Fields(s)) }
