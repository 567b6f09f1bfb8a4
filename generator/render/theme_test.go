package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// hostileTheme is a theme with what a merge request could slip into one.
func hostileTheme() fstest.MapFS {
	return fstest.MapFS{
		"themes/t/templates/base.html":             {Data: []byte("ok")},
		"themes/t/static/.well-known/security.txt": {Data: []byte("ok")},
		"themes/t/static/leak.txt":                 {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"themes/t/static/img":                      {Data: []byte("../../../elsewhere"), Mode: fs.ModeSymlink},
		"themes/t/static/pipe.css":                 {Mode: fs.ModeNamedPipe},
		"themes/t/static/dev":                      {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"themes/t/static/big.woff2":                {Data: make([]byte, MaxThemeFile+1)},
		"themes/t/static/fits.woff2":               {Data: make([]byte, MaxThemeFile)},
		"elsewhere/logo.svg":                       {Data: []byte("<svg/>")},
	}
}

func TestCheckTheme(t *testing.T) {
	var got []string
	for _, d := range CheckTheme(hostileTheme(), "t").Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		"themes/t/static/big.woff2: error: file is 8388609 bytes; a theme file is limited to 8388608 (8 MiB)",
		"themes/t/static/dev: error: not a regular file; a theme holds files and folders only",
		"themes/t/static/img: error: symbolic links are not allowed in themes/: copy the file instead",
		"themes/t/static/leak.txt: error: symbolic links are not allowed in themes/: copy the file instead",
		"themes/t/static/pipe.css: error: not a regular file; a theme holds files and folders only",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}

	for name, want := range map[string]string{
		"x":      "themes/x: error: missing: site.toml names the theme \"x\", which lives in themes/x/",
		"linked": "themes/linked: error: symbolic links are not allowed in themes/: themes/linked/ itself must be a folder",
	} {
		fsys := fstest.MapFS{"themes/linked": {Data: []byte("t"), Mode: fs.ModeSymlink}}
		if d := CheckTheme(fsys, name); len(d) != 1 || d[0].Error() != want {
			t.Errorf("theme %s: %v", name, d)
		}
	}
}

// TestReadThemeFile: render reads theme files under the same rules on its
// own, a link on the way included.
func TestReadThemeFile(t *testing.T) {
	theme, err := fs.Sub(hostileTheme(), "themes/t")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"templates/base.html", "static/.well-known/security.txt", "static/fits.woff2"} {
		if _, err := readThemeFile(theme, name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, want := range map[string]string{
		"static/leak.txt":     "read static/leak.txt: symbolic links are not allowed",
		"static/img/logo.svg": "read static/img: symbolic links are not allowed",
		"static/pipe.css":     "read static/pipe.css: not a regular file",
		"static/dev":          "read static/dev: not a regular file",
		"static/big.woff2":    "read static/big.woff2: file is 8388609 bytes",
	} {
		if _, err := readThemeFile(theme, name); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %s…", name, err, want)
		}
	}
}
