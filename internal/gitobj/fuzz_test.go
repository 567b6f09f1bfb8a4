package gitobj

import (
	"bytes"
	"compress/zlib"
	"errors"
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
		out, err := applyDelta(Flat(base), delta)
		want, wantErr := flatDelta(base, delta)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("error %v, flat %v", err, wantErr)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("%q, flat %q", out.Bytes(), want)
		}
		// From a base in pieces, the same bytes.
		split, err := applyDelta(inPieces(base, len(base)/3, len(base)/2), delta)
		if err != nil || !bytes.Equal(split.Bytes(), want) {
			t.Fatalf("from pieces: %q, %v", split.Bytes(), err)
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
		tx, err := ParseTree(Flat(x))
		if err != nil {
			return
		}
		got, ty, err := compared(tx, Flat(y))
		if got2, _, err2 := compared(tx, inPieces(y, len(y)/3, len(y)/2)); (err == nil) != (err2 == nil) || !slices.Equal(got, got2) {
			t.Fatalf("in pieces: %q %v, whole: %q %v", got2, err2, got, err)
		}
		full, errFull := ParseTree(Flat(y))
		if errFull != nil {
			return // Compare need not see every fault of y
		}
		if err != nil {
			t.Fatalf("compare: %v; parsed whole", err)
		}
		if want := walk(tx, full); !cmp.Equal(want, got) {
			t.Fatalf("compare %q, walk %q", got, want)
		}
		if !slices.Equal(ty.idx.offsets(), full.idx.offsets()) {
			t.Fatalf("derived starts %v, parsed %v", ty.idx.offsets(), full.idx.offsets())
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

// flatDelta applies a delta as git's patch_delta does, in one buffer.
func flatDelta(base, delta []byte) ([]byte, error) {
	src, rest, err := deltaSize(delta)
	if err != nil || src != uint64(len(base)) {
		return nil, errors.New("bad base size")
	}
	dst, rest, err := deltaSize(rest)
	if err != nil {
		return nil, err
	}
	var out []byte
	for len(rest) > 0 {
		op := rest[0]
		rest = rest[1:]
		if op == 0 {
			return nil, errors.New("op 0")
		}
		if op&0x80 == 0 {
			if int(op) > len(rest) {
				return nil, errors.New("short insert")
			}
			out, rest = append(out, rest[:op]...), rest[op:]
		} else {
			var off, n uint64
			for bit := range 7 {
				if op&(1<<bit) != 0 {
					if len(rest) == 0 {
						return nil, errors.New("short copy")
					}
					if bit < 4 {
						off |= uint64(rest[0]) << (8 * bit)
					} else {
						n |= uint64(rest[0]) << (8 * (bit - 4))
					}
					rest = rest[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) {
				return nil, errors.New("copy out of base")
			}
			out = append(out, base[off:off+n]...)
		}
		if uint64(len(out)) > dst {
			return nil, errors.New("too long")
		}
	}
	if uint64(len(out)) != dst {
		return nil, errors.New("wrong size")
	}
	return out, nil
}

// inPieces returns b as contents cut at the given places, each piece in a
// buffer of its own.
func inPieces(b []byte, cuts ...int) Contents {
	var c Contents
	last := 0
	for _, cut := range append(cuts, len(b)) {
		if cut < last || cut > len(b) {
			continue
		}
		c.add(piece{buf: &buffer{slices.Clone(b[last:cut])}, n: cut - last})
		last = cut
	}
	return c
}

func zlibOf(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}
