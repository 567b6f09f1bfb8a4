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
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"catalogue/generator/content"
	"catalogue/generator/export"
	"catalogue/generator/markdown"
	"catalogue/generator/render"
	"catalogue/internal/parallel"
	"catalogue/internal/progress"
	"catalogue/search/index"
	"catalogue/search/static"
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
	// BaseURL, when set, replaces site.toml's base_url (checked with
	// content.BaseURLProblem by the caller).
	BaseURL string
	// Waiting, when set, is called when another process holds the
	// site's build lock (ROOT/.catalogue/lock), with its pid (0 if
	// unknown), before the build waits for it.
	Waiting func(pid int)
}

// The messages of the folders the build will not write through when they
// are symbolic links.
const (
	replacedLink = "the build replaces this folder and will not delete or write through a link: remove the link"
	stateLink    = "the build keeps its index and lock there and will not write through a link: remove the link"
)

// checkLinks refuses to build when a folder the build replaces or writes
// into is a symbolic link: swapping a new tree over public/ removes the old
// one, and through a link (public -> ../.., committed in a merge request)
// that would empty the folder it points to. .catalogue/ is checked before
// the index under it, which its link would lead elsewhere.
func (o Options) checkLinks() error {
	checks := []struct{ path, why string }{
		{o.Public, replacedLink + ", or give -public a real folder"},
		{filepath.Join(o.Root, stateDir), stateLink},
		{o.Index, replacedLink},
	}
	for _, c := range checks {
		if err := notLink(c.path, c.why); err != nil {
			return err
		}
	}
	return nil
}

// notLink returns an error naming path when it is a symbolic link.
func notLink(path, why string) error {
	info, err := os.Lstat(path)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, _ := os.Readlink(path)
	return fmt.Errorf("%s: is a symbolic link (to %s); %s", path, target, why)
}

// stateDir is the folder, under a site's root, of what a build keeps
// between runs that is not published: the search index and the build lock.
const stateDir = ".catalogue"

func (o Options) withDefaults() Options {
	if o.Root == "" {
		o.Root = "."
	}
	if o.Public == "" {
		o.Public = filepath.Join(o.Root, "public")
	}
	if o.Index == "" {
		o.Index = filepath.Join(o.Root, stateDir, "index")
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
	// Full is set when the whole site was built, not only what an edit
	// touched.
	Full bool
	// PagesTook is how long an update took until its pages were rewritten
	// and the browsers could reload; the exports and index follow.
	PagesTook time.Duration
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
	// tree records the content the index was last built from, written
	// beside it for servers to tell a stale index without loading.
	tree *index.Tree
}

// NewBuilder returns a builder for the site opts describes.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts.withDefaults(), md: markdown.New()}
}

// readHistory takes the record of the content files (see index.ScanTree)
// while it reads the content's history: the history comes from git, not
// from the files, and outside git or with its cache it is mostly a wait
// for git to answer. The entries' dates are the history's; outside git,
// the record's modification times, read once for both. Dates come from
// the last full build: an edit not yet committed keeps its file's date.
func (b *Builder) readHistory(ctx context.Context) (*index.Tree, error) {
	var tree *index.Tree
	var treeErr error
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		tree, treeErr = index.ScanTree(b.opts.Root)
	}()
	b.history = CachedHistory(ctx, b.opts.Root, b.opts.historyCache())
	<-scanned
	b.dates = b.history.Dates()
	if b.history.Note != "" {
		b.dates = treeDates(tree)
	}
	return tree, treeErr
}

// load loads the content — all of it after readHistory, or with a previous
// catalogue only the changed files again — into res, and checks the
// theme's files.
func (b *Builder) load(ctx context.Context, res *Result, changed []string) error {
	if b.last != nil && b.history.Note != "" {
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
	cat, diags := content.Reload(ctx, content.DirFS(b.opts.Root), b.last, changed, content.Options{
		Modified: b.dates,
		Markdown: b.md,
		History:  b.history,
		BaseURL:  b.opts.BaseURL,
	})
	res.Catalogue, res.Diagnostics = cat, diags
	if err := diags.Err(); err != nil {
		return err
	}
	// The theme is read like the content: its problems are diagnostics.
	if diags := render.CheckTheme(os.DirFS(b.opts.Root), cat.Site.Theme); len(diags) > 0 {
		res.Diagnostics = append(res.Diagnostics, diags...)
		return diags.Err()
	}
	if note := b.history.Note; note != "" && b.last == nil {
		// Said once a build that goes on, not once a file.
		res.Diagnostics.Warnf(content.Pos{File: content.ContentDir}, "history",
			"%s: entry dates are the files' modification times; entry pages show no history and changes.json is empty", content.Phrase(note))
	}
	return nil
}

// renderer parses the theme's templates and strings for cat.
func (b *Builder) renderer(cat *content.Catalogue) (*render.Renderer, error) {
	theme := os.DirFS(filepath.Join(b.opts.Root, render.ThemesDir, cat.Site.Theme))
	if _, err := fs.Stat(theme, "templates"); err != nil {
		return nil, fmt.Errorf("theme %q: %w", cat.Site.Theme, err)
	}
	return render.New(theme, cat, b.md)
}

// Check checks the site at root as a build would, writing nothing: its
// content (only the files and folders of only, slash paths from root, when
// given; references are still resolved against the whole), then its theme
// (when only is empty or names part of it): every file as the build reads
// it, then, when the content has no error, its templates and strings
// parsed. A theme folder that is missing is left to the build to report:
// a checkout may hold the content only.
func Check(ctx context.Context, root string, only []string) (*content.Catalogue, content.Diagnostics) {
	md := markdown.New()
	cat, diags := content.Load(ctx, content.DirFS(root), content.Options{Only: only, Markdown: md})
	if cat == nil || cat.Site == nil || ctx.Err() != nil {
		return cat, diags
	}
	name := cat.Site.Theme
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return cat, diags // reported in site.toml
	}
	dir := render.ThemesDir + "/" + name
	if !checksTheme(only, dir) {
		return cat, diags
	}
	if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir))); err != nil {
		return cat, diags
	}
	theme := render.CheckTheme(os.DirFS(root), name)
	if theme.Errors() == 0 && diags.Errors() == 0 {
		if _, err := render.New(os.DirFS(filepath.Join(root, filepath.FromSlash(dir))), cat, md); err != nil {
			theme.Errorf(content.Pos{File: dir}, "", "%v", err)
		}
	}
	theme = slices.DeleteFunc(theme, func(d content.Diagnostic) bool { return !checksTheme(only, d.Pos.File) })
	// After the content's and site.toml's, as themes/ sorts.
	return cat, append(diags, theme.Sort()...)
}

// checksTheme reports whether a check of the paths only covers the file or
// folder p of a theme, or a part of it.
func checksTheme(only []string, p string) bool {
	within := func(a, b string) bool { return a == b || b == "." || strings.HasPrefix(a, b+"/") }
	for _, o := range only {
		if o = path.Clean(o); within(p, o) || within(o, p) {
			return true
		}
	}
	return len(only) == 0
}

// Build builds the whole site into temporary folders and swaps them over
// public/ and the index only when every step succeeded. It holds the
// site's build lock meanwhile, waiting for another build to end first, and
// starts by removing what killed builds left behind.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	unlock, err := b.lock(ctx)
	if err != nil {
		return &Result{}, err
	}
	defer unlock()
	return b.build(ctx)
}

// lock checks that no folder the build writes into is a link, takes the
// site's build lock, and checks again: the wait may have been long.
func (b *Builder) lock(ctx context.Context) (unlock func(), err error) {
	if err := b.opts.checkLinks(); err != nil {
		return nil, err
	}
	unlock, err = lockSite(ctx, filepath.Join(b.opts.Root, stateDir), b.opts.Waiting)
	if err != nil {
		return nil, err
	}
	if err := b.opts.checkLinks(); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// build is Build with the lock held.
func (b *Builder) build(ctx context.Context) (*Result, error) {
	start := time.Now()
	res := &Result{Full: true}
	if canLock {
		b.opts.sweep()
	}
	b.last = nil // a full build reads everything again
	loading := progress.Of(ctx, progress.Load)
	loading.Start()
	// The record of the content, taken before it is read: an edit during
	// the build leaves the index stale, not fresh. A missing site.toml is
	// the loader's to report.
	tree, treeErr := b.readHistory(ctx)
	err := b.load(ctx, res, nil)
	loading.Finish()
	if err != nil {
		return res, err
	}
	if treeErr != nil {
		return res, treeErr
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
	// lists the exported files: it follows the export. The portal's files
	// are counted as they are written and the exports' are listed with
	// their sizes: no walk of the tree when they are done.
	spare := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(spare) }) }
	indexed := make(chan struct{})
	var renderErr, exportErr, indexErr error
	var searchFiles int
	var searchBytes int64
	// The index is stopped if the renderer cannot be made.
	indexCtx, stopIndex := context.WithCancel(ctx)
	defer stopIndex()
	go func() {
		defer close(indexed)
		defer free() // if the index failed before it had a core to spare
		indexing := progress.Of(ctx, progress.Index)
		indexing.Start()
		defer indexing.Finish()
		if indexErr = static.Build(indexCtx, cat, tmpIndex, tmpPublic, free); indexErr != nil {
			return
		}
		// The index's static files, a few thousand, are counted once
		// written, maybe while the portal is still being written; the
		// search page beside them (search/index.html) is the portal's,
		// counted as it is written.
		searchFiles, searchBytes, indexErr = count(filepath.Join(tmpPublic, static.Dir), "index.html")
		if errors.Is(indexErr, fs.ErrNotExist) {
			indexErr = nil
		}
		if indexErr == nil {
			indexErr = index.WriteTree(tmpIndex, tree)
		}
	}()
	// The renderer is made meanwhile, as the index starts: the portal
	// needs it only once the index has a core to spare. A theme whose templates do not parse fails the
	// build as it did before the index started, which is stopped and
	// leaves nothing behind.
	r, err := b.renderer(cat)
	if err != nil {
		stopIndex()
		<-indexed
		return res, err
	}
	var site sync.WaitGroup
	var pages, openData int
	var written render.Written
	var exported []export.File
	site.Go(func() {
		<-spare
		rendering := progress.Of(ctx, progress.Render)
		rendering.Start()
		pages, renderErr = r.Site(ctx, tmpPublic, &written)
		rendering.Finish()
	})
	site.Go(func() {
		<-spare
		exporting := progress.Of(ctx, progress.Export)
		exporting.Start()
		var err error
		exported, err = export.Write(ctx, cat, tmpPublic, r.Paths())
		if exportErr = err; err == nil {
			openData, exportErr = r.OpenData(tmpPublic, exported, &written)
		}
		exporting.Finish()
	})
	site.Wait()
	<-indexed
	if err := errors.Join(renderErr, exportErr, indexErr); err != nil {
		return res, err
	}
	res.Pages = pages + openData
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Files, res.Bytes = written.Files()+searchFiles, written.Bytes()+searchBytes
	for _, f := range exported {
		res.Files, res.Bytes = res.Files+1, res.Bytes+f.Size
	}
	if err := swap(tmpIndex, b.opts.Index); err != nil {
		return res, err
	}
	if err := swap(tmpPublic, b.opts.Public); err != nil {
		return res, err
	}
	b.last, b.r, b.tree = cat, r, tree
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
	unlock, err := b.lock(ctx)
	if err != nil {
		return &Result{}, err
	}
	defer unlock()
	if b.last == nil || !allEntries(changed) {
		res, err := b.build(ctx)
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
	tree, err := b.tree.Updated(b.opts.Root, changed) // before the files are read, as in Build
	if err != nil {
		return res, err
	}
	if err := b.load(ctx, res, changed); err != nil {
		return res, err
	}
	r, err := b.renderer(res.Catalogue)
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
	res.PagesTook = res.Took
	if pagesDone != nil {
		pagesDone(res)
	}

	// The exports and the index follow: the pages a reader is looking at
	// are already fresh. The exports are rewritten whole; the index is
	// updated in a copy swapped over it.
	exported, err := export.Write(ctx, cat, b.opts.Public, r.Paths())
	if err != nil {
		return res, err
	}
	if _, err := r.OpenData(b.opts.Public, exported, nil); err != nil {
		return res, err
	}
	// A document of the index carries its entry's relations both ways:
	// the neighbours of an edited entry change too.
	if err := b.updateIndex(ctx, cat, withNeighbours(ids, last, cat), tree); err != nil {
		return res, err
	}
	b.tree = tree
	res.Files, res.Bytes, err = count(b.opts.Public, "")
	res.Took = time.Since(start)
	return res, err
}

// updateIndex applies an edit to a copy of the index, or builds it again
// when it cannot (entries added or removed) or when the update failed
// half-way, then records tree beside it and swaps it in. The index in
// place is never written: a reader and a writer of an index exclude each
// other, and a reader (serve's search API) keeps answering from the old
// index until it opens the new one.
func (b *Builder) updateIndex(ctx context.Context, cat *content.Catalogue, ids []string, tree *index.Tree) error {
	tmpIndex, err := tempSibling(b.opts.Index)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpIndex)
	err = os.CopyFS(tmpIndex, os.DirFS(b.opts.Index))
	if err == nil {
		err = static.Update(ctx, cat, tmpIndex, b.opts.Public, ids)
	}
	if err != nil {
		if err := os.RemoveAll(tmpIndex); err != nil {
			return err
		}
		if err := static.Build(ctx, cat, tmpIndex, b.opts.Public, nil); err != nil {
			return err
		}
	}
	if err := index.WriteTree(tmpIndex, tree); err != nil {
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
	if info, err := os.Lstat(dst); err == nil {
		if info.Mode()&fs.ModeSymlink != 0 {
			// Checked at the start of the build too: this one closes
			// the window since.
			return notLink(dst, replacedLink)
		}
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
// a time as there are cores. Links are removed, never followed: when dir is
// not a folder (a link put in its place), only dir itself goes.
func removeAll(dir string) error {
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() {
		return os.Remove(dir)
	}
	if err := eachChild(dir, os.RemoveAll); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// eachChild calls fn with the path of every entry of folder dir, on as
// many goroutines as there are cores, and returns the first error met;
// every entry is still tried.
func eachChild(dir string, fn func(child string) error) error {
	children, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	return parallel.Run(context.Background(), len(children), parallel.Options{}, func(i int) error {
		return fn(filepath.Join(dir, children[i].Name()))
	})
}
