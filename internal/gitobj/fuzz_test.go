package gitobj

import (
	"bytes"
	"compress/zlib"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzApplyDelta applies any delta to any base: an error or a result of
// the size the delta says, never a panic.
func FuzzApplyDelta(f *testing.F) {
	f.Add([]byte("hello world"), []byte{11, 5, 0x91, 0, 5})       // copy "hello"
	f.Add([]byte("hello world"), []byte{11, 3, 3, 'a', 'b', 'c'}) // insert "abc"
	f.Add([]byte(""), []byte{0, 0})
	f.Add([]byte("abc"), []byte{3, 1, 0})
	f.Add([]byte("abc"), []byte{3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := applyDelta(base, delta)
		if err != nil {
			return
		}
		_, rest, _ := deltaSize(delta)
		size, _, _ := deltaSize(rest)
		if uint64(len(out)) != size {
			t.Fatalf("%d bytes, the delta says %d", len(out), size)
		}
	})
}

// FuzzParseTree parses any bytes as a tree, and compares any two that
// parse both by their bytes and entry by entry.
func FuzzParseTree(f *testing.F) {
	a := writeTree([]TreeEntry{{Mode: ModeFile, Name: []byte("a.md")}, {Mode: ModeTree, Name: []byte("b")}, {Mode: ModeFile, Name: []byte("b.md"), ID: ID{0, ' ', 0}}})
	b := writeTree([]TreeEntry{{Mode: ModeFile, Name: []byte("a.md"), ID: ID{1}}, {Mode: ModeTree, Name: []byte("b")}, {Mode: ModeExec, Name: []byte("c.md")}})
	f.Add(a, b)
	f.Add(b, a)
	f.Add(a, []byte{})
	f.Add([]byte("100644 \x00"), a)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		tx, err := ParseTree(x)
		if err != nil {
			return
		}
		got, ty, err := compared(tx, y)
		full, errFull := ParseTree(y)
		if errFull != nil {
			return // Compare need not see every fault of y
		}
		if err != nil {
			t.Fatalf("compare: %v; parsed whole", err)
		}
		if want := walk(tx, full); !cmp.Equal(want, got) {
			t.Fatalf("compare %q, walk %q", got, want)
		}
		if !slices.Equal(ty.starts, full.starts) {
			t.Fatalf("derived starts %v, parsed %v", ty.starts, full.starts)
		}
	})
}

// FuzzParseCommit parses any bytes as a commit.
func FuzzParseCommit(f *testing.F) {
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b> 1700000000 +0100\ncommitter A <a@b> 1700000000 +0100\n\nSubject\nline two\n\nBody\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter <> 0 -0000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCommit(data)
		if err == nil && c.Committed.IsZero() {
			t.Fatal("no date")
		}
	})
}

// FuzzUnpack reads an object at any offset of any pack: an error or an
// object, never a panic.
func FuzzUnpack(f *testing.F) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte("hello"))
	w.Close()
	obj := append([]byte{0x35}, z.Bytes()...) // a blob of 5 bytes
	file := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), obj...)
	delta := append([]byte{0x6a, byte(len(obj))}, zlibOf([]byte{5, 4, 0x90, 4})...) // ofs delta: copy 4 bytes
	f.Add(append(append(slices.Clone(file), delta...), make([]byte, 20)...), uint16(12))
	f.Add(append(append(slices.Clone(file), delta...), make([]byte, 20)...), uint16(12+len(obj)))
	f.Fuzz(func(t *testing.T, data []byte, off uint16) {
		r := &Repo{cache: newCache(1 << 20)}
		p := &pack{name: "fuzz", data: data, fanout: make([]byte, 1024)}
		r.unpack(p, int64(off), 0)
	})
}

func zlibOf(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}
