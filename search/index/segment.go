package index

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"catalogue/internal/parallel"
	"catalogue/internal/progress"
)

// How the index is written. Bleve's offline builder maps each document
// with the mapping, analyses each field on its own, writes batches as
// segments and merges them when it closes. Here, for the same index:
//
//   - Each text is tokenised once, Latin texts without the segmenter's
//     state machine (wordbreak.go). The words as written are the title,
//     summary, body and meta again, through the first half of the French
//     analysis (lower, fold, elision), and the tokenizer breaks at the
//     newlines that join the texts, so they are those of each text's
//     tokens. They go to the words' dictionary (words.go): each batch
//     gathers those of its groups, written once every batch is.
//   - Each distinct term is analysed once per goroutine: the filters read
//     a token's term and nothing else, and a catalogue uses few words many
//     times. Its analysis for the words and for its text's field is kept.
//   - A field's frequencies are counted into a map made to size, not
//     grown token by token, written once a term and not read: an analysed
//     term knows where it was last added. Values kept whole (ids, facets)
//     are counted the same way, without Bleve's analysis.
//   - A batch's fields are made of the memory of the analyser's previous
//     batch (arena.go): zap copies what it keeps.
//   - The batches are written side by side and merged once, in catalogue
//     order: a document's number is its place in the catalogue (Bleve's
//     builder numbers a batch in map order). Builders side by side
//     merged twice: each its batches, then the parts.
//
// The documents are those the mapping makes of [document.fields], and the
// words' those it makes of groupFields, so an index written here and
// Update, which goes through the mapping, agree: TestSegmentMatchesBuilder
// and TestSegmentOddTexts compare every term, posting, stored field and
// doc value of both indexes with Bleve's builder.

// batchSize is the number of documents of a segment before the merge:
// analysed documents are held until their segment is written, so batches
// keep memory flat as the catalogue grows.
const batchSize = 1000

// maxWorkers bounds the batches analysed and written at once, each
// holding its documents.
const maxWorkers = 4

// segmentType and segmentVersion are the segment format: zap's plugin
// writes the batches, and Bleve is told to write its root for the same.
const (
	segmentType    = "zap"
	segmentVersion = 17
)

// writeSegment writes an index of the documents into dir, a single
// segment, from batches of batch documents written by up to workers
// goroutines. spare, if not nil, is called at most once, when the
// writing leaves a core to spare: at the start if it never uses them
// all, else when the first goroutine finds no batch left. What follows —
// the last batches, the merge — runs on fewer cores than there are.
func writeSegment(ctx context.Context, docs []Document, dir string, workers, batch int, spare func()) error {
	im, err := newMapping()
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		// writeRoot needs a document; an empty index has no segment.
		if err := writeEmpty(dir, im); err != nil {
			return err
		}
		return writeWords(filepath.Join(dir, WordsDir), nil)
	}
	x, err := newIndexer(im)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".index-batches-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	batches := (len(docs) + batch - 1) / batch
	counted := progress.Of(ctx, progress.Index)
	counted.SetTotal(len(docs))
	files := make([]string, batches)
	// The words of each batch, by group from the batch's first.
	words := make([][]wordSet, batches)
	// Each goroutine keeps its analyser; the first error in catalogue
	// order wins, so that the same failure reads the same whichever
	// goroutine met it first.
	err = parallel.RunWith(ctx, batches, parallel.Options{Workers: workers, Errors: parallel.ByIndex, Spare: spare}, x.analyser,
		func(a *analyser, b int) error {
			lo, hi := b*batch, min((b+1)*batch, len(docs))
			files[b] = filepath.Join(tmp, fmt.Sprintf("%06d.zap", b))
			var err error
			words[b], err = a.writeBatch(ctx, docs[lo:hi], lo, files[b])
			counted.Add(hi - lo)
			return err
		})
	if err != nil {
		return err
	}
	final, err := writeRoot(im, docs[0].ID, docs[0].fields(0), dir)
	if err != nil {
		return err
	}
	if err := writeWords(filepath.Join(dir, WordsDir), joinGroups(words, batch, len(docs))); err != nil {
		return err
	}
	if len(files) == 1 {
		return os.Rename(files[0], final)
	}
	return mergeSegments(files, final)
}

// writeWithBuilder writes an index of the documents into dir the plain
// way, with Bleve's offline builder mapping each document's fields, as one
// segment (the builder numbers the documents of a batch in map order, so
// one batch keeps them in catalogue order), and its words' dictionary
// likewise: what writeSegment must match.
func writeWithBuilder(ctx context.Context, docs []Document, dir string) error {
	im, err := newMapping()
	if err != nil {
		return err
	}
	err = buildOneSegment(ctx, im, dir, len(docs), func(i int) (string, map[string]any, string) {
		return docs[i].ID, docs[i].fields(i), docs[i].ID
	})
	if err != nil {
		return err
	}
	return writeWordsWithBuilder(ctx, docs, filepath.Join(dir, WordsDir))
}

// writeEmpty writes an index without documents into dir, with the
// mapping im.
func writeEmpty(dir string, im mapping.IndexMapping) error {
	idx, err := bleve.New(dir, im)
	if err != nil {
		return err
	}
	return idx.Close()
}

// buildOneSegment writes n documents into dir with Bleve's offline
// builder and the mapping im, as one segment: doc returns the i-th's id,
// its fields, and what an error names it.
func buildOneSegment(ctx context.Context, im mapping.IndexMapping, dir string, n int, doc func(i int) (id string, fields map[string]any, name string)) error {
	if n == 0 {
		return writeEmpty(dir, im)
	}
	b, err := bleve.NewBuilder(dir, im, map[string]any{
		"batchSize":           n + 1, // one segment, no merge
		"buildPathPrefix":     filepath.Dir(dir),
		"forceSegmentType":    segmentType,
		"forceSegmentVersion": segmentVersion,
	})
	if err != nil {
		return err
	}
	for i := range n {
		if err := ctx.Err(); err != nil {
			b.Close()
			return err
		}
		id, fields, name := doc(i)
		if err := b.Index(id, fields); err != nil {
			b.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return b.Close()
}

// joinGroups returns the words of every group of n documents from those
// of batches of batch documents, each by group from its first.
func joinGroups(batches [][]wordSet, batch, n int) []wordSet {
	groups := make([]wordSet, groupCount(n))
	for b, sets := range batches {
		for i, set := range sets {
			g := b*batch/wordsGroup + i
			if groups[g] == nil {
				groups[g] = set
				continue
			}
			for w := range set {
				groups[g][w] = struct{}{}
			}
		}
	}
	return groups
}

// writeRoot writes what Bleve opens an index by: its meta file and
// store/root.bolt, which holds the mapping and names the segment file.
// Only Bleve's builder writes them, and it needs a segment: it indexes
// a document alone, the fields of id, and writeRoot returns the path of
// that segment, to be replaced by the whole one.
func writeRoot(im mapping.IndexMapping, id string, fields map[string]any, dir string) (string, error) {
	b, err := bleve.NewBuilder(dir, im, map[string]any{
		"buildPathPrefix":     filepath.Dir(dir),
		"forceSegmentType":    segmentType,
		"forceSegmentVersion": segmentVersion,
	})
	if err != nil {
		return "", err
	}
	if err := b.Index(id, fields); err != nil {
		b.Close()
		return "", fmt.Errorf("%s: %w", id, err)
	}
	if err := b.Close(); err != nil {
		return "", err
	}
	files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		return "", err
	}
	if len(files) != 1 {
		return "", fmt.Errorf("index %s: %d segment files, want 1", dir, len(files))
	}
	return files[0], nil
}

// mergeSegments merges the segment files, in that order, into one at
// path: documents are numbered in the files' order.
func mergeSegments(files []string, path string) error {
	var plugin zap.ZapPlugin
	var segs []segment.Segment
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	for _, f := range files {
		s, err := plugin.Open(f)
		if err != nil {
			return fmt.Errorf("index batch %s: %w", f, err)
		}
		segs = append(segs, s)
	}
	merged := path + ".merged"
	if _, _, err := plugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), merged, nil, nil); err != nil {
		return fmt.Errorf("merging the index batches: %w", err)
	}
	return os.Rename(merged, path)
}

// An indexer makes the index's documents of ours, analysed as the
// mapping would analyse them.
type indexer struct {
	fields    map[string]*mapping.FieldMapping
	analyzers map[string]analysis.Analyzer // by field
	// The token filters of the words' analysis and of the French and
	// English ones, which share the Unicode tokenizer.
	words, fr, en []analysis.TokenFilter
	// wordsAnalyzer analyses the words of a document whose texts are not
	// UTF-8 (see analyser.document).
	wordsAnalyzer analysis.Analyzer
}

func newIndexer(im *mapping.IndexMappingImpl) (*indexer, error) {
	x := &indexer{fields: map[string]*mapping.FieldMapping{}, analyzers: map[string]analysis.Analyzer{}}
	for name, dm := range im.DefaultMapping.Properties {
		if !dm.Enabled {
			continue // _all
		}
		if len(dm.Fields) != 1 {
			return nil, fmt.Errorf("index mapping: field %s: %d mappings, want 1", name, len(dm.Fields))
		}
		x.fields[name] = dm.Fields[0]
		if a := im.AnalyzerNamed(dm.Fields[0].Analyzer); a != nil {
			x.analyzers[name] = a
		} else {
			return nil, fmt.Errorf("index mapping: field %s: no analyzer %q", name, dm.Fields[0].Analyzer)
		}
	}
	if x.wordsAnalyzer = im.AnalyzerNamed(AnalyzerPrefix); x.wordsAnalyzer == nil {
		return nil, fmt.Errorf("index mapping: no analyzer %q", AnalyzerPrefix)
	}
	filters := func(name string) ([]analysis.TokenFilter, error) {
		a, ok := im.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
		if !ok || a.CharFilters != nil {
			return nil, fmt.Errorf("index mapping: analyzer %s is not a tokenizer and token filters", name)
		}
		if _, ok := a.Tokenizer.(*unicodetok.UnicodeTokenizer); !ok {
			return nil, fmt.Errorf("index mapping: analyzer %s: tokenizer %T, want Unicode's", name, a.Tokenizer)
		}
		for _, f := range a.TokenFilters {
			switch f.(type) {
			case lowerTokenFilter, foldTokenFilter, *elision.ElisionFilter, *stop.StopTokensFilter,
				*fr.FrenchLightStemmerFilter, *en.PossessiveFilter, *porter.PorterStemmer:
			default:
				return nil, fmt.Errorf("index mapping: analyzer %s: token filter %T may not analyse a term on its own", name, f)
			}
		}
		return a.TokenFilters, nil
	}
	var err error
	if x.words, err = filters(AnalyzerPrefix); err != nil {
		return nil, err
	}
	if x.fr, err = filters(AnalyzerFR); err != nil {
		return nil, err
	}
	if x.en, err = filters(AnalyzerEN); err != nil {
		return nil, err
	}
	return x, nil
}

// writeBatch writes the segment of docs, which start at position first
// of the catalogue, to path, and returns their words, by group from that
// of the first.
func (a *analyser) writeBatch(ctx context.Context, docs []Document, first int, path string) ([]wordSet, error) {
	// Zap copies what it keeps of the fields: once it has made the
	// segment, their memory is the next batch's.
	defer a.memory.reuse()
	results := make([]bleveindex.Document, len(docs))
	var words []wordSet
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		at := first + i
		if g := at/wordsGroup - first/wordsGroup; g == len(words) {
			words = append(words, wordSet{})
		}
		doc, err := a.document(d, at, words[len(words)-1])
		if err != nil {
			return nil, err
		}
		results[i] = doc
	}
	var plugin zap.ZapPlugin
	seg, _, err := plugin.New(results)
	if err != nil {
		return nil, fmt.Errorf("index batch at %s: %w", docs[0].ID, err)
	}
	defer seg.Close()
	s, ok := seg.(segment.UnpersistedSegment)
	if !ok {
		return nil, fmt.Errorf("index batch at %s: a %T cannot be written", docs[0].ID, seg)
	}
	return words, s.Persist(path)
}

// An analyser analyses documents for one goroutine. The filters of the
// analyses read a token's term and nothing else (newIndexer checks their
// types), and a text holds few words many times: each term as the
// tokenizer cuts it is analysed once, and its analysis kept.
type analyser struct {
	*indexer
	terms   [2]map[string]*termAnalysis // French, English
	stamp   uint64                      // of the last document or field counted
	tokens  []tokenAt                   // of the document's texts
	breaker wordBreaker
	memory  batchMemory           // of the batch's fields
	lasts   [2]map[string]*freqOf // by language and analysed term: see termOut.last
	keep    int                   // analyses kept at most, by language: maxTerms
}

// maxTerms bounds the analyses an analyser keeps, by language: the words
// of a language, with room for codes and numbers.
const maxTerms = 1 << 17

func (x *indexer) analyser() *analyser {
	return &analyser{indexer: x, terms: [2]map[string]*termAnalysis{{}, {}}, keep: maxTerms}
}

// A termAnalysis is what a term of the tokenizer becomes in the words and
// in its text's field.
type termAnalysis struct {
	word, term termOut
	// The stamps of the document and field it was last counted in: a
	// document's words take it once, and the distinct terms of a field
	// are counted before its map is filled.
	inDoc, inField uint64
}

// A freqOf is the frequencies of an analysed term in the field of a
// stamp: where it was last added.
type freqOf struct {
	stamp uint64
	tf    *bleveindex.TokenFreq
}

// A termOut is an analysed term, or none when a filter dropped it (a
// stop word).
type termOut struct {
	key   string // the term, as a key of the frequencies
	bytes []byte // the term, as a token's
	ok    bool
	// Where the term was last added, shared by every analysis that makes
	// it (développe and développement both make develop) for the texts of
	// a language: a field whose stamp is not there has not had the term
	// yet, and its map need not be read. Nil for the words, and when the
	// analyser keeps no more terms: then the field's map says.
	last *freqOf
}

// A tokenAt is a token of a text: its analysis and where it is.
type tokenAt struct {
	*termAnalysis
	start, end, pos int
}

// analysis returns the analysis of a term of the tokenizer.
func (a *analyser) analysis(term []byte, english bool) *termAnalysis {
	lang, rest := 0, a.fr
	if english {
		lang, rest = 1, a.en
	}
	if t, ok := a.terms[lang][string(term)]; ok {
		return t
	}
	t := &termAnalysis{word: filterTerm(a.words, term), term: filterTerm(rest, term)}
	t.term.last = a.last(lang, t.term)
	if len(a.terms[lang]) < a.keep {
		a.terms[lang][string(term)] = t
	}
	return t
}

// last returns where an analysed term was last added to a field of the
// texts of a language, nil when the analyser keeps no more terms.
func (a *analyser) last(of int, t termOut) *freqOf {
	if !t.ok {
		return nil
	}
	if l, ok := a.lasts[of][t.key]; ok {
		return l
	}
	if len(a.lasts[of]) >= a.keep {
		return nil
	}
	if a.lasts[of] == nil {
		a.lasts[of] = map[string]*freqOf{}
	}
	l := &freqOf{}
	a.lasts[of][t.key] = l
	return l
}

// filterTerm runs the filters over a token of term alone.
func filterTerm(filters []analysis.TokenFilter, term []byte) termOut {
	// A copy, for a filter may return the term it is given, which is in
	// the text, and the analysis outlives the text.
	stream := analysis.TokenStream{{Term: bytes.Clone(term), End: len(term), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range filters {
		stream = f.Filter(stream)
	}
	if len(stream) == 0 {
		return termOut{}
	}
	return termOut{key: string(stream[0].Term), bytes: stream[0].Term, ok: true}
}

// document returns the analysed document of d at position order, as the
// builder would index it: its fields, then its _id. It adds d's words as
// written to words.
func (a *analyser) document(d Document, order int, words wordSet) (*bdoc.Document, error) {
	values := d.fields(order)
	doc := bdoc.NewDocument(d.ID)
	if a.joinedWords(d, words) {
		words = nil // not from the texts' tokens
	}
	type text struct {
		fm             *mapping.FieldMapping
		value          []byte
		tokens         []tokenAt
		kept, distinct int
	}
	var texts []text
	a.tokens = a.tokens[:0]
	a.stamp++
	docStamp := a.stamp
	for _, name := range slices.Sorted(maps.Keys(values)) {
		fm := a.fields[name]
		if fm == nil {
			return nil, fmt.Errorf("%s: field %s is not in the index mapping", d.ID, name)
		}
		switch v := values[name].(type) {
		case string:
			if fm.Analyzer != AnalyzerFR && fm.Analyzer != AnalyzerEN {
				doc.AddField(a.whole(fm, nil, v))
				break
			}
			from, value := len(a.tokens), []byte(v)
			a.tokenize(value, fm.Analyzer == AnalyzerEN)
			a.stamp++
			t := text{fm: fm, value: value, tokens: a.tokens[from:]}
			for _, tok := range t.tokens {
				if tok.term.ok {
					t.kept++
					if tok.inField != a.stamp {
						tok.inField = a.stamp
						t.distinct++
					}
				}
				if tok.word.ok && words != nil && tok.inDoc != docStamp {
					tok.inDoc = docStamp
					words[tok.word.key] = struct{}{}
				}
			}
			texts = append(texts, t)
		case []string:
			for i, s := range v {
				doc.AddField(a.whole(fm, []uint64{uint64(i)}, s))
			}
		default:
			return nil, fmt.Errorf("%s: field %s: value of type %T", d.ID, name, v)
		}
	}
	for _, t := range texts {
		f := a.newAnalysed(t.fm, nil, t.value, t.distinct, t.kept)
		a.stamp++
		f.stamp = a.stamp
		for _, tok := range t.tokens {
			f.add(tok.term, tok.start, tok.end, tok.pos)
		}
		doc.AddField(f)
	}
	doc.AddIDField()
	for _, f := range doc.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
		}
	}
	doc.SetIndexed()
	return doc, nil
}

// whole returns the field of a value that is not one of the texts: kept
// whole, as the keyword analyzer keeps it (one token, the value), or
// else analysed by Bleve, with the document.
func (a *analyser) whole(fm *mapping.FieldMapping, arrayPositions []uint64, v string) bdoc.Field {
	value := []byte(v)
	if fm.Analyzer != analyzerCode {
		return bdoc.NewTextFieldCustom(fm.Name, arrayPositions, value, fm.Options(), a.analyzers[fm.Name])
	}
	f := a.newAnalysed(fm, arrayPositions, value, 1, 1)
	f.add(termOut{key: v, bytes: value, ok: true}, 0, len(value), 1)
	return f
}

// tokenize appends the tokens of a text, French or English, to
// a.tokens. It cuts the text as Bleve's Unicode tokenizer does.
func (a *analyser) tokenize(v []byte, english bool) {
	for i, w := range a.breaker.words(v) {
		a.tokens = append(a.tokens, tokenAt{a.analysis(v[w.start:w.end], english), w.start, w.end, i + 1})
	}
}

// An analysed field is a text field whose analysis is done: by the
// analyser, from its text's tokens, or those of every text for the words.
type analysed struct {
	bdoc.TextField
	options bleveindex.FieldIndexingOptions
	length  int
	freqs   bleveindex.TokenFrequencies
	tfs     []bleveindex.TokenFreq     // the next terms' frequencies
	locs    []bleveindex.TokenLocation // the next term vectors
	stamp   uint64                     // unique to the field, 0 for one whose terms have no termOut.last
}

// newAnalysed returns a field to add at most distinct terms and tokens
// to, made of the batch's memory.
func (a *analyser) newAnalysed(fm *mapping.FieldMapping, arrayPositions []uint64, v []byte, distinct, tokens int) *analysed {
	f := a.memory.fields.one()
	*f = analysed{
		TextField: *bdoc.NewTextFieldCustom(fm.Name, arrayPositions, v, fm.Options(), nil),
		options:   fm.Options(),
		freqs:     a.memory.freqMap(distinct),
		tfs:       a.memory.freqs.take(distinct),
	}
	if f.options.IncludeTermVectors() {
		f.locs = a.memory.locs.take(tokens)
	}
	return f
}

func (f *analysed) Analyze()                                              {}
func (f *analysed) AnalyzedLength() int                                   { return f.length }
func (f *analysed) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return f.freqs }

// add counts a token of the field, as analysis.TokenFrequency does.
func (f *analysed) add(t termOut, start, end, pos int) {
	if !t.ok {
		return
	}
	f.length++
	var tf *bleveindex.TokenFreq
	switch {
	case t.last == nil || f.stamp == 0:
		tf = f.freqs[t.key]
	case t.last.stamp == f.stamp:
		tf = t.last.tf
	}
	if tf == nil {
		// The slices were made to size, and are never grown: the map
		// points into them.
		if len(f.tfs) == cap(f.tfs) {
			f.tfs = make([]bleveindex.TokenFreq, 0, 8)
		}
		f.tfs = append(f.tfs, bleveindex.TokenFreq{Term: t.bytes})
		tf = &f.tfs[len(f.tfs)-1]
		f.freqs[t.key] = tf
	}
	if t.last != nil && f.stamp != 0 {
		*t.last = freqOf{f.stamp, tf}
	}
	if f.options.IncludeTermVectors() {
		if len(f.locs) == cap(f.locs) {
			f.locs = make([]bleveindex.TokenLocation, 0, 8)
		}
		f.locs = append(f.locs, bleveindex.TokenLocation{ArrayPositions: f.ArrayPositions(), Start: start, End: end, Position: pos})
		tf.Locations = append(tf.Locations, &f.locs[len(f.locs)-1])
	}
	if !f.options.SkipFreqNorm() {
		tf.SetFrequency(tf.Frequency() + 1)
	}
}

// workers returns the goroutines that write an index's batches.
func workers() int { return min(runtime.GOMAXPROCS(0), maxWorkers) }
