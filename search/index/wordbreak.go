package index

import (
	"unicode/utf8"

	wordseg "github.com/blevesearch/segment"
)

// Where the words of a text are, as Bleve's Unicode tokenizer finds them
// (github.com/blevesearch/segment, Unicode 8.0's word boundaries, UAX
// #29). Its state machine costs about 20 ns a byte, a fifth of the
// analysis of a catalogue; the catalogue's texts are Latin script, whose
// word boundaries take a few lines: a word is a run of letters, digits
// and underscores, which a colon, middle dot, period, apostrophe (’ too)
// joins between two letters, and a comma, semicolon, period or apostrophe
// between two digits. Every other character of the runes below ends a
// word. A text with any other rune (a combining mark, a soft hyphen,
// another script, a byte that is not UTF-8) goes to the segmenter whole.
// TestWordBreakRunes and FuzzWordBreak compare the two.

// A wordClass is a rune's word-break property, for the runes the fast
// path knows.
type wordClass uint8

const (
	wbUnknown   wordClass = iota // not known here: the segmenter decides
	wbOther                      // ends a word
	wbLetter                     // ALetter
	wbDigit                      // Numeric
	wbExtend                     // ExtendNumLet: the underscore
	wbMidLetter                  // MidLetter: joins two letters
	wbMidNum                     // MidNum: joins two digits
	wbMidBoth                    // MidNumLet and Single_Quote: either
)

// latinWordClasses holds the class of each rune before U+0250, the end
// of the Latin Extended blocks: ASCII, Latin-1 and the Latin letters.
var latinWordClasses = func() (t [0x250]wordClass) {
	for r := range rune(len(t)) {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', r == 0xAA, r == 0xB5, r == 0xBA,
			0xC0 <= r && r != 0xD7 && r != 0xF7:
			t[r] = wbLetter
		case '0' <= r && r <= '9':
			t[r] = wbDigit
		case r == '_':
			t[r] = wbExtend
		case r == ':', r == 0xB7:
			t[r] = wbMidLetter
		case r == ',', r == ';':
			t[r] = wbMidNum
		case r == '.', r == '\'':
			t[r] = wbMidBoth
		case r == 0xAD: // soft hyphen: Format, which clings to the rune before
			t[r] = wbUnknown
		default:
			t[r] = wbOther
		}
	}
	return t
}()

// wordClassOf returns the class of r, wbUnknown for a rune the fast path
// leaves to the segmenter.
func wordClassOf(r rune) wordClass {
	if r < rune(len(latinWordClasses)) {
		return latinWordClasses[r]
	}
	switch r {
	case '‘', '’', '․': // U+2018, U+2019, U+2024
		return wbMidBoth
	case '‧': // U+2027, hyphenation point
		return wbMidLetter
	case '‐', '‑', '‒', '–', '—', '―', '‖', '‗', '‚', '‛', '“', '”', '„', '‟', '†', '‡', '•', '‣', '‥', '…', ' ', '€':
		return wbOther
	}
	return wbUnknown
}

// A wordBreaker finds the words of texts, reusing its buffers.
type wordBreaker struct {
	spans []span
	segs  [][]byte // the segmenter's, when it decides
	types []int
}

// A span is where a word is in its text: text[start:end].
type span struct{ start, end int }

// words returns the spans of the words of text, in order, valid until
// the next call.
func (w *wordBreaker) words(text []byte) []span {
	if spans, ok := w.latinWords(text); ok {
		return spans
	}
	return w.segmenterWords(text)
}

// latinWords finds the words of a text of the runes wordClassOf knows;
// false if it has another.
func (w *wordBreaker) latinWords(text []byte) ([]span, bool) {
	w.spans = w.spans[:0]
	start := -1        // of the word being read, -1 between words
	var prev wordClass // the class of the rune before i
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		c := wordClassOf(r)
		switch c {
		case wbUnknown:
			return nil, false
		case wbLetter, wbDigit, wbExtend:
			if start < 0 {
				start = i
			}
		case wbMidLetter, wbMidNum, wbMidBoth:
			if start >= 0 && joins(prev, c, text[i+size:]) {
				break // the word goes on past the mark
			}
			fallthrough
		default:
			if start >= 0 {
				w.spans = append(w.spans, span{start, i})
				start = -1
			}
		}
		prev = c
		i += size
	}
	if start >= 0 {
		w.spans = append(w.spans, span{start, len(text)})
	}
	return w.spans, true
}

// joins tells whether the mark of class mid, after a rune of class prev,
// joins it to the rune at the start of rest: two letters or two digits.
func joins(prev, mid wordClass, rest []byte) bool {
	if len(rest) == 0 {
		return false
	}
	r := rune(rest[0])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRune(rest)
	}
	next := wordClassOf(r)
	switch {
	case prev == wbLetter && next == wbLetter:
		return mid == wbMidLetter || mid == wbMidBoth
	case prev == wbDigit && next == wbDigit:
		return mid == wbMidNum || mid == wbMidBoth
	}
	return false
}

// segmenterWords finds the words of text with the segmenter, in one call
// over the whole text (which cuts it as its Segmenter, a token a call,
// does: FuzzWordBreak).
func (w *wordBreaker) segmenterWords(text []byte) []span {
	w.spans = w.spans[:0]
	// An error stops the segmenter where it is, as it stops the
	// tokenizer: the words before are kept.
	w.segs, w.types, _, _ = wordseg.SegmentWordsDirect(text, w.segs[:0], w.types[:0])
	start := 0
	for i, s := range w.segs {
		end := start + len(s)
		if w.types[i] != wordseg.None {
			w.spans = append(w.spans, span{start, end})
		}
		start = end
	}
	clear(w.segs) // they point into the text
	return w.spans
}
