package markdown

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzRender renders arbitrary bodies, seeded from testdata/*.md. A body
// either renders to HTML that holds nothing unsafe, or is refused with a
// *LimitError by Render and Scan alike; Scan's offsets stay in the body.
func FuzzRender(f *testing.F) {
	addTestdata(f)
	md := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchSlow(src)()
		var out bytes.Buffer
		renderErr := md.Render(&out, src, resolver{})
		scan, scanErr := md.Scan(src)
		text := md.Text(src)
		if scanErr == nil && scan.Text != text {
			t.Fatalf("Scan's text %q, Text's %q", scan.Text, text)
		}
		var le *LimitError
		if (renderErr == nil) != (scanErr == nil) {
			t.Fatalf("Render says %v, Scan says %v", renderErr, scanErr)
		}
		if renderErr != nil {
			if !errors.As(renderErr, &le) {
				t.Fatalf("Render: %v is not a *LimitError", renderErr)
			}
			if le.Offset < 0 || le.Offset > len(src) {
				t.Fatalf("limit offset %d outside a body of %d bytes", le.Offset, len(src))
			}
			return
		}
		if bad := unsafeHTML(out.String()); bad != "" {
			t.Fatalf("renders %s:\n%s", bad, out.String())
		}
		for _, r := range scan.Refs {
			if r.Offset < 0 || r.Offset > len(src) {
				t.Fatalf("ref %q at offset %d outside a body of %d bytes", r.ID, r.Offset, len(src))
			}
		}
		for _, l := range scan.Links {
			if l.Offset < 0 || l.Offset > len(src) {
				t.Fatalf("link %q at offset %d outside a body of %d bytes", l.Dest, l.Offset, len(src))
			}
		}
	})
}

// FuzzNoLinkify requires a body that mayLinkify says has nothing to make
// a link of to render, scan and read as text the same with linkify as
// without, which is how Markdown parses it.
func FuzzNoLinkify(f *testing.F) {
	addTestdata(f)
	for _, s := range []string{"Voir M001 (M002), *M003* et ~~M004~~ _x_.", "a  \nb\\\nc (d) e_f_", "| a | b |\n|---|---|\n| M001 | (x) |", "- [x] done M007\n- [ ] not"} {
		f.Add([]byte(s))
	}
	md := New()
	with := &Markdown{md: md.md, noLinkify: md.md}
	without := &Markdown{md: md.noLinkify, noLinkify: md.noLinkify}
	f.Fuzz(func(t *testing.T, src []byte) {
		if mayLinkify(src) {
			return
		}
		defer watchSlow(src)()
		var a, b bytes.Buffer
		errA, errB := with.Render(&a, src, resolver{}), without.Render(&b, src, resolver{})
		if a.String() != b.String() || (errA == nil) != (errB == nil) {
			t.Fatalf("renders otherwise without linkify:\n%s (%v)\nwith:\n%s (%v)", b.String(), errB, a.String(), errA)
		}
		scanA, errA := with.Scan(src)
		scanB, errB := without.Scan(src)
		if diff := cmp.Diff(scanA, scanB); diff != "" || (errA == nil) != (errB == nil) {
			t.Fatalf("scans otherwise without linkify (-with +without):\n%s", diff)
		}
	})
}

// watchSlow saves an input that takes more than a few seconds in the folder
// named by $FUZZ_SLOW_DIR, if set: go test -fuzz reports crashes, not slow
// inputs, which only show as a stalled exec count. It returns the function
// that stops the watch.
func watchSlow(input []byte) (stop func()) {
	dir := os.Getenv("FUZZ_SLOW_DIR")
	if dir == "" {
		return func() {}
	}
	data := bytes.Clone(input)
	timer := time.AfterFunc(3*time.Second, func() {
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("slow-%x", sha256.Sum256(data))), data, 0o644)
	})
	return func() { timer.Stop() }
}

// addTestdata seeds f with the bodies of testdata/*.md.
func addTestdata(f *testing.F) {
	f.Helper()
	files, err := filepath.Glob("testdata/*.md")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}
