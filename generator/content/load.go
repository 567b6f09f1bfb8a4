package content

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"catalogue/generator/markdown"
	"catalogue/internal/parallel"
	"catalogue/internal/progress"
)

// ContentDir is the folder of the entries, at the root of a site.
const ContentDir = "content"

// MaxFileSize bounds an entry file. The longest real entry is a few
// kilobytes; a file a thousand times larger is a mistake, and reading it
// whole would stall a build.
const MaxFileSize = 1 << 20

// Options tunes Load.
type Options struct {
	// Modified gives the date of each file's last commit, by path from
	// the site root; entries without `updated` take theirs from it.
	Modified map[string]time.Time
	// Markdown scans bodies for references; nil means markdown.New().
	Markdown *markdown.Markdown
	// History is the content's history, read from git; nil when there
	// is none. It is not read again by Reload: an edit not yet committed
	// has no history.
	History *History
	// Only, when not empty, limits the diagnostics to these files (paths
	// from the site root), while the whole catalogue is still loaded to
	// resolve references. A folder stands for every file under it.
	Only []string
	// BaseURL, when set, replaces site.toml's base_url: the address the
	// portal is published at depends on where it is deployed. The caller
	// checks it with BaseURLProblem.
	BaseURL string
}

// A Catalogue is every entry of a site, checked and cross-referenced.
type Catalogue struct {
	Site    *Site
	Entries []*Entry // in collection order, then natural id order
	// Redirects are the published entries renamed or removed since.
	Redirects []Redirect
	// History is Options.History, nil when the site has none.
	History *History
	// Changes are the history's changes with the renames and removals
	// of Redirects it does not show, newest first: what changed.
	Changes []Change
	byID    map[string]*Entry
	byFold  map[string]*Entry
	// reload is what Reload keeps of this catalogue to load the next.
	reload *reloadState
}

// Entry returns the entry with the given id, or nil.
func (c *Catalogue) Entry(id string) *Entry { return c.byID[id] }

// Collection returns the entries of kind k, in id order.
func (c *Catalogue) Collection(k Kind) []*Entry {
	var out []*Entry
	for _, e := range c.Entries {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// Load reads site.toml and every entry under content/ from fsys, checks them
// and links them. It returns every problem found, sorted; the catalogue is
// usable only when the diagnostics hold no error.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Catalogue, Diagnostics) {
	return Reload(ctx, fsys, nil, nil, opts)
}

// Reload loads the catalogue again after the files at changed (paths from
// the site root) were edited, added or removed since prev was loaded from
// the same fsys: only those are read again; every other entry is reused as
// decoded, then the whole catalogue is linked anew. With a nil prev it
// reads everything, as Load. site.toml is not read again: a change to it
// needs a Load.
func Reload(ctx context.Context, fsys fs.FS, prev *Catalogue, changed []string, opts Options) (*Catalogue, Diagnostics) {
	if opts.Markdown == nil {
		opts.Markdown = markdown.New()
	}
	var site *Site
	var diags Diagnostics
	if prev != nil {
		site = prev.Site
	} else if site, diags = LoadSite(fsys); site == nil {
		return nil, diags.Sort()
	} else if opts.BaseURL != "" {
		site.BaseURL = opts.BaseURL
	}
	// The entries of prev whose files did not change, by file, at their
	// index in prev.Entries.
	reuse := map[string]int{}
	// The ids, in lower case, of the entries read again, as they were and
	// as they are: the links to them are resolved anew.
	changedIDs := map[string]bool{}
	if prev != nil {
		for i, e := range prev.Entries {
			reuse[e.File] = i
		}
		for _, f := range changed {
			if i, ok := reuse[f]; ok {
				changedIDs[strings.ToLower(prev.Entries[i].ID)] = true
			}
			delete(reuse, f)
		}
	}
	files, listDiags := relist(fsys, prev, changed)
	diags = append(diags, listDiags...)
	// The entries of files, each with what its file alone gave.
	entries := make([]pending, len(files))
	// The copies of the entries reused, in one allocation.
	var block []Entry
	if len(reuse) > 0 {
		block = make([]Entry, len(files))
	}
	var load []int
	counted := progress.Of(ctx, progress.Load)
	counted.SetTotal(len(files))
	counted.Add(len(reuse))
	for i, f := range files {
		if j, ok := reuse[f]; ok {
			entries[i] = pending{e: prev.Entries[j].unlinked(&block[i]), was: j, own: prev.reload.entries[j].own}
		} else {
			entries[i].was = -1
			load = append(load, i)
		}
	}
	// A file's problems are diagnostics, not errors: Run fails only when
	// the context is cancelled.
	if err := parallel.Run(ctx, len(load), parallel.Options{}, func(n int) error {
		p := &entries[load[n]]
		p.e = loadEntry(fsys, files[load[n]], site, opts, &p.own)
		counted.Add(1)
		return nil
	}); err != nil {
		diags.Errorf(Pos{File: ContentDir}, "", "load interrupted: %v", err)
		return nil, diags
	}
	for _, p := range entries {
		diags = append(diags, p.own...)
		if p.e != nil && p.was < 0 && prev != nil {
			changedIDs[strings.ToLower(p.e.ID)] = true
		}
	}
	cat := &Catalogue{Site: site, byID: make(map[string]*Entry, len(files)), byFold: make(map[string]*Entry, len(files))}
	var kept []pending
	for _, p := range entries {
		e := p.e
		if e == nil {
			continue
		}
		if first := cat.byFold[strings.ToLower(e.ID)]; first != nil && e.ID != "" {
			if first.ID != e.ID {
				diags.Errorf(e.positions().valPos("id"), "id", "duplicate id %q: already used by %s (as %q; ids are compared without case)", e.ID, first.positions().valPos("id"), first.ID)
				continue
			}
			diags.Errorf(e.positions().valPos("id"), "id", "duplicate id %q: already used by %s", e.ID, first.positions().valPos("id"))
			continue
		}
		cat.byFold[strings.ToLower(e.ID)] = e
		cat.byID[e.ID] = e
		kept = append(kept, p)
	}
	kept = sortEntries(kept, prev)
	st := &reloadState{files: files, listDiags: listDiags, order: make(map[*Entry]int, len(kept)), entries: make([]entryState, len(kept))}
	cat.Entries = make([]*Entry, len(kept))
	for i, p := range kept {
		cat.Entries[i] = p.e
		st.order[p.e] = i
		st.entries[i].own = p.own
	}
	cat.reload = st
	var copies []*Entry // of prev's entries, by their order
	if prev != nil {
		copies = make([]*Entry, len(prev.Entries))
		for _, p := range kept {
			if p.was >= 0 {
				copies[p.was] = p.e
			}
		}
	}
	// An entry's backlinks are built anew when an entry linking to it,
	// before or now, was linked anew, or when it is new itself; else it
	// keeps the ones it had.
	fresh := make([]bool, len(cat.Entries))
	for i, p := range kept {
		e := p.e
		if relink(prev, p.was, &st.entries[i], e, changedIDs, copies) {
			continue
		}
		cat.link(e, &st.entries[i], &diags)
		fresh[i] = true
		for _, l := range e.Links {
			fresh[st.order[l.Entry]] = true
		}
		if p.was >= 0 {
			for _, l := range prev.Entries[p.was].Links {
				if t := copies[prev.reload.order[l.Entry]]; t != nil {
					fresh[st.order[t]] = true
				}
			}
		}
	}
	if prev != nil {
		for i, e := range prev.Entries {
			if copies[i] == nil { // removed, or read again
				for _, l := range e.Links {
					if t := copies[prev.reload.order[l.Entry]]; t != nil {
						fresh[st.order[t]] = true
					}
				}
			}
		}
	}
	for i, p := range kept {
		if !fresh[i] {
			var ok bool
			if p.e.Backlinks, ok = copyLinks(prev.Entries[p.was].Backlinks, prev.reload.order, copies); !ok {
				fresh[i] = true
			}
		}
	}
	for _, e := range cat.Entries {
		for _, l := range e.Links {
			if t := l.Entry; fresh[st.order[t]] {
				t.Backlinks = append(t.Backlinks, Link{Rel: l.Rel, Entry: e, Pos: l.Pos})
			}
		}
	}
	for i, e := range cat.Entries {
		if fresh[i] {
			sortLinks(e.Backlinks)
		}
	}
	for _, e := range cat.Entries {
		e.forgetPositions()
	}
	cat.loadRedirects(fsys, &diags)
	cat.History = opts.History
	cat.Changes = cat.changes()
	if len(opts.Only) > 0 {
		diags = slices.DeleteFunc(diags, func(d Diagnostic) bool { return !onlyHas(opts.Only, d.Pos.File) })
	}
	return cat, diags.Sort().capPerFile(MaxPerFile)
}

// unlinked makes c a copy of the entry as decoded, before linking: what
// Reload reuses of a file that did not change. The copy shares the decoded
// values, which nothing changes after decoding.
func (e *Entry) unlinked(c *Entry) *Entry {
	*c = *e
	c.Links, c.Backlinks = nil, nil
	return c
}

// relist returns the entry files under content/ and what listing them
// found. After a load, when the changed files are all entry files, it
// takes prev's list and adds or removes them, instead of reading every
// folder again.
func relist(fsys fs.FS, prev *Catalogue, changed []string) ([]string, Diagnostics) {
	if prev == nil {
		var diags Diagnostics
		return listEntries(fsys, &diags), diags
	}
	files := slices.Clone(prev.reload.files)
	for _, f := range changed {
		dir, name := path.Split(f)
		coll, ok := collectionByDir(strings.TrimSuffix(strings.TrimPrefix(dir, ContentDir+"/"), "/"))
		if !ok || dir != ContentDir+"/"+coll.Dir+"/" || !strings.HasSuffix(name, ".md") || name == "README.md" || strings.HasPrefix(name, ".") {
			return relist(fsys, nil, nil)
		}
		info, err := fs.Lstat(fsys, f)
		exists := err == nil
		if exists && !info.Mode().IsRegular() || err != nil && !errors.Is(err, fs.ErrNotExist) {
			return relist(fsys, nil, nil) // listing reports it
		}
		// The list is in the order fs.WalkDir visits: by name, folder
		// by folder, which for these paths is the order of the strings.
		i, found := slices.BinarySearch(files, f)
		switch {
		case exists && !found:
			files = slices.Insert(files, i, f)
		case !exists && found:
			files = slices.Delete(files, i, i+1)
		}
	}
	return files, prev.reload.listDiags
}

// listEntries walks content/ and returns the entry files, reporting files
// that are not where an entry can be.
func listEntries(fsys fs.FS, diags *Diagnostics) []string {
	if isSymlink(fsys, ContentDir) {
		diags.Errorf(Pos{File: ContentDir}, "", "symbolic links are not allowed in content/: content/ itself must be a folder")
		return nil
	}
	var files []string
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(Pos{File: p}, "", "%s", ioProblem(err))
			return nil
		}
		if p == ContentDir {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Errorf(Pos{File: p}, "", "symbolic links are not allowed in content/: copy the file instead")
			return nil
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			// A named pipe or a device would block the read or never end.
			diags.Errorf(Pos{File: p}, "", "not a regular file; expected a text file")
			return nil
		}
		parts := strings.Split(p, "/")
		switch {
		case d.IsDir() && len(parts) == 2:
			if _, ok := collectionByDir(name); !ok {
				diags.Errorf(Pos{File: p}, "", "not a known collection; expected one of %s", quoteList(collectionDirs()))
				return fs.SkipDir
			}
		case d.IsDir():
			diags.Errorf(Pos{File: p}, "", "entries live directly in content/<collection>/, not in subfolders")
			return fs.SkipDir
		case len(parts) == 2:
			if name != "README.md" && p != RedirectsFile {
				diags.Errorf(Pos{File: p}, "", "file outside a known collection; entries live in content/<collection>/<id>.md")
			}
		case name == "README.md":
			// Notes for contributors, not an entry.
		case !strings.HasSuffix(name, ".md"):
			diags.Errorf(Pos{File: p}, "", "not an entry: entry files end in .md")
		default:
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(Pos{File: ContentDir}, "", "%s", ioProblem(err))
	}
	if _, err := fs.Stat(fsys, ContentDir); err != nil {
		diags.Errorf(Pos{File: ContentDir}, "", "missing: a site keeps its entries in content/")
	}
	return files
}

func collectionDirs() []string {
	dirs := make([]string, len(collections))
	for i, c := range collections {
		dirs[i] = c.Dir
	}
	return dirs
}

// cleanText checks that data is text an editor and a browser agree on, and
// returns it with line endings normalised. ok is false when it cannot be read
// as an entry at all.
func cleanText(file string, data []byte, diags *Diagnostics) (string, bool) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := lineCol(data, i)
		diags.Errorf(Pos{File: file, Line: line, Col: col}, "", "file contains a NUL byte; expected UTF-8 text")
		return "", false
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		line, col := lineCol(data, i)
		diags.Errorf(Pos{File: file, Line: line, Col: col}, "", "file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[i])
		return "", false
	}
	if b, ok := bytes.CutPrefix(data, []byte("\uFEFF")); ok {
		diags.Warnf(Pos{File: file, Line: 1, Col: 1}, "", "file starts with a byte-order mark; save it as UTF-8 without BOM")
		data = b
	}
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		line, _ := lineCol(data, i)
		diags.Warnf(Pos{File: file, Line: line}, "", "file has CRLF line endings; expected LF (git config core.autocrlf input)")
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return string(data), true
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// lineCol converts a byte offset to a 1-based line and byte column.
func lineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	return line, off - bytes.LastIndexByte(data[:off], '\n')
}

// loadEntry reads, decodes and checks one file on its own; references to
// other entries are checked later by link.
func loadEntry(fsys fs.FS, file string, site *Site, opts Options, diags *Diagnostics) *Entry {
	buf := readBuffers.Get().(*bytes.Buffer)
	data, ok := readInto(buf, fsys, file, diags)
	if !ok {
		readBuffers.Put(buf)
		return nil
	}
	src, ok := cleanText(file, data, diags) // a copy: buf is free again
	readBuffers.Put(buf)
	if !ok {
		return nil
	}
	fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		diags.Errorf(Pos{File: file, Line: 1, Col: 1}, "", "%s", frontMatterProblem(err))
		return nil
	}
	if !checkFrontMatter(file, fm, 2, diags) {
		return nil
	}
	raw, ok := decodePlainTOML(fm)
	if !ok {
		raw, ok = parseTOML(file, fm, 2, diags)
	}
	if !ok {
		return nil
	}
	coll, _ := collectionByDir(path.Base(path.Dir(file)))
	e := &Entry{Kind: coll.Kind, File: file, Body: body, BodyLine: bodyLine, frontMatter: fm}
	targets := []reflect.Value{reflect.ValueOf(&e.Meta).Elem()}
	if km := KindMeta(coll.Kind); km != nil {
		e.setKindMeta(km)
		targets = append(targets, reflect.ValueOf(km).Elem())
	}
	d := decoder{loc: e.positions(), diags: diags, site: site}
	d.table("", raw, targets...)
	e.url = EntryURL(e.Kind, e.ID)
	if e.Lang == "" {
		e.Lang = Lang(site.ContentLanguage)
	}
	e.Modified = e.Updated
	if e.Modified.IsZero() {
		e.Modified = opts.Modified[file]
	}
	checkEntry(e, coll, site, diags)
	checkBody(e, opts.Markdown, diags)
	return e
}

func (e *Entry) setKindMeta(km any) {
	switch m := km.(type) {
	case *ActionMeta:
		e.Action = m
	case *ProgrammeMeta:
		e.Programme = m
	case *PrincipleMeta:
		e.Principle = m
	case *IOPMeta:
		e.IOP = m
	case *ServiceMeta:
		e.Service = m
	case *SourceMeta:
		e.Source = m
	}
}

// bodyPos converts a byte offset in the body to a file position.
func (e *Entry) bodyPos(off int) Pos {
	off = min(max(off, 0), len(e.Body))
	line, col := lineCol([]byte(e.Body[:off]), off)
	return Pos{File: e.File, Line: e.BodyLine + line - 1, Col: col}
}

// sortEntries puts entries in catalogue order. The copies of prev's
// entries keep prev's order, and the entries read again are put in their
// places: sorting all of them again was a sixth of Reload.
func sortEntries(entries []pending, prev *Catalogue) []pending {
	var kept, read []pending
	if prev != nil {
		slots := make([]pending, len(prev.Entries))
		for _, p := range entries {
			if p.was >= 0 {
				slots[p.was] = p
			} else {
				read = append(read, p)
			}
		}
		for _, p := range slots {
			if p.e != nil {
				kept = append(kept, p)
			}
		}
	}
	if prev == nil || len(read) > len(entries)/16 {
		slices.SortFunc(entries, comparePending)
		return entries
	}
	slices.SortFunc(read, comparePending)
	for _, p := range read {
		i, _ := slices.BinarySearchFunc(kept, p, comparePending)
		kept = slices.Insert(kept, i, p)
	}
	return kept
}

func comparePending(a, b pending) int { return compareEntries(a.e, b.e) }

// compareEntries orders entries by collection, then by id.
func compareEntries(a, b *Entry) int {
	if a.Kind != b.Kind {
		return slices.IndexFunc(collections, func(c Collection) bool { return c.Kind == a.Kind }) -
			slices.IndexFunc(collections, func(c Collection) bool { return c.Kind == b.Kind })
	}
	return CompareIDs(a.ID, b.ID)
}

func sortLinks(links []Link) {
	cmp := func(a, b Link) int {
		if d := slices.Index(rels, a.Rel) - slices.Index(rels, b.Rel); d != 0 {
			return d
		}
		return CompareIDs(a.Entry.ID, b.Entry.ID)
	}
	if !slices.IsSortedFunc(links, cmp) {
		slices.SortStableFunc(links, cmp)
	}
}

// CompareIDs orders ids naturally: digit runs compare as numbers, so 2.1.9
// comes before 2.1.10 and LS1.2 before LS1.10.
func CompareIDs(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
