package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"catalogue/generator/content"
	"catalogue/generator/markdown"
	"catalogue/internal/parallel"
)

// Format is the version of what the index holds and how it is analysed,
// and of the static search files' shape (search/static/doc.go). Bump it
// whenever the mapping, the analysis, the documents or the static files
// change shape: an index of another format is refused as stale, and so
// are static files by the client (FORMAT in
// themes/default/static/js/search.js.d/2-engine.js). It is part of the
// content hash, so the static files of another format are in another
// version folder, which hosts do not serve from a cache of the old one.
//
// Format 3 moved the words as written out of the entries' documents into
// the words' dictionary beside the index (words.go); the static files
// are those of format 2.
const Format = 3

// The fields of the index. Text fields exist once per language, each
// analysed by its language's analyzer; an entry fills those of its own
// language only.
const (
	FieldTitleFR   = "title_fr"
	FieldSummaryFR = "summary_fr"
	FieldBodyFR    = "body_fr"
	FieldMetaFR    = "meta_fr"
	FieldTitleEN   = "title_en"
	FieldSummaryEN = "summary_en"
	FieldBodyEN    = "body_en"

	FieldCode  = "code"  // the entry's id, lowercase
	FieldRefs  = "refs"  // ids of the entries it is linked to, both ways
	FieldOrder = "order" // position in the catalogue, to break ties
	// Every word as written, folded: what typos are matched against. The
	// field of the words' dictionary (words.go), not of the entries'
	// documents.
	FieldWords = "words"

	// The facets.
	FieldKind      = "kind"
	FieldStatus    = "status"
	FieldTheme     = "theme"
	FieldOwner     = "owner"
	FieldProgramme = "programme"
	FieldPriority  = "priority"
	FieldLang      = "lang"
)

// facetFields are the facets, in the order the search page shows them.
func FacetFields() []string {
	return []string{FieldKind, FieldTheme, FieldStatus, FieldPriority, FieldProgramme, FieldOwner, FieldLang}
}

// A document is what the index holds of one entry.
type Document struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Lang      string   `json:"lang"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"` // the summary, or the opening of the body
	Body      string   `json:"body"`
	Meta      string   `json:"meta"` // owners, operator, publisher, theme labels
	Refs      []string `json:"refs"`
	Status    string   `json:"status"`
	Themes    []string `json:"themes"`
	Owners    []string `json:"owners"`
	Programme string   `json:"programme"`
	Priority  string   `json:"priority"`
}

// ledeLen bounds the opening of a body that stands for a missing summary
// in results.
const ledeLen = 280

// documents returns the documents of the catalogue's entries, in catalogue
// order.
//
// The documents are made on every core, in chunks: it is on the build's
// critical path, and each document depends on its entry and the site alone,
// which nothing writes meanwhile.
func Documents(cat *content.Catalogue) []Document {
	docs := make([]Document, len(cat.Entries))
	chunks := (len(docs) + documentChunk - 1) / documentChunk
	parallel.Run(context.Background(), chunks, parallel.Options{}, func(c int) error {
		for i := c * documentChunk; i < min(len(docs), (c+1)*documentChunk); i++ {
			docs[i] = newDocument(cat.Site, cat.Entries[i])
		}
		return nil
	})
	return docs
}

// documentChunk is how many documents a worker makes at a time: enough
// that taking a chunk costs nothing beside them.
const documentChunk = 64

func newDocument(site *content.Site, e *content.Entry) Document {
	d := Document{
		ID:      e.ID,
		Kind:    string(e.Kind),
		Lang:    string(e.Lang),
		Title:   e.Title,
		Summary: e.Summary,
		Body:    e.BodyText(),
		Status:  string(e.Status),
		Themes:  slices.Clone(e.Themes),
	}
	if d.Lang != "en" {
		d.Lang = "fr"
	}
	if d.Summary == "" {
		d.Summary = Lede(d.Body, ledeLen)
	}
	var meta []string
	// An owner is found by its label and its full names, as the pages
	// show it; its facet value is its id.
	for _, o := range e.Owners {
		if ow, ok := site.OwnerByID(o); ok {
			meta = append(meta, ow.Label, ow.FR, ow.EN)
		} else {
			meta = append(meta, o)
		}
		if s := markdown.Slug(o); !slices.Contains(d.Owners, s) {
			d.Owners = append(d.Owners, s)
		}
	}
	switch {
	case e.Action != nil:
		meta = append(meta, e.Action.Portage)
		d.Programme = e.Action.Programme
		d.Priority = string(e.Action.Priority)
	case e.Service != nil:
		meta = append(meta, e.Service.Operator)
	case e.Source != nil:
		meta = append(meta, e.Source.Publisher)
	case e.IOP != nil:
		meta = append(meta, e.IOP.CSI...)
	}
	for _, id := range e.Themes {
		if t, ok := site.ThemeByID(id); ok {
			meta = append(meta, t.FR, t.EN)
		}
	}
	meta = slices.DeleteFunc(meta, func(s string) bool { return strings.TrimSpace(s) == "" })
	d.Meta = strings.Join(meta, "\n")
	self := strings.ToLower(e.ID)
	for _, links := range [...][]content.Link{e.Links, e.Backlinks} {
		for _, l := range links {
			if id := strings.ToLower(l.Entry.ID); id != self && !slices.Contains(d.Refs, id) {
				d.Refs = append(d.Refs, id)
			}
		}
	}
	slices.Sort(d.Refs)
	return d
}

// Lede returns the opening of text, at most n bytes, cut between words,
// with its spaces collapsed. It reads the words of the opening only: a
// body is long, and only its start is kept.
func Lede(text string, n int) string {
	var b strings.Builder
	b.Grow(min(len(text), n+32)) // n bytes and the word that passes them, mostly
	for w := range strings.FieldsSeq(text) {
		if b.Len() > n {
			break // past n: the words after make no difference
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	text = b.String()
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,;:.") + " …"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// fields maps the document to the fields of the index.
func (d Document) fields(order int) map[string]any {
	m := map[string]any{
		FieldCode:  strings.ToLower(d.ID),
		FieldOrder: orderKey(order),
		FieldKind:  d.Kind,
		FieldLang:  d.Lang,
	}
	title, summary, body := FieldTitleFR, FieldSummaryFR, FieldBodyFR
	if d.Lang == "en" {
		title, summary, body = FieldTitleEN, FieldSummaryEN, FieldBodyEN
	}
	m[title] = d.Title
	setIf(m, summary, d.Summary)
	setIf(m, body, d.Body)
	setIf(m, FieldMetaFR, d.Meta)
	setIf(m, FieldStatus, d.Status)
	setIf(m, FieldProgramme, d.Programme)
	setIf(m, FieldPriority, d.Priority)
	setList(m, FieldRefs, d.Refs)
	setList(m, FieldTheme, d.Themes)
	setList(m, FieldOwner, d.Owners)
	return m
}

// wordsText is the text of the document's words as written (see
// FieldWords): its text fields joined. The indexer takes their terms from
// those fields' analysis (segment.go); the tokenizer breaks at the
// newlines, so they are the words of each text.
func (d Document) wordsText() string {
	return strings.Join([]string{d.Title, d.Summary, d.Body, d.Meta}, "\n")
}

// Facet returns the document's values of a facet field.
func (d Document) Facet(field string) []string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch field {
	case FieldKind:
		return one(d.Kind)
	case FieldLang:
		return one(d.Lang)
	case FieldStatus:
		return one(d.Status)
	case FieldProgramme:
		return one(d.Programme)
	case FieldPriority:
		return one(d.Priority)
	case FieldTheme:
		return d.Themes
	case FieldOwner:
		return d.Owners
	}
	return nil
}

func setIf(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func setList(m map[string]any, k string, v []string) {
	if len(v) > 0 {
		m[k] = v
	}
}

// orderKey makes the catalogue position sort as a string.
func orderKey(i int) string { return fmt.Sprintf("%05d", i) }

// InputsHash identifies what an index was built from: the documents and
// the format. Two builds of the same content have the same hash; a built
// index whose manifest has another hash is stale.
func InputsHash(docs []Document) string {
	h := sha256.New()
	fmt.Fprintf(h, "catalogue search format %d\n", Format)
	enc := json.NewEncoder(h)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			panic(err) // strings and slices always encode
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// newStaticMapping returns a mapping with our analysers, nothing dynamic
// and no _all field, whose default analyser and field are those given,
// and its document mapping, for the caller's fields.
func newStaticMapping(analyzer, field string) (*mapping.IndexMappingImpl, *mapping.DocumentMapping, error) {
	im := bleve.NewIndexMapping()
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = analyzer
	im.DefaultField = field
	if err := addAnalysis(im); err != nil {
		return nil, nil, err
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	return im, dm, nil
}

// newMapping returns the explicit mapping of the index: nothing dynamic,
// no _all field, only the title and summary stored (for results and their
// snippets), term vectors only on the summary (for highlighting), doc
// values only where facets and sorting read them. The words as written
// are not in it: they have an index of their own (newWordsMapping).
func newMapping() (*mapping.IndexMappingImpl, error) {
	im, dm, err := newStaticMapping(AnalyzerFR, FieldBodyFR)
	if err != nil {
		return nil, err
	}
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Analyzer: analyzer, Index: true, Store: store, IncludeTermVectors: vectors}
	}
	keyword := func(store, docValues bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Analyzer: analyzerCode, Index: true, Store: store, DocValues: docValues}
	}
	for name, fm := range map[string]*mapping.FieldMapping{
		FieldTitleFR:   text(AnalyzerFR, true, false),
		FieldSummaryFR: text(AnalyzerFR, true, true),
		FieldBodyFR:    text(AnalyzerFR, false, false),
		FieldMetaFR:    text(AnalyzerFR, false, false),
		FieldTitleEN:   text(AnalyzerEN, true, false),
		FieldSummaryEN: text(AnalyzerEN, true, true),
		FieldBodyEN:    text(AnalyzerEN, false, false),
		FieldCode:      keyword(false, false),
		FieldRefs:      keyword(false, false),
		FieldOrder:     keyword(false, true),
		FieldKind:      keyword(true, true),
		FieldLang:      keyword(true, true),
		FieldStatus:    keyword(false, true),
		FieldTheme:     keyword(false, true),
		FieldOwner:     keyword(false, true),
		FieldProgramme: keyword(false, true),
		FieldPriority:  keyword(false, true),
	} {
		fm.Name = name
		dm.AddFieldMappingsAt(name, fm)
	}
	im.DefaultMapping = dm
	return im, im.Validate()
}

// newWordsMapping returns the mapping of the words' dictionary (words.go):
// its documents have the words field alone. It is only a dictionary (no
// frequencies, no norms): a typo is matched against the words as written,
// then analysed, because the stemmer treats a word and its misspelling
// differently (hébergement → heberg, hébergment → hebergment).
func newWordsMapping() (*mapping.IndexMappingImpl, error) {
	im, dm, err := newStaticMapping(AnalyzerPrefix, FieldWords)
	if err != nil {
		return nil, err
	}
	dm.AddFieldMappingsAt(FieldWords, &mapping.FieldMapping{Name: FieldWords, Type: "text", Analyzer: AnalyzerPrefix, Index: true, SkipFreqNorm: true})
	im.DefaultMapping = dm
	return im, im.Validate()
}
