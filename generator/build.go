// Package generator builds a catalogue site: it loads and checks the
// content, then renders the portal, writes the open-data exports and builds
// the search index, all into a temporary folder that replaces public/ only
// when every step succeeded.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"catalogue/generator/content"
	"catalogue/generator/export"
	"catalogue/generator/markdown"
	"catalogue/generator/render"
	"catalogue/internal/progress"
	"catalogue/search"
)

// Options says where a site is and where its build goes.
type Options struct {
	// Root is the site folder: site.toml, content/, themes/.
	Root string
	// Public is where the portal is written; default Root/public.
	Public string
	// Index is where the search index is written; default
	// Root/.catalogue/index. It lives outside Public because its bytes
	// are not deterministic and Public's must be.
	Index string
	// ReleaseIndex, when set, is called before Update writes the index in
	// place: a reader and a writer of an index exclude each other, so
	// whoever holds it open (serve's search API) must close it then, and
	// open it again after Update.
	ReleaseIndex func()
}

func (o Options) withDefaults() Options {
	if o.Root == "" {
		o.Root = "."
	}
	if o.Public == "" {
		o.Public = filepath.Join(o.Root, "public")
	}
	if o.Index == "" {
		o.Index = filepath.Join(o.Root, ".catalogue", "index")
	}
	return o
}

// historyCache is the file that keeps the content's history between
// builds, beside the index: like it, it is not part of the site.
func (o Options) historyCache() string {
	return filepath.Join(filepath.Dir(o.Index), "history.json")
}

// Result describes a build.
type Result struct {
	Catalogue   *content.Catalogue
	Diagnostics content.Diagnostics
	Pages       int
	Files       int
	Bytes       int64
	Took        time.Duration
}

// Summary is the one line a build prints.
func (r *Result) Summary() string {
	return fmt.Sprintf("built %d entries: %d pages, %d files (%.1f MB) in %v",
		len(r.Catalogue.Entries), r.Pages, r.Files, float64(r.Bytes)/1e6, r.Took.Round(time.Millisecond))
}

// Build loads, checks and builds the site. On any error public/ and the
// index are left as they were; the error of a content problem is a
// *content.DiagnosticsError listing every problem.
func Build(ctx context.Context, opts Options) (*Result, error) {
	return NewBuilder(opts).Build(ctx)
}

// A Builder builds one site again and again, as serve does. It remembers
// the last good build, so that an edit of a few entries re-renders only the
// pages that show them.
type Builder struct {
	opts  Options
	md    *markdown.Markdown
	last  *content.Catalogue // of the last good build; nil before it
	r     *render.Renderer
	dates map[string]time.Time
	// history is the content's history, read with dates at each full
	// load.
	history *content.History
	// pending holds the files changed since the last good build: an
	// update that fails still has to read them again next time.
	pending map[string]bool
}

// NewBuilder returns a builder for the site opts describes.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts.withDefaults(), md: markdown.New()}
}

// load loads the content — all of it, or with a previous catalogue only the
// changed files again — and prepares the renderer.
func (b *Builder) load(ctx context.Context, res *Result, changed []string) (*render.Renderer, error) {
	if b.last == nil {
		// Dates come from the history of the last full load: an edit
		// not yet committed keeps its file's date.
		b.history = CachedHistory(ctx, b.opts.Root, b.opts.historyCache())
		b.dates = b.history.Dates()
		if b.history.Note != "" {
			b.dates = fileDates(b.opts.Root)
		}
	} else if b.history.Note != "" {
		// Outside git an edit is dated by its file, as a full build
		// would date it.
		for _, f := range changed {
			if info, err := os.Stat(filepath.Join(b.opts.Root, filepath.FromSlash(f))); err == nil {
				b.dates[f] = info.ModTime().UTC()
			} else {
				delete(b.dates, f)
			}
		}
	}
	cat, diags := content.Reload(ctx, os.DirFS(b.opts.Root), b.last, changed, content.Options{
		Modified: b.dates,
		Markdown: b.md,
		History:  b.history,
	})
	if note := b.history.Note; note != "" && b.last == nil && diags.Err() == nil {
		// Said once a build, not once a file.
		diags.Warnf(content.Pos{File: content.ContentDir}, "history",
			"%s: entry dates are the files' modification times; entry pages show no history and changes.json is empty", note)
	}
	res.Catalogue, res.Diagnostics = cat, diags
	if err := diags.Err(); err != nil {
		return nil, err
	}
	theme := os.DirFS(filepath.Join(b.opts.Root, "themes", cat.Site.Theme))
	if _, err := fs.Stat(theme, "templates"); err != nil {
		return nil, fmt.Errorf("theme %q: %w", cat.Site.Theme, err)
	}
	return render.New(theme, cat, b.md)
}

// Build builds the whole site into temporary folders and swaps them over
// public/ and the index only when every step succeeded.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	res := &Result{}
	b.last = nil // a full build reads everything again
	loading := progress.Of(ctx, progress.Load)
	loading.Start()
	r, err := b.load(ctx, res, nil)
	loading.Finish()
	if err != nil {
		return res, err
	}
	cat := res.Catalogue
	tmpPublic, err := tempSibling(b.opts.Public)
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpPublic)
	tmpIndex, err := tempSibling(b.opts.Index)
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpIndex)

	// The portal, the exports and the index are independent of each
	// other. The index goes first: its documents are analysed on every
	// core, then its batches merged and the static files written on one,
	// and the portal and the exports start when it has a core to spare,
	// to fill the others — rather than all three sharing the cores from
	// the start, which left one idle while the index finished alone (and
	// cost more CPU, in switches and cache misses). The open-data page
	// lists the exported files: it follows the export. The index finishes
	// last: meanwhile, the portal's and the exports' files are counted —
	// everything but the search folder, which is the index's.
	spare := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(spare) }) }
	indexed := make(chan struct{})
	var renderErr, exportErr, indexErr error
	go func() {
		defer close(indexed)
		defer free() // if the index failed before it had a core to spare
		indexing := progress.Of(ctx, progress.Index)
		indexing.Start()
		indexErr = search.Build(ctx, cat, tmpIndex, tmpPublic, free)
		indexing.Finish()
	}()
	var site sync.WaitGroup
	var pages, openData int
	site.Go(func() {
		<-spare
		rendering := progress.Of(ctx, progress.Render)
		rendering.Start()
		pages, renderErr = r.Site(ctx, tmpPublic)
		rendering.Finish()
	})
	site.Go(func() {
		<-spare
		exporting := progress.Of(ctx, progress.Export)
		exporting.Start()
		exported, err := export.Write(ctx, cat, tmpPublic, r.Paths())
		if exportErr = err; err == nil {
			openData, exportErr = r.OpenData(tmpPublic, exported)
		}
		exporting.Finish()
	})
	site.Wait()
	var countErr error
	if renderErr == nil && exportErr == nil {
		res.Files, res.Bytes, countErr = count(tmpPublic, search.StaticDir)
	}
	<-indexed
	if err := errors.Join(renderErr, exportErr, indexErr, countErr); err != nil {
		return res, err
	}
	res.Pages = pages + openData
	if err := ctx.Err(); err != nil {
		return res, err
	}
	files, bytes, err := count(filepath.Join(tmpPublic, search.StaticDir), "")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	res.Files, res.Bytes = res.Files+files, res.Bytes+bytes
	if err := swap(tmpIndex, b.opts.Index); err != nil {
		return res, err
	}
	if err := swap(tmpPublic, b.opts.Public); err != nil {
		return res, err
	}
	b.last, b.r = cat, r
	res.Took = time.Since(start)
	return res, nil
}

// Update rebuilds the site after the files at changed (paths from the site
// root, with slashes) were edited, added or removed. When they are all
// entries and the last build was good, it re-renders in place only the
// pages that depend on them, calls pagesDone — serve tells the browsers to
// reload there — and then refreshes the exports and the index; otherwise
// it builds everything, as Build. On a content error nothing is written.
func (b *Builder) Update(ctx context.Context, changed []string, pagesDone func(*Result)) (*Result, error) {
	if b.last == nil || !allEntries(changed) {
		res, err := b.Build(ctx)
		if err == nil && pagesDone != nil {
			pagesDone(res)
		}
		return res, err
	}
	start := time.Now()
	res := &Result{}
	if b.pending == nil {
		b.pending = map[string]bool{}
	}
	for _, f := range changed {
		b.pending[f] = true
	}
	changed = slices.Sorted(maps.Keys(b.pending))
	last, lastR := b.last, b.r
	r, err := b.load(ctx, res, changed)
	if err != nil {
		return res, err
	}
	cat := res.Catalogue
	var ids []string
	for _, file := range changed {
		for _, c := range []*content.Catalogue{last, cat} {
			if e := c.EntryAt(file); e != nil {
				ids = append(ids, e.ID)
			}
		}
	}
	r.Reuse(lastR)
	paths := r.Changed(lastR, ids)
	if res.Pages, err = r.Update(ctx, b.opts.Public, paths); err != nil {
		return res, err
	}
	b.last, b.r = cat, r
	clear(b.pending)
	res.Took = time.Since(start)
	if pagesDone != nil {
		pagesDone(res)
	}

	// The exports and the index follow: the pages a reader is looking at
	// are already fresh. The exports are rewritten whole; the index is
	// updated in place.
	exported, err := export.Write(ctx, cat, b.opts.Public, r.Paths())
	if err != nil {
		return res, err
	}
	if _, err := r.OpenData(b.opts.Public, exported); err != nil {
		return res, err
	}
	// A document of the index carries its entry's relations both ways:
	// the neighbours of an edited entry change too.
	if err := b.updateIndex(ctx, cat, withNeighbours(ids, last, cat)); err != nil {
		return res, err
	}
	res.Files, res.Bytes, err = count(b.opts.Public, "")
	res.Took = time.Since(start)
	return res, err
}

// updateIndex applies an edit to the index in place, or builds it again
// when it cannot (entries added or removed) or when the update failed
// half-way.
func (b *Builder) updateIndex(ctx context.Context, cat *content.Catalogue, ids []string) error {
	if b.opts.ReleaseIndex != nil {
		b.opts.ReleaseIndex()
	}
	if err := search.Update(ctx, cat, b.opts.Index, b.opts.Public, ids); err == nil {
		return nil
	}
	tmpIndex, err := tempSibling(b.opts.Index)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpIndex)
	if err := search.Build(ctx, cat, tmpIndex, b.opts.Public, nil); err != nil {
		return err
	}
	return swap(tmpIndex, b.opts.Index)
}

// withNeighbours returns ids with the ids of every entry linked to or
// from them, in either catalogue.
func withNeighbours(ids []string, cats ...*content.Catalogue) []string {
	out := slices.Clone(ids)
	for _, c := range cats {
		for _, id := range ids {
			if e := c.Entry(id); e != nil {
				for _, l := range append(slices.Clone(e.Links), e.Backlinks...) {
					out = append(out, l.Entry.ID)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// allEntries reports whether every path is an entry file, the only change
// an update can apply in place; a theme or site.toml change rebuilds all.
func allEntries(paths []string) bool {
	for _, p := range paths {
		if !strings.HasPrefix(p, content.ContentDir+"/") || !strings.HasSuffix(p, ".md") || strings.Count(p, "/") != 2 {
			return false
		}
	}
	return len(paths) > 0
}

// tempSibling makes an empty folder next to dst, on the same file system,
// so that the final rename is atomic.
func tempSibling(dst string) (string, error) {
	parent := filepath.Dir(dst)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dst)+"-new-")
	if err != nil {
		return "", err
	}
	return dir, os.Chmod(dir, 0o755)
}

// swap puts the folder built at tmp in place of dst. A reader of dst sees
// the old tree or the new one, never a mix: the new tree is renamed into
// place, then the old one removed.
func swap(tmp, dst string) error {
	old := ""
	if _, err := os.Lstat(dst); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+"-old-")
		if err != nil {
			return err
		}
		old = filepath.Join(o, "tree")
		if err := os.Rename(dst, old); err != nil {
			os.Remove(o)
			return err
		}
		defer func() {
			removeAll(old)
			os.RemoveAll(o)
		}()
	}
	if err := os.Rename(tmp, dst); err != nil {
		if old != "" {
			_ = os.Rename(old, dst) // put the last good tree back
		}
		return err
	}
	return nil
}

// count returns the number of files under dir and their total size,
// leaving out its child named skip.
func count(dir, skip string) (files int, bytes int64, err error) {
	var mu sync.Mutex
	err = eachChild(dir, func(child string) error {
		if filepath.Base(child) == skip {
			return nil
		}
		var n int
		var size int64
		err := filepath.WalkDir(child, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			n++
			size += info.Size()
			return nil
		})
		mu.Lock()
		files, bytes = files+n, bytes+size
		mu.Unlock()
		return err
	})
	return files, bytes, err
}

// removeAll removes dir and everything under it. A site's tree is tens of
// thousands of files: its top folders are removed side by side, as many at
// a time as there are cores.
func removeAll(dir string) error {
	if err := eachChild(dir, os.RemoveAll); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// eachChild calls fn with the path of every entry of folder dir, on as
// many goroutines as there are cores, and returns the first error.
func eachChild(dir string, fn func(child string) error) error {
	children, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	next := make(chan string)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			for child := range next {
				if err := fn(child); err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		})
	}
	for _, c := range children {
		next <- filepath.Join(dir, c.Name())
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}
