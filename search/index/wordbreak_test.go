package index

import (
	"slices"
	"testing"
	"unicode/utf8"

	wordseg "github.com/blevesearch/segment"
)

// segmenterSpans is what the fast path must match: the words of the
// Segmenter, a token a call, as Bleve's Unicode tokenizer reads them.
func segmenterSpans(text []byte) []span {
	var out []span
	seg := wordseg.NewWordSegmenterDirect(text)
	start := 0
	for seg.Segment() {
		end := start + len(seg.Bytes())
		if seg.Type() != wordseg.None {
			out = append(out, span{start, end})
		}
		start = end
	}
	return out
}

func checkWordBreak(t *testing.T, text string) {
	t.Helper()
	var w wordBreaker
	want := segmenterSpans([]byte(text))
	if got := w.words([]byte(text)); !slices.Equal(got, want) {
		t.Errorf("%q: words %v, the segmenter's %v", text, got, want)
	}
	if got := w.segmenterWords([]byte(text)); !slices.Equal(got, want) {
		t.Errorf("%q: words %v in one call of the segmenter, a token a call %v", text, got, want)
	}
}

// fastRunes are the runes the fast path knows.
func fastRunes() []rune {
	var out []rune
	for r := range rune(0x3000) {
		if wordClassOf(r) != wbUnknown {
			out = append(out, r)
		}
	}
	return out
}

// TestWordBreakRunes puts each rune the fast path knows between runes of
// every class, itself included, and compares the words with the
// segmenter's.
func TestWordBreakRunes(t *testing.T) {
	t.Parallel()
	around := []string{"", "a", "é", "1", "_", ".", ",", ":", "'", " ", "\r\n", "\u0301", "\u00ad"}
	// The Latin Extended letters, a class of their own, in fewer places.
	few := []string{"", "a", "1", ".", "'", "\u0301"}
	for _, r := range fastRunes() {
		s, places := string(r), around
		if 0x100 <= r && r < 0x250 {
			places = few
		}
		for _, x := range append(places, s) {
			for _, y := range append(places, s) {
				checkWordBreak(t, x+s+y)
			}
		}
	}
	if n := len(fastRunes()); n < 500 {
		t.Errorf("the fast path knows %d runes: it is seldom taken", n)
	}
}

func TestWordBreakTexts(t *testing.T) {
	t.Parallel()
	for _, tc := range wordsSplits {
		checkWordBreak(t, tc[0]+"\n"+tc[1])
	}
	for _, s := range []string{
		"Le corps d'un texte de l’État, 1,5 fois 2.0 ; aujourd'hui : «messagerie» – M075 [[2.1.1]] P1.1.1 e.g. a_b __ 3:4 x'1 1'2 a..b",
		"fin.", ".début", "a.", "1.", "a.1", "1.a", "a·b", "a:b:c", "1;2;3", "a_.b", "a._b", "l'", "'l", "", " ",
	} {
		checkWordBreak(t, s)
	}
}

// FuzzWordBreak compares the words of any text with the segmenter's, and
// of texts of the runes the fast path knows, which random bytes seldom
// make, drawn from the input's bytes.
func FuzzWordBreak(f *testing.F) {
	for _, tc := range wordsSplits {
		f.Add(tc[0] + "\n" + tc[1])
	}
	f.Add("Le corps d'un texte de l’État, 1,5 fois 2.0 ; aujourd'hui : M075 [[2.1.1]] a_b")
	runes := fastRunes()
	f.Fuzz(func(t *testing.T, s string) {
		checkWordBreak(t, s)
		var b []byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c < 0x80:
				b = append(b, c) // ASCII as it is: the boundaries are there
			default:
				b = utf8.AppendRune(b, runes[int(c)*len(runes)/256])
			}
		}
		checkWordBreak(t, string(b))
	})
}
