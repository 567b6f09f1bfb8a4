package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// The words' dictionary. The words as written (FieldWords) are what typos
// are matched against and what tells a word the content has from one it
// lacks; nothing asks which entry has them. Held by each entry's document
// they were 60 % of the index's postings (at 10,000 entries, 574,000 of
// 954,000), and a quarter of zap's conversion of the batches. So they
// are an index of their own, in the folder WordsDir of the index, whose
// documents each hold the words of a group of wordsGroup entries, by
// catalogue position: the same dictionary, with a nineteenth of the
// postings. The entries' index keeps its documents to the entries, so
// that its counts, scores and listings are those of the entries alone:
// a document of words in it would change every idf.
//
// An in-place update (Update) reads the groups' words back from the
// dictionary, analyses again those of the groups of the entries edited,
// and writes the dictionary anew: a word an edit removed is gone from it,
// where a document replaced in a Bleve index leaves its terms in the
// dictionary of its old segment.

// WordsDir is the folder of the words' dictionary in the index folder.
const WordsDir = "words"

// wordsGroup is the number of entries whose words one document of the
// words' dictionary holds. More makes fewer postings (at 10,000 entries:
// 574,000 by entry, 131,000 by 100, 30,000 by 1,000), fewer makes an
// update analyse fewer entries again.
const wordsGroup = 1000

// A wordSet is the distinct words, as the analysis made them, of a group
// of entries.
type wordSet map[string]struct{}

// groupCount returns the number of groups of n entries.
func groupCount(n int) int { return (n + wordsGroup - 1) / wordsGroup }

// groupID is the id of the words' document of group g: the catalogue
// position of its first entry.
func groupID(g int) string { return orderKey(g * wordsGroup) }

// groupOf returns the group of a words' document id.
func groupOf(id string) (int, error) {
	first, err := strconv.Atoi(id)
	if err != nil || first < 0 || first%wordsGroup != 0 {
		return 0, fmt.Errorf("words' document %q: not a group", id)
	}
	return first / wordsGroup, nil
}

// groupFields are the fields of the words' document of docs, a group,
// as Bleve's mapping takes them: the words of each document, analysed
// one by one.
func groupFields(docs []Document) map[string]any {
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.wordsText()
	}
	return map[string]any{FieldWords: texts}
}

// writeWords writes the words' dictionary of the groups into dir, a new
// folder: a Bleve index of one segment, a document a group.
func writeWords(dir string, groups []wordSet) error {
	im, err := newWordsMapping()
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return writeEmpty(dir, im)
	}
	fm := im.DefaultMapping.Properties[FieldWords].Fields[0]
	docs := make([]bleveindex.Document, len(groups))
	for g, set := range groups {
		doc := bdoc.NewDocument(groupID(g))
		f := &analysed{
			TextField: *bdoc.NewTextFieldCustom(fm.Name, nil, nil, fm.Options(), nil),
			options:   fm.Options(),
			freqs:     make(bleveindex.TokenFrequencies, len(set)),
			tfs:       make([]bleveindex.TokenFreq, 0, len(set)),
		}
		for w := range set {
			f.add(termOut{key: w, bytes: []byte(w), ok: true}, 0, 0, 0)
		}
		doc.AddField(f)
		doc.AddIDField()
		for _, f := range doc.Fields {
			f.Analyze()
		}
		doc.SetIndexed()
		docs[g] = doc
	}
	final, err := writeRoot(im, groupID(0), map[string]any{}, dir)
	if err != nil {
		return err
	}
	var plugin zap.ZapPlugin
	seg, _, err := plugin.New(docs)
	if err != nil {
		return fmt.Errorf("words' dictionary: %w", err)
	}
	defer seg.Close()
	s, ok := seg.(segment.UnpersistedSegment)
	if !ok {
		return fmt.Errorf("words' dictionary: a %T cannot be written", seg)
	}
	// Persist writes a new file: the root's segment is replaced whole.
	if err := os.Remove(final); err != nil {
		return err
	}
	return s.Persist(final)
}

// writeWordsWithBuilder writes the words' dictionary of docs into dir
// with Bleve's offline builder: what writeWords must match.
func writeWordsWithBuilder(ctx context.Context, docs []Document, dir string) error {
	im, err := newWordsMapping()
	if err != nil {
		return err
	}
	return buildOneSegment(ctx, im, dir, groupCount(len(docs)), func(g int) (string, map[string]any, string) {
		lo, hi := g*wordsGroup, min((g+1)*wordsGroup, len(docs))
		return groupID(g), groupFields(docs[lo:hi]), "words of " + docs[lo].ID + " to " + docs[hi-1].ID
	})
}

// OpenWords opens the words' dictionary of the index built in dir, whose
// manifest is m, read-only.
func OpenWords(dir string, m Manifest) (bleve.Index, error) {
	wdir := filepath.Join(dir, WordsDir)
	if _, err := os.Stat(filepath.Join(wdir, "store", "root.bolt")); err != nil {
		return nil, fmt.Errorf("search index %s: broken (%v): run catalogue build", dir, err)
	}
	idx, err := bleve.OpenUsing(wdir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("search index %s: %v (is a build writing it?)", dir, err)
	}
	n, err := idx.DocCount()
	if err == nil && int(n) != groupCount(m.Entries) {
		err = fmt.Errorf("its words' dictionary holds %d groups, %d entries make %d", n, m.Entries, groupCount(m.Entries))
	}
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("search index %s: broken: %v: run catalogue build", dir, err)
	}
	return idx, nil
}

// readWords reads back the words of each of the groups of the words'
// dictionary in dir.
func readWords(ctx context.Context, dir string, groups int) ([]wordSet, error) {
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("words' dictionary %s: %v", dir, err)
	}
	defer idx.Close()
	rd, err := Reader(idx)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	out := make([]wordSet, groups)
	for g := range out {
		out[g] = wordSet{}
	}
	groupOfDoc := map[uint64]int{} // by internal number
	fd, err := rd.FieldDict(FieldWords)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil || e == nil {
			return out, err
		}
		tfr, err := rd.TermFieldReader(ctx, []byte(e.Term), FieldWords, false, false, false)
		if err != nil {
			return nil, err
		}
		for {
			p, err := tfr.Next(nil)
			if err == nil && p == nil {
				break
			}
			if err != nil {
				tfr.Close()
				return nil, err
			}
			n := p.ID.Value()
			g, ok := groupOfDoc[n]
			if !ok {
				id, err := rd.ExternalID(p.ID)
				if err == nil {
					g, err = groupOf(id)
				}
				if err == nil && g >= groups {
					err = fmt.Errorf("words' document %q: past the %d groups of the entries", id, groups)
				}
				if err != nil {
					tfr.Close()
					return nil, err
				}
				groupOfDoc[n] = g
			}
			out[g][e.Term] = struct{}{}
		}
		if err := tfr.Close(); err != nil {
			return nil, err
		}
	}
}

// addWords adds the words as written of d to words, as document does,
// without the rest of its analysis: what an update needs of the entries
// of a group.
func (a *analyser) addWords(d Document, words wordSet) {
	if a.joinedWords(d, words) {
		return
	}
	for _, text := range []string{d.Title, d.Summary, d.Body, d.Meta} {
		v := []byte(text)
		for _, w := range a.breaker.words(v) {
			if t := a.analysis(v[w.start:w.end], d.Lang == "en"); t.word.ok {
				words[t.word.key] = struct{}{}
			}
		}
	}
}

// joinedWords adds the words as written of d to words and returns true
// when its texts are not UTF-8. The tokenizer stops at the first byte
// that is not: past one, the words of the texts joined are not those of
// each text, and Bleve's analyzer takes them from the texts joined (as
// groupFields gives them to Bleve), not from the texts' tokens.
func (a *analyser) joinedWords(d Document, words wordSet) bool {
	if utf8.ValidString(d.Title) && utf8.ValidString(d.Summary) && utf8.ValidString(d.Body) && utf8.ValidString(d.Meta) {
		return false
	}
	for _, tok := range a.wordsAnalyzer.Analyze([]byte(d.wordsText())) {
		words[string(tok.Term)] = struct{}{}
	}
	return true
}

// updateWords writes the words' dictionary of the index in indexDir
// anew for an edit of the entries with the given ids: those of their
// groups from docs, the others' as the dictionary had them.
func updateWords(ctx context.Context, docs []Document, indexDir string, ids []string) error {
	dir := filepath.Join(indexDir, WordsDir)
	groups, err := readWords(ctx, dir, groupCount(len(docs)))
	if err != nil {
		return err
	}
	im, err := newMapping()
	if err != nil {
		return err
	}
	x, err := newIndexer(im)
	if err != nil {
		return err
	}
	a := x.analyser()
	for g := range groups {
		lo, hi := g*wordsGroup, min((g+1)*wordsGroup, len(docs))
		if !slices.ContainsFunc(docs[lo:hi], func(d Document) bool { return slices.Contains(ids, d.ID) }) {
			continue
		}
		groups[g] = wordSet{}
		for _, d := range docs[lo:hi] {
			a.addWords(d, groups[g])
		}
	}
	tmp := dir + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := writeWords(tmp, groups); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}
