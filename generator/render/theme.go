package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"catalogue/generator/content"
)

// MaxThemeFile bounds a file of a theme, in bytes: 8 MiB, room for any
// stylesheet, script, font or image a portal needs, and a bound on what a
// theme file (a link to /dev/zero, say) could make a build read.
const MaxThemeFile = 8 << 20

// ThemesDir is the folder, under a site's root, of its themes.
const ThemesDir = "themes"

// CheckTheme reports, as the content's problems are reported, what a build
// refuses to read in the theme named theme of the site fsys: symbolic links
// (which would publish what they point to: /etc/passwd, /proc/self/environ),
// named pipes, devices and sockets (a read would block or never end), and
// files past MaxThemeFile. Positions are slash paths from the site root.
// fsys must be able to tell links (fs.ReadLinkFS, as os.DirFS does).
func CheckTheme(fsys fs.FS, theme string) content.Diagnostics {
	var diags content.Diagnostics
	dir := ThemesDir + "/" + theme
	for _, p := range []string{ThemesDir, dir} {
		info, err := fs.Lstat(fsys, p)
		switch {
		case err != nil:
			diags.Errorf(content.Pos{File: p}, "", "missing: site.toml names the theme %q, which lives in %s/", theme, dir)
			return diags
		case info.Mode()&fs.ModeSymlink != 0:
			diags.Errorf(content.Pos{File: p}, "", "symbolic links are not allowed in themes/: %s/ itself must be a folder", p)
			return diags
		}
	}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(content.Pos{File: p}, "", "%v", err)
			return nil
		}
		if p == dir || d.IsDir() {
			return nil
		}
		checkThemeFile(&diags, p, d.Type(), func() (int64, error) {
			info, err := d.Info()
			if err != nil {
				return 0, err
			}
			return info.Size(), nil
		})
		return nil
	})
	if err != nil {
		diags.Errorf(content.Pos{File: dir}, "", "%v", err)
	}
	return diags
}

// checkThemeFile adds to diags why the file p, of the given type and size
// (asked only of a regular file), cannot be read as a theme file, if it
// cannot. The messages are templates of content's catalogue, so that they
// come in the contributor's language with a code, like content's own.
func checkThemeFile(diags *content.Diagnostics, p string, mode fs.FileMode, size func() (int64, error)) {
	pos := content.Pos{File: p}
	switch {
	case mode&fs.ModeSymlink != 0:
		diags.Errorf(pos, "", "symbolic links are not allowed in themes/: copy the file instead")
		return
	case !mode.IsRegular():
		// A named pipe or a device would block the read or never end.
		diags.Errorf(pos, "", "not a regular file; a theme holds files and folders only")
		return
	}
	n, err := size()
	switch {
	case err != nil:
		diags.Errorf(pos, "", "%v", err)
	case n > MaxThemeFile:
		diags.Errorf(pos, "", "file is %d bytes; a theme file is limited to %d (8 MiB)", n, MaxThemeFile)
	}
}

// readThemeFile reads the file name of theme as CheckTheme would have it:
// a regular file, not under a link, of at most MaxThemeFile bytes. The
// build checks the theme first; this keeps render safe on its own, and
// against a file swapped since.
func readThemeFile(theme fs.FS, name string) ([]byte, error) {
	// Every folder on the way, as a link there would lead the open
	// elsewhere.
	for i := range len(name) {
		if name[i] == '/' {
			if err := themeFileOK(theme, name[:i], true); err != nil {
				return nil, err
			}
		}
	}
	if err := themeFileOK(theme, name, false); err != nil {
		return nil, err
	}
	f, err := theme.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a regular file")}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxThemeFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxThemeFile {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("more than %d bytes; a theme file is limited to %d (8 MiB)", MaxThemeFile, MaxThemeFile)}
	}
	return data, nil
}

// themeFileOK checks that name is a folder (dir) or a file CheckTheme
// accepts.
func themeFileOK(theme fs.FS, name string, dir bool) error {
	info, err := fs.Lstat(theme, name)
	if err != nil {
		return err
	}
	var diags content.Diagnostics
	if dir && info.Mode()&fs.ModeSymlink != 0 {
		diags.Errorf(content.Pos{File: name}, "", "symbolic links are not allowed in themes/: copy the folder instead")
	} else if !dir {
		checkThemeFile(&diags, name, info.Mode().Type(), func() (int64, error) { return info.Size(), nil })
	}
	if len(diags) > 0 {
		return &fs.PathError{Op: "read", Path: name, Err: errors.New(diags[0].Msg)}
	}
	return nil
}
