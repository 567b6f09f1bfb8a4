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
	"os"
	"path/filepath"
	"sync"
	"time"

	"catalogue/generator/content"
	"catalogue/generator/export"
	"catalogue/generator/markdown"
	"catalogue/generator/render"
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
	start := time.Now()
	opts = opts.withDefaults()
	res := &Result{}
	md := markdown.New()
	cat, diags := content.Load(ctx, os.DirFS(opts.Root), content.Options{
		Modified: gitDates(ctx, opts.Root),
		Markdown: md,
	})
	res.Catalogue, res.Diagnostics = cat, diags
	if err := diags.Err(); err != nil {
		return res, err
	}
	theme := os.DirFS(filepath.Join(opts.Root, "themes", cat.Site.Theme))
	if _, err := fs.Stat(theme, "templates"); err != nil {
		return res, fmt.Errorf("theme %q: %w", cat.Site.Theme, err)
	}

	tmpPublic, err := tempSibling(opts.Public)
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpPublic)
	tmpIndex, err := tempSibling(opts.Index)
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpIndex)

	r, err := render.New(theme, cat, md)
	if err != nil {
		return res, err
	}
	// The portal and the exports are independent of the index: build
	// them side by side, one core each.
	var wg sync.WaitGroup
	var renderErr, exportErr, indexErr error
	var exported []export.File
	wg.Go(func() {
		res.Pages, renderErr = r.Site(ctx, tmpPublic)
		if renderErr == nil {
			exported, exportErr = export.Write(ctx, cat, md, tmpPublic)
		}
	})
	wg.Go(func() {
		indexErr = search.Build(ctx, cat, md, tmpIndex, tmpPublic)
	})
	wg.Wait()
	if err := errors.Join(renderErr, exportErr, indexErr); err != nil {
		return res, err
	}
	n, err := r.OpenData(tmpPublic, exported)
	if err != nil {
		return res, err
	}
	res.Pages += n
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Files, res.Bytes, err = count(tmpPublic)
	if err != nil {
		return res, err
	}
	if err := swap(tmpIndex, opts.Index); err != nil {
		return res, err
	}
	if err := swap(tmpPublic, opts.Public); err != nil {
		return res, err
	}
	res.Took = time.Since(start)
	return res, nil
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
		defer os.RemoveAll(o)
	}
	if err := os.Rename(tmp, dst); err != nil {
		if old != "" {
			_ = os.Rename(old, dst) // put the last good tree back
		}
		return err
	}
	return nil
}

func count(dir string) (files int, bytes int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		bytes += info.Size()
		return nil
	})
	return files, bytes, err
}
