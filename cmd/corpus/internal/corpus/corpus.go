// Package corpus generates synthetic catalogue sites of any size for
// benchmarks: N entries of every kind in the proportions of a real catalogue,
// with text, front matter and relations learnt from it, valid under the
// loader's checks, and the same bytes for the same seed.
//
// Each generated entry copies the shape of a real entry of its kind, its
// template: the number of themes, owners, related entries, cited sources,
// covered codes and figures, its status, priority, category, cost and
// duration strings, and the blocks of its body (headings, list items with
// their indentation, paragraphs with their word counts). The words come from
// a Markov chain of order 2 learnt from the real titles, summaries, bodies
// and notes of the template's language. Codes written in real bodies (M075,
// [[2.1]]) become codes of the corpus, so bodies mention entries as often as
// real ones.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"catalogue/generator/content"
)

// MaxStrictCodes is how many mutualisation codes the loader's id pattern
// (^M[0-9]{3}$) allows, M001 to M999.
const MaxStrictCodes = 999

// Options says what corpus to generate.
type Options struct {
	// N is the number of entries, at least MinEntries.
	N int
	// Seed selects the corpus: the same model, N, Seed and WideCodes give
	// the same bytes.
	Seed uint64
	// WideCodes numbers mutualisations past M999 (M1000, …), for a loader
	// whose id pattern allows it. Without it, mutualisations stop at M999
	// and the rest of their share is generated as principles, the kind of
	// the closest shape (a title, one short paragraph, themes, one source),
	// so that N and the bytes per entry stay close to the real catalogue's.
	WideCodes bool
	// Commits, when not zero, makes the site a git repository whose
	// history of that many commits ends in the generated files: one that
	// adds them all, then edits, renames and removals of entries.
	Commits int
	// OneLanguage keeps only the first of the model's interface languages,
	// for measuring a one-language site against a two-language one.
	OneLanguage bool
}

// MinEntries is the smallest corpus: one entry of every kind, and enough of
// the principles to hold a GT → LS → P hierarchy.
const MinEntries = 20

// Stats describes a generated corpus.
type Stats struct {
	Kinds map[content.Kind]int
	Files int
	Bytes int64
}

// A Model is what Generate learnt from a real site.
type Model struct {
	fsys       fs.FS
	site       *content.Site
	siteFile   []byte
	byKind     map[content.Kind][]*content.Entry
	principles [3][]*content.Entry // GT, LS, P
	chains     map[content.Lang]*chain
	owners     []string
}

// Learn loads the site in fsys (site.toml, content/, themes/), which must
// have no error, and learns from it.
func Learn(ctx context.Context, fsys fs.FS) (*Model, error) {
	cat, diags := content.Load(ctx, fsys, content.Options{})
	if err := diags.Err(); err != nil {
		return nil, fmt.Errorf("learning from a site with errors: %w", err)
	}
	siteFile, err := fs.ReadFile(fsys, content.SiteFile)
	if err != nil {
		return nil, err
	}
	m := &Model{fsys: fsys, site: cat.Site, siteFile: siteFile, byKind: map[content.Kind][]*content.Entry{},
		chains: map[content.Lang]*chain{}}
	seenOwner := map[string]bool{}
	for _, e := range cat.Entries {
		m.byKind[e.Kind] = append(m.byKind[e.Kind], e)
		if e.Kind == content.KindPrinciple {
			m.principles[principleLevel(e.ID)] = append(m.principles[principleLevel(e.ID)], e)
		}
		for _, o := range e.Owners {
			if !seenOwner[o] {
				seenOwner[o] = true
				m.owners = append(m.owners, o)
			}
		}
		ch := m.chains[e.Lang]
		if ch == nil {
			ch = newChain()
			m.chains[e.Lang] = ch
		}
		ch.learn(e.Title)
		ch.learn(e.Summary)
		for _, b := range parseBlocks(e.Body) {
			ch.learn(b.text)
		}
		for _, s := range e.Sources {
			ch.learn(s.Note)
		}
	}
	for _, c := range content.Collections() {
		if len(m.byKind[c.Kind]) == 0 {
			return nil, fmt.Errorf("learning from a site without any %s", c.Kind)
		}
	}
	for _, p := range m.principles {
		if len(p) == 0 {
			return nil, errors.New("learning from a site without principles of every level (GT, LS, P)")
		}
	}
	if m.chains[content.Lang(m.site.ContentLanguage)] == nil {
		return nil, fmt.Errorf("learning from a site without text in its content language %q", m.site.ContentLanguage)
	}
	return m, nil
}

func principleLevel(id string) int {
	switch {
	case strings.HasPrefix(id, "GT"):
		return 0
	case strings.HasPrefix(id, "LS"):
		return 1
	}
	return 2
}

// Counts returns how many entries of each kind a corpus of opts.N entries
// holds: the real proportions, by largest remainder, at least one of each.
func (m *Model) Counts(opts Options) map[content.Kind]int {
	colls := content.Collections()
	total := 0
	for _, c := range colls {
		total += len(m.byKind[c.Kind])
	}
	counts := map[content.Kind]int{}
	type rem struct {
		k content.Kind
		f float64
	}
	var rems []rem
	sum := 0
	for _, c := range colls {
		exact := float64(opts.N) * float64(len(m.byKind[c.Kind])) / float64(total)
		n := int(math.Floor(exact))
		counts[c.Kind] = n
		sum += n
		rems = append(rems, rem{c.Kind, exact - float64(n)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return 0
	})
	for i := 0; sum < opts.N; i++ {
		counts[rems[i%len(rems)].k]++
		sum++
	}
	// At least one of each kind, taken from the largest.
	for _, c := range colls {
		for counts[c.Kind] < 1 {
			largest := slices.MaxFunc(colls, func(a, b content.Collection) int { return counts[a.Kind] - counts[b.Kind] })
			counts[largest.Kind]--
			counts[c.Kind]++
		}
	}
	if !opts.WideCodes && counts[content.KindMutualisation] > MaxStrictCodes {
		counts[content.KindPrinciple] += counts[content.KindMutualisation] - MaxStrictCodes
		counts[content.KindMutualisation] = MaxStrictCodes
	}
	return counts
}

// An item is a planned entry: its kind, id, template and title.
type item struct {
	kind      content.Kind
	id        string
	tpl       *content.Entry
	title     string
	programme string // actions
	parent    string // principles
}

// plan chooses every entry's id, template and title, so that relations can
// point at any of them.
type plan struct {
	items  []item
	ids    map[content.Kind][]string
	all    []string
	owners []string
}

// Generate writes a site of opts.N entries to dir, which must not exist or
// be empty: site.toml and themes/ copied from the model's site, and
// content/.
func (m *Model) Generate(ctx context.Context, dir string, opts Options) (Stats, error) {
	if opts.N < MinEntries {
		return Stats{}, fmt.Errorf("a corpus has at least %d entries, not %d", MinEntries, opts.N)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return Stats{}, fmt.Errorf("%s is not empty; generate into a new folder", dir)
	}
	counts := m.Counts(opts)
	p := m.plan(counts, opts)
	st := Stats{Kinds: counts}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	siteFile := m.siteFile
	if opts.OneLanguage {
		siteFile = firstLanguageOnly(siteFile)
	}
	// The directorates the corpus adds join the owner vocabulary, which
	// entries must name by id.
	if extra := p.owners[len(m.owners):]; len(extra) > 0 {
		var b strings.Builder
		b.Write(siteFile)
		for _, o := range extra {
			fmt.Fprintf(&b, "\n[[owners]]\nid = %q\nlabel = %q\ncountry = \"FR\"\n", o, strings.ToUpper(o))
		}
		siteFile = []byte(b.String())
	}
	if err := os.WriteFile(filepath.Join(dir, content.SiteFile), siteFile, 0o644); err != nil {
		return st, err
	}
	st.Files++
	st.Bytes += int64(len(siteFile))
	if err := m.copyThemes(dir, &st); err != nil {
		return st, err
	}
	for _, c := range content.Collections() {
		if err := os.MkdirAll(filepath.Join(dir, content.ContentDir, c.Dir), 0o755); err != nil {
			return st, err
		}
	}
	var buf strings.Builder
	var files []entryFile
	for i, it := range p.items {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(i)+1))
		buf.Reset()
		m.writeEntry(&buf, rng, p, it)
		c, _ := content.CollectionOf(it.kind)
		file := filepath.Join(dir, content.ContentDir, c.Dir, it.id+".md")
		if err := os.WriteFile(file, []byte(buf.String()), 0o644); err != nil {
			return st, err
		}
		st.Files++
		st.Bytes += int64(buf.Len())
		if opts.Commits > 0 {
			files = append(files, entryFile{path: content.ContentDir + "/" + c.Dir + "/" + it.id + ".md", data: buf.String()})
		}
	}
	return st, writeHistory(ctx, dir, files, opts.Commits, opts.Seed)
}

func (m *Model) copyThemes(dir string, st *Stats) error {
	if _, err := fs.Stat(m.fsys, "themes"); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(m.fsys, "themes", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := fs.ReadFile(m.fsys, p)
		if err != nil {
			return err
		}
		st.Files++
		st.Bytes += int64(len(data))
		return os.WriteFile(dst, data, 0o644)
	})
}

func (m *Model) plan(counts map[content.Kind]int, opts Options) *plan {
	rng := rand.New(rand.NewPCG(opts.Seed, 0))
	p := &plan{ids: map[content.Kind][]string{}}
	add := func(it item) {
		p.items = append(p.items, it)
		p.ids[it.kind] = append(p.ids[it.kind], it.id)
		p.all = append(p.all, it.id)
	}
	pick := func(k content.Kind) *content.Entry {
		ts := m.byKind[k]
		return ts[rng.IntN(len(ts))]
	}
	title := func(tpl *content.Entry) string {
		return m.chain(tpl.Lang).phrase(rng, wordCount(tpl.Title), content.MaxTitle-20)
	}
	slugged := func(k content.Kind) {
		// The number makes the slug unique across the kinds that share
		// the slug namespace (sources, iop, services).
		for range counts[k] {
			tpl := pick(k)
			t := title(tpl)
			add(item{kind: k, id: slug(t) + "-" + strconv.Itoa(len(p.items)+1), tpl: tpl, title: t})
		}
	}

	slugged(content.KindSource)
	for i := range counts[content.KindMutualisation] {
		tpl := pick(content.KindMutualisation)
		add(item{kind: content.KindMutualisation, id: fmt.Sprintf("M%03d", i+1), tpl: tpl, title: title(tpl)})
	}
	// Programmes 2.1 … 2.9, 3.1 …, as the strategy numbers them.
	for i := range counts[content.KindProgramme] {
		tpl := pick(content.KindProgramme)
		add(item{kind: content.KindProgramme, id: fmt.Sprintf("%d.%d", 2+i/9, i%9+1), tpl: tpl, title: title(tpl)})
	}
	m.planPrinciples(rng, counts[content.KindPrinciple], add, title)
	// Actions belong to a programme as often as real ones do, numbered
	// within it (2.1.1); the others are numbered 1.1, 1.2 …, outside the
	// programmes' numbers.
	progs := p.ids[content.KindProgramme]
	next := map[string]int{}
	for range counts[content.KindAction] {
		tpl := pick(content.KindAction)
		prog, parent := "", "1"
		if tpl.Action.Programme != "" {
			prog = progs[rng.IntN(len(progs))]
			parent = prog
		}
		next[parent]++
		add(item{kind: content.KindAction, id: parent + "." + strconv.Itoa(next[parent]), tpl: tpl, title: title(tpl), programme: prog})
	}
	slugged(content.KindIOPAction)
	slugged(content.KindService)

	// Owners: the real ones, and as many directorates again per fifty
	// entries, as a growing catalogue would name.
	p.owners = slices.Clone(m.owners)
	seen := map[string]bool{}
	for _, o := range p.owners {
		seen[o] = true
	}
	for len(p.owners) < len(m.owners)+opts.N/50 {
		o := strings.ToLower(acronym(rng))
		if !seen[o] {
			seen[o] = true
			p.owners = append(p.owners, o)
		}
	}
	return p
}

// planPrinciples numbers n principles in the GT → LS → P hierarchy, in the
// real proportions of the three levels, every GT and LS with at least one
// child when there are enough.
func (m *Model) planPrinciples(rng *rand.Rand, n int, add func(item), title func(*content.Entry) string) {
	real := len(m.principles[0]) + len(m.principles[1]) + len(m.principles[2])
	gts := max(1, int(math.Round(float64(n)*float64(len(m.principles[0]))/float64(real))))
	lss := max(1, int(math.Round(float64(n)*float64(len(m.principles[1]))/float64(real))))
	if gts+lss > n {
		gts, lss = 1, min(1, n-1)
	}
	ps := n - gts - lss
	tpl := func(level int) *content.Entry { return m.principles[level][rng.IntN(len(m.principles[level]))] }
	for g := range gts {
		t := tpl(0)
		add(item{kind: content.KindPrinciple, id: "GT" + strconv.Itoa(g+1), tpl: t, title: title(t)})
	}
	var ls []string
	children := map[int]int{}
	for i := range lss {
		g := i
		if g >= gts {
			g = rng.IntN(gts)
		}
		children[g]++
		id := fmt.Sprintf("LS%d.%d", g+1, children[g])
		ls = append(ls, id)
		t := tpl(1)
		add(item{kind: content.KindPrinciple, id: id, tpl: t, title: title(t), parent: "GT" + strconv.Itoa(g+1)})
	}
	pchildren := map[string]int{}
	for i := range ps {
		parent := ls[rng.IntN(len(ls))]
		if i < len(ls) {
			parent = ls[i]
		}
		pchildren[parent]++
		id := "P" + strings.TrimPrefix(parent, "LS") + "." + strconv.Itoa(pchildren[parent])
		t := tpl(2)
		add(item{kind: content.KindPrinciple, id: id, tpl: t, title: title(t), parent: parent})
	}
}

// acronym names a directorate the way ministries do: DNUM, SGMAS, DRHMJ.
func acronym(rng *rand.Rand) string {
	const letters = "ABCDEFGHIJLMNOPRSTU"
	b := []byte{"DS"[rng.IntN(2)]}
	for range 2 + rng.IntN(3) {
		b = append(b, letters[rng.IntN(len(letters))])
	}
	return string(b)
}

func (m *Model) chain(l content.Lang) *chain {
	if c := m.chains[l]; c != nil {
		return c
	}
	return m.chains[content.Lang(m.site.ContentLanguage)]
}

var sourceDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// writeEntry writes the file of it: front matter in the order real files
// use, then the body.
func (m *Model) writeEntry(b *strings.Builder, rng *rand.Rand, p *plan, it item) {
	tpl := it.tpl
	ch := m.chain(tpl.Lang)
	w := fmWriter{b: b}
	refs := refWriter{rng: rng, p: p, self: it.id}
	b.WriteString("+++\n")
	w.str("id", it.id)
	w.str("title", refs.plain(it.title))
	if tpl.Summary != "" {
		w.str("summary", refs.plain(ch.text(rng, wordCount(tpl.Summary), content.MaxSummary-20)))
	}
	if tpl.Lang != content.Lang(m.site.ContentLanguage) {
		w.str("lang", string(tpl.Lang))
	}
	w.str("status", string(tpl.Status))
	w.list("themes", m.themes(rng, tpl.Themes))
	switch it.kind {
	case content.KindAction:
		a := tpl.Action
		w.str("programme", it.programme)
		w.str("portage", a.Portage)
		w.list("owners", p.ownersLike(rng, tpl.Owners))
		w.str("cost", a.Cost)
		w.str("duration", a.Duration)
		w.str("priority", string(a.Priority))
		w.list("mutualisations", refs.distinct(p.ids[content.KindMutualisation], len(a.Mutualisations)))
	case content.KindProgramme:
		w.str("category", string(tpl.Programme.Category))
	case content.KindPrinciple:
		w.str("parent", it.parent)
	case content.KindIOPAction:
		w.list("owners", p.ownersLike(rng, tpl.Owners))
		w.list("csi", tpl.IOP.CSI)
	case content.KindService:
		s := tpl.Service
		w.list("owners", p.ownersLike(rng, tpl.Owners))
		w.str("operator", s.Operator)
		if s.Website != "" {
			w.str("website", "https://"+it.id+".example.gouv.fr/")
		}
		w.list("realises", refs.distinct(p.ids[content.KindMutualisation], len(s.Realises)))
	case content.KindSource:
		s := tpl.Source
		w.str("publisher", s.Publisher)
		if d := sourceDate.FindString(s.Date); d != "" {
			w.str("date", d)
		}
		w.str("file", fmt.Sprintf("%03d_%016x.txt", rng.IntN(1000), rng.Uint64()))
	}
	if it.kind != content.KindAction && it.kind != content.KindIOPAction && it.kind != content.KindService {
		w.list("owners", p.ownersLike(rng, tpl.Owners))
	}
	w.list("related", refs.distinct(p.all, len(tpl.Related)))
	// A date of change between the strategy (May 2018) and 2025.
	day := time.Date(2018, 5, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(7*365))
	w.raw("updated", day.Format(time.DateOnly))
	if it.kind == content.KindService {
		for _, f := range tpl.Service.Figures {
			b.WriteString("\n[[figures]]\n")
			w.str("label", f.Label)
			w.raw("value", strconv.FormatFloat(max(1, math.Round(f.Value*(0.5+rng.Float64()))), 'f', -1, 64))
			w.str("unit", f.Unit)
			if f.Year != 0 {
				w.raw("year", strconv.Itoa(f.Year))
			}
			if f.AsWritten != "" {
				w.str("as_written", refs.plain(ch.text(rng, wordCount(f.AsWritten), 400)))
			}
			w.str("source", refs.source())
			w.str("section", f.Section)
		}
	}
	for _, s := range tpl.Sources {
		b.WriteString("\n[[sources]]\n")
		w.str("document", refs.source())
		w.str("section", s.Section)
		if s.Note != "" {
			w.str("note", refs.plain(ch.text(rng, min(wordCount(s.Note), 120), 2000)))
		}
	}
	b.WriteString("+++\n")
	m.writeBody(b, rng, ch, &refs, tpl.Body)
}

// themes keeps the template's number of themes and most of its choices.
func (m *Model) themes(rng *rand.Rand, tpl []string) []string {
	out := slices.Clone(tpl)
	for i := range out {
		if rng.IntN(10) < 3 {
			t := m.site.Themes[rng.IntN(len(m.site.Themes))].ID
			if !slices.Contains(out, t) {
				out[i] = t
			}
		}
	}
	return out
}

// ownersLike keeps the template's owners three times out of four, else
// names as many from the corpus' owners, the first ones more often.
func (p *plan) ownersLike(rng *rand.Rand, tpl []string) []string {
	if len(tpl) == 0 || rng.IntN(4) > 0 {
		return tpl
	}
	var out []string
	for range tpl {
		u := rng.Float64()
		o := p.owners[int(u*u*float64(len(p.owners)))]
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// text is sentences of about n words, at most limit runes, one line.
func (c *chain) text(rng *rand.Rand, n, limit int) string {
	s := strings.Join(c.words(rng, n), " ")
	if len(s) > limit {
		s = s[:strings.LastIndexByte(s[:limit], ' ')+1]
		s = strings.TrimSpace(s)
	}
	if s == "" {
		s = "Texte"
	}
	return upperFirst(s)
}

// A refWriter replaces the markers of learnt text by ids of the corpus.
type refWriter struct {
	rng  *rand.Rand
	p    *plan
	self string
}

func (r *refWriter) code() string {
	ms := r.p.ids[content.KindMutualisation]
	return ms[r.rng.IntN(len(ms))]
}

func (r *refWriter) any() string { return r.p.all[r.rng.IntN(len(r.p.all))] }

// source picks a source, the first ones more often, as real entries cite
// the main strategy documents most.
func (r *refWriter) source() string {
	ss := r.p.ids[content.KindSource]
	u := r.rng.Float64()
	return ss[int(u*u*u*float64(len(ss)))]
}

// plain resolves markers in front-matter text: ids without brackets.
func (r *refWriter) plain(s string) string { return r.resolve(s, false) }

// markdown resolves markers in a body: bare codes and [[id]].
func (r *refWriter) markdown(s string) string { return r.resolve(s, true) }

func (r *refWriter) resolve(s string, md bool) string {
	for strings.Contains(s, "\x01") {
		i := strings.Index(s, "\x01")
		var id string
		switch s[i:min(i+2, len(s))] {
		case markCode:
			id = r.code()
		case markRef:
			id = r.any()
			if md {
				id = "[[" + id + "]]"
			}
		}
		s = s[:i] + id + s[min(i+2, len(s)):]
	}
	return s
}

// distinct picks n different ids from ids, other than the entry's own.
func (r *refWriter) distinct(ids []string, n int) []string {
	n = min(n, len(ids)-1)
	var out []string
	for len(out) < n {
		id := ids[r.rng.IntN(len(ids))]
		if id != r.self && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// fmWriter writes TOML front-matter keys.
type fmWriter struct{ b *strings.Builder }

func (w fmWriter) str(key, v string) {
	if v != "" {
		w.raw(key, content.QuoteTOML(v))
	}
}

func (w fmWriter) raw(key, v string) {
	w.b.WriteString(key)
	w.b.WriteString(" = ")
	w.b.WriteString(v)
	w.b.WriteByte('\n')
}

func (w fmWriter) list(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = content.QuoteTOML(v)
	}
	w.raw(key, "["+strings.Join(q, ", ")+"]")
}

// A block is one block of a real body: its kind, the Markdown before its
// text ("## ", "  - "), its text, and whether a blank line precedes it.
type block struct {
	kind   byte // h heading, l list item, p paragraph
	prefix string
	text   string
	blank  bool
}

var listItem = regexp.MustCompile(`^(\s*)([-*+]|[0-9]{1,9}[.)])\s+`)

// parseBlocks splits a body into headings, list items and paragraphs,
// enough to copy its shape; anything else (tables, code, quotes) counts as
// paragraph text.
func parseBlocks(body string) []block {
	var out []block
	blank := false
	inBlock := false
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			blank, inBlock = true, false
		case strings.HasPrefix(t, "#"):
			level := len(t) - len(strings.TrimLeft(t, "#"))
			out = append(out, block{kind: 'h', prefix: strings.Repeat("#", level) + " ", text: strings.TrimLeft(t, "# "), blank: true})
			blank, inBlock = false, false
		case listItem.MatchString(line):
			mk := listItem.FindStringSubmatch(line)
			out = append(out, block{kind: 'l', prefix: mk[1] + mk[2] + " ", text: line[len(mk[0]):], blank: blank})
			blank, inBlock = false, true
		case inBlock:
			out[len(out)-1].text += " " + t
		default:
			out = append(out, block{kind: 'p', text: t, blank: true})
			blank, inBlock = false, true
		}
	}
	return out
}

// writeBody writes a body of the template's shape with generated words.
func (m *Model) writeBody(b *strings.Builder, rng *rand.Rand, ch *chain, refs *refWriter, tpl string) {
	for i, bl := range parseBlocks(tpl) {
		if i > 0 && (bl.blank || bl.kind != 'l') {
			b.WriteByte('\n')
		}
		n := wordCount(bl.text)
		var text string
		switch bl.kind {
		case 'h':
			text = ch.phrase(rng, n, 120)
		default:
			text = upperFirst(strings.Join(ch.words(rng, n), " "))
		}
		b.WriteString(bl.prefix)
		b.WriteString(refs.markdown(text))
		b.WriteByte('\n')
	}
}

// firstLanguageOnly returns site.toml's text with only the first of its
// interface languages: the languages list cut to its first item and the
// [translations.*] tables left out. A site that lists one language, or
// writes language = "…", comes back unchanged.
func firstLanguageOnly(site []byte) []byte {
	var out []string
	inTranslations := false
	for _, line := range strings.SplitAfter(string(site), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			inTranslations = strings.HasPrefix(t, "[translations.")
		}
		if inTranslations {
			continue
		}
		if rest, ok := strings.CutPrefix(t, "languages"); ok {
			if v, ok := strings.CutPrefix(strings.TrimSpace(rest), "="); ok {
				v = strings.Trim(strings.TrimSpace(v), "[]")
				first, _, _ := strings.Cut(v, ",")
				line = "languages = [" + strings.TrimSpace(first) + "]\n"
			}
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, ""))
}
