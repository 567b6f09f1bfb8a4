package search

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// How the index is written. Bleve's offline builder maps each document
// with the mapping, analyses each field on its own, writes batches as
// segments and merges them when it closes. Two of its costs are avoided
// here, for the same index:
//
//   - The words field is the title, summary, body and meta again, through
//     the first half of the French analysis (tokenizer, lower, fold,
//     elision), which the text fields run anyway. Each text is tokenised
//     once: the words take its terms at that point of its analysis, then
//     the text field's own analysis goes on from there. The words field
//     keeps its terms only (no positions, frequencies or norms), and the
//     tokenizer breaks at the newlines that join the texts, so they are
//     the terms of the joined text.
//   - Builders side by side merged the batches twice, once each at Close
//     and once for their parts. Here the batches are written side by side
//     and merged once, in catalogue order: a document's number is its
//     place in the catalogue (Bleve's builder numbers a batch in map
//     order).
//
// The documents are those the mapping makes of [document.fields], so an
// index written here and Update, which goes through the mapping, agree;
// TestSegmentMatchesBuilder compares every term, posting, stored field
// and doc value with Bleve's builder.

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
// goroutines.
func writeSegment(ctx context.Context, docs []document, dir string, workers, batch int) error {
	im, err := newMapping()
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		// The builder needs a document to write a root.
		idx, err := bleve.New(dir, im)
		if err != nil {
			return err
		}
		return idx.Close()
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
	files := make([]string, batches)
	errs := make([]error, batches)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, batches) {
		wg.Go(func() {
			for b := int(next.Add(1) - 1); b < batches; b = int(next.Add(1) - 1) {
				lo, hi := b*batch, min((b+1)*batch, len(docs))
				files[b] = filepath.Join(tmp, fmt.Sprintf("%06d.zap", b))
				errs[b] = x.writeBatch(ctx, docs[lo:hi], lo, files[b])
				if errs[b] != nil {
					next.Store(int64(batches)) // the others stop after their batch
				}
			}
		})
	}
	wg.Wait()
	// The first error, in catalogue order: after it, the others may only
	// say that they stopped.
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	final, err := writeRoot(im, docs[0], dir)
	if err != nil {
		return err
	}
	if len(files) == 1 {
		return os.Rename(files[0], final)
	}
	return mergeSegments(files, final)
}

// writeRoot writes what Bleve opens an index by: its meta file and
// store/root.bolt, which holds the mapping and names the segment file.
// Only Bleve's builder writes them, and it needs a segment: it indexes
// the first document alone, and writeRoot returns the path of that
// segment, to be replaced by the whole one.
func writeRoot(im mapping.IndexMapping, d document, dir string) (string, error) {
	b, err := bleve.NewBuilder(dir, im, map[string]any{
		"buildPathPrefix":     filepath.Dir(dir),
		"forceSegmentType":    segmentType,
		"forceSegmentVersion": segmentVersion,
	})
	if err != nil {
		return "", err
	}
	if err := b.Index(d.ID, d.fields(0)); err != nil {
		b.Close()
		return "", fmt.Errorf("%s: %w", d.ID, err)
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

// An indexer makes the index's documents of ours, analysed, as the
// mapping would with the analysis shared between a text's field and the
// words.
type indexer struct {
	fields    map[string]*mapping.FieldMapping
	analyzers map[string]analysis.Analyzer // of the fields analysed whole
	tokenizer analysis.Tokenizer
	words     []analysis.TokenFilter // the words' analysis, where the French starts
	fr        []analysis.TokenFilter // the rest of the French
	en        []analysis.TokenFilter
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
	chain := func(name string) (*analysis.DefaultAnalyzer, error) {
		a, ok := im.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
		if !ok || a.CharFilters != nil {
			return nil, fmt.Errorf("index mapping: analyzer %s is not a tokenizer and token filters", name)
		}
		return a, nil
	}
	words, err := chain(analyzerPrefix)
	if err != nil {
		return nil, err
	}
	fr, err := chain(analyzerFR)
	if err != nil {
		return nil, err
	}
	en, err := chain(analyzerEN)
	if err != nil {
		return nil, err
	}
	// The sharing rests on the words' analysis being where the French
	// starts, and on one tokenizer.
	n := len(words.TokenFilters)
	if len(fr.TokenFilters) < n || !reflect.DeepEqual(words.TokenFilters, fr.TokenFilters[:n]) ||
		!reflect.DeepEqual(words.Tokenizer, fr.Tokenizer) || !reflect.DeepEqual(words.Tokenizer, en.Tokenizer) {
		return nil, fmt.Errorf("index mapping: analyzer %s is not the start of %s", analyzerPrefix, analyzerFR)
	}
	x.tokenizer, x.words, x.fr, x.en = words.Tokenizer, words.TokenFilters, fr.TokenFilters[n:], en.TokenFilters
	// analysed.add keeps the words' terms only.
	if fm := x.fields[fieldWords]; fm == nil || !fm.Options().SkipFreqNorm() || fm.Options().IncludeTermVectors() {
		return nil, fmt.Errorf("index mapping: field %s missing, or keeping frequencies or term vectors", fieldWords)
	}
	return x, nil
}

// writeBatch writes the segment of docs, which start at position first
// of the catalogue, to path.
func (x *indexer) writeBatch(ctx context.Context, docs []document, first int, path string) error {
	results := make([]index.Document, len(docs))
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, err := x.document(d, first+i)
		if err != nil {
			return err
		}
		results[i] = doc
	}
	var plugin zap.ZapPlugin
	seg, _, err := plugin.New(results)
	if err != nil {
		return fmt.Errorf("index batch at %s: %w", docs[0].ID, err)
	}
	defer seg.Close()
	s, ok := seg.(segment.UnpersistedSegment)
	if !ok {
		return fmt.Errorf("index batch at %s: a %T cannot be written", docs[0].ID, seg)
	}
	return s.Persist(path)
}

// document returns the analysed document of d at position order, as the
// builder would index it: its fields, then its _id.
func (x *indexer) document(d document, order int) (*bdoc.Document, error) {
	values := d.fields(order)
	doc := bdoc.NewDocument(d.ID)
	words := &analysed{freqs: index.TokenFrequencies{}}
	// The tokenizer stops at the first byte that is not UTF-8: past one,
	// the words of the texts joined are not those of each text.
	wordsValue, _ := values[fieldWords].(string)
	shared := utf8.ValidString(wordsValue)
	var sc tokenScratch
	for _, name := range slices.Sorted(maps.Keys(values)) {
		fm := x.fields[name]
		if fm == nil {
			return nil, fmt.Errorf("%s: field %s is not in the index mapping", d.ID, name)
		}
		switch v := values[name].(type) {
		case string:
			switch {
			case name == fieldWords && shared:
				// Filled by the text fields, which come before it or
				// after: its frequencies are a map.
				words.TextField = bdoc.NewTextFieldCustom(name, nil, []byte(v), fm.Options(), nil)
				doc.AddField(words)
			case shared && (fm.Analyzer == analyzerFR || fm.Analyzer == analyzerEN):
				doc.AddField(x.text(fm, v, fm.Analyzer == analyzerEN, words, &sc))
			default:
				doc.AddField(x.whole(fm, nil, v))
			}
		case []string:
			for i, s := range v {
				doc.AddField(x.whole(fm, []uint64{uint64(i)}, s))
			}
		default:
			return nil, fmt.Errorf("%s: field %s: value of type %T", d.ID, name, v)
		}
	}
	if _, ok := values[fieldWords]; !ok {
		return nil, fmt.Errorf("%s: no field %s", d.ID, fieldWords)
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

// whole returns the field of a value analysed on its own (codes and
// facets), analysed with the document.
func (x *indexer) whole(fm *mapping.FieldMapping, arrayPositions []uint64, v string) *bdoc.TextField {
	return bdoc.NewTextFieldCustom(fm.Name, arrayPositions, []byte(v), fm.Options(), x.analyzers[fm.Name])
}

// text analyses a text field, French or English, and adds its words to
// words.
func (x *indexer) text(fm *mapping.FieldMapping, v string, english bool, words *analysed, sc *tokenScratch) *analysed {
	value := []byte(v)
	tokens := x.tokenizer.Tokenize(value)
	if english {
		// The English analysis does not start as the words' does: it
		// starts again from the tokenizer's tokens, whose terms the
		// filters replace (the stop filter also moves them in the
		// stream).
		sc.terms = sc.terms[:0]
		for _, t := range tokens {
			sc.terms = append(sc.terms, t.Term)
		}
		sc.tokens = append(sc.tokens[:0], tokens...)
		words.add(x.filter(x.words, sc.tokens))
		for i, t := range tokens {
			t.Term = sc.terms[i]
		}
		tokens = x.filter(x.en, tokens)
	} else {
		tokens = x.filter(x.words, tokens)
		words.add(tokens)
		tokens = x.filter(x.fr, tokens)
	}
	return &analysed{
		TextField: bdoc.NewTextFieldCustom(fm.Name, nil, value, fm.Options(), nil),
		length:    len(tokens),
		freqs:     analysis.TokenFrequency(tokens, nil, fm.Options()),
	}
}

// A tokenScratch is the space a document's analysis reuses from text to text.
type tokenScratch struct {
	tokens analysis.TokenStream
	terms  [][]byte
}

func (x *indexer) filter(filters []analysis.TokenFilter, tokens analysis.TokenStream) analysis.TokenStream {
	for _, f := range filters {
		tokens = f.Filter(tokens)
	}
	return tokens
}

// An analysed field is a text field whose analysis is done: by the
// indexer for a text, by adding those of the texts for the words.
type analysed struct {
	*bdoc.TextField
	length int
	freqs  index.TokenFrequencies
}

func (f *analysed) Analyze()                                         {}
func (f *analysed) AnalyzedLength() int                              { return f.length }
func (f *analysed) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// add adds the terms of tokens to the words field, as
// analysis.TokenFrequency does for a field without frequencies or term
// vectors.
func (f *analysed) add(tokens analysis.TokenStream) {
	f.length += len(tokens)
	for _, t := range tokens {
		if _, ok := f.freqs[string(t.Term)]; !ok {
			f.freqs[string(t.Term)] = &index.TokenFreq{Term: t.Term}
		}
	}
}

// workers returns the goroutines that write an index's batches.
func workers() int { return min(runtime.GOMAXPROCS(0), maxWorkers) }
