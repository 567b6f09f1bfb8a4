package gitobj

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A Repo reads the objects of one repository and of its alternates. It is
// not safe for concurrent use: it keeps the objects it rebuilt from deltas
// for the next read.
type Repo struct {
	dirs  []string // object directories: the repository's, then its alternates
	packs []*pack
	cache *cache
	zr    io.ReadCloser // reused: a zlib reader allocates its tables
}

// maxAlternates is how deep alternates may chain, as in git.
const maxAlternates = 5

// Open opens the object directory dir (a repository's .git/objects), its
// packs and its alternates. Close releases the packs.
func Open(dir string) (*Repo, error) {
	r := &Repo{cache: newCache(cacheLimit)}
	if err := r.addStore(dir, 0); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// addStore adds an object directory, its packs, then its alternates.
func (r *Repo) addStore(dir string, depth int) error {
	dir = filepath.Clean(dir)
	if slices.Contains(r.dirs, dir) {
		return nil
	}
	if depth > maxAlternates {
		return fmt.Errorf("%s: alternates nested more than %d deep", dir, maxAlternates)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%s: not an object directory", dir)
	}
	r.dirs = append(r.dirs, dir)
	idxs, err := filepath.Glob(filepath.Join(dir, "pack", "pack-*.idx"))
	if err != nil {
		return err
	}
	slices.Sort(idxs)
	for _, idx := range idxs {
		p, err := openPack(strings.TrimSuffix(idx, ".idx"))
		if errors.Is(err, fs.ErrNotExist) {
			continue // an index without its pack: git ignores it too
		}
		if err != nil {
			return err
		}
		r.packs = append(r.packs, p)
	}
	alts, err := alternates(dir)
	if err != nil {
		return err
	}
	for _, a := range alts {
		if err := r.addStore(a, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// alternates returns the object directories that dir's
// info/alternates names.
func alternates(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "info", "alternates"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '"' {
			// A C-quoted path, which git unquotes; rare enough to
			// leave to git.
			return nil, fmt.Errorf("%s: quoted alternate %s", dir, line)
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(dir, line)
		}
		out = append(out, line)
	}
	return out, nil
}

// Close releases the pack files.
func (r *Repo) Close() error {
	var errs []error
	for _, p := range r.packs {
		errs = append(errs, p.close())
	}
	r.packs = nil
	return errors.Join(errs...)
}

// maxDepth bounds the chains of deltas and of bases found in other packs:
// git writes chains of at most a few thousand; a longer one is a loop.
const maxDepth = 10000

// Read returns the type and bytes of an object. The bytes may be shared
// with later reads: the caller must not modify them.
func (r *Repo) Read(id ID) (Type, []byte, error) {
	t, c, err := r.read(id, 0)
	if err != nil {
		return 0, nil, err
	}
	return t, c.Bytes(), nil
}

// ReadContents returns the type and contents of an object, as pieces it
// shares with its base: a tree rebuilt from a delta is not copied.
func (r *Repo) ReadContents(id ID) (Type, Contents, error) {
	return r.read(id, 0)
}

func (r *Repo) read(id ID, depth int) (Type, Contents, error) {
	if depth > maxDepth {
		return 0, Contents{}, fmt.Errorf("object %s: deltas nested too deep", id)
	}
	for _, p := range r.packs {
		if off, ok := p.find(id); ok {
			return r.unpack(p, off, depth)
		}
	}
	for _, dir := range r.dirs {
		t, data, err := r.readLoose(dir, id)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return t, Flat(data), err
	}
	return 0, Contents{}, fmt.Errorf("object %s: %w", id, ErrNotFound)
}

// readLoose reads an object from its own file: zlib of "type size\x00"
// then the contents.
func (r *Repo) readLoose(dir string, id ID) (Type, []byte, error) {
	name := id.String()
	file := filepath.Join(dir, name[:2], name[2:])
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, nil, err
	}
	raw, err := r.inflate(data, -1)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v", file, err)
	}
	head, body, ok := bytes.Cut(raw, []byte{0})
	typeName, size, ok2 := strings.Cut(string(head), " ")
	t, ok3 := typeNamed(typeName)
	n, err := strconv.Atoi(size)
	if !ok || !ok2 || !ok3 || err != nil || n != len(body) {
		return 0, nil, fmt.Errorf("%s: bad object header %q", file, head)
	}
	return t, body, nil
}

// unpack returns the object at off in p: the object itself, or the base
// at the end of its chain of deltas with each delta applied. Each object
// rebuilt is cached by its place in the pack, so that the next version of
// a file or tree, whose chain goes through the same bases, costs one
// delta.
func (r *Repo) unpack(p *pack, off int64, depth int) (Type, Contents, error) {
	var (
		chain []entryHeader // the deltas met, outermost first
		t     Type
		data  Contents
	)
	for {
		if e, ok := r.cache.get(p, off); ok {
			t, data = e.t, e.data
			break
		}
		h, err := p.header(off)
		if err != nil {
			return 0, Contents{}, err
		}
		if h.t >= CommitObject && h.t <= TagObject {
			b, err := r.inflate(p.data[h.dataOff:], h.size)
			if err != nil {
				return 0, Contents{}, p.errorAt(off, err)
			}
			t, data = h.t, Flat(b)
			if len(chain) > 0 {
				r.cache.put(p, off, t, data)
			}
			break
		}
		if len(chain) >= maxDepth {
			return 0, Contents{}, p.errorAt(off, errors.New("chain of deltas too long"))
		}
		chain = append(chain, h)
		if h.t == ofsDelta {
			off = h.base
			continue
		}
		if base, ok := p.find(h.baseID); ok {
			off = base
			continue
		}
		// A base in another pack, or loose.
		if t, data, err = r.read(h.baseID, depth+len(chain)); err != nil {
			return 0, Contents{}, p.errorAt(h.off, err)
		}
		break
	}
	for i := len(chain) - 1; i >= 0; i-- {
		h := chain[i]
		delta, err := r.inflate(p.data[h.dataOff:], h.size)
		if err == nil {
			data, err = applyDelta(data, delta)
		}
		if err != nil {
			return 0, Contents{}, p.errorAt(h.off, err)
		}
		r.cache.put(p, h.off, t, data)
	}
	return t, data, nil
}

// maxRatio is more than zlib can expand a byte to (1032 to 1), so that a
// damaged size is an error and not an allocation of terabytes.
const maxRatio = 1100

// inflate decompresses the zlib stream at the start of src, which must
// give exactly size bytes (any number when size < 0).
func (r *Repo) inflate(src []byte, size int64) ([]byte, error) {
	if size > int64(len(src))*maxRatio+64 {
		return nil, fmt.Errorf("size %d larger than its %d compressed bytes allow", size, len(src))
	}
	var err error
	if r.zr == nil {
		r.zr, err = zlib.NewReader(bytes.NewReader(src))
	} else {
		err = r.zr.(zlib.Resetter).Reset(bytes.NewReader(src), nil)
	}
	if err != nil {
		return nil, err
	}
	if size < 0 {
		return io.ReadAll(io.LimitReader(r.zr, int64(len(src))*maxRatio+64))
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(r.zr, out); err != nil {
		return nil, fmt.Errorf("inflating %d bytes: %v", size, err)
	}
	// The stream must end there; reading on checks its checksum.
	var one [1]byte
	if n, err := r.zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its header says")
		}
		return nil, fmt.Errorf("inflating %d bytes: %v", size, err)
	}
	return out, nil
}
