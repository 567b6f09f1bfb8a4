package index

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"catalogue/generator/content"
	"catalogue/internal/atomicfile"
	"catalogue/internal/parallel"
)

// How a server tells, at start, whether the index is fresh without
// loading the catalogue (which at 100,000 entries takes seconds and a
// gigabyte): the build records beside the index what it read — the hash
// of site.toml and the path, size and modification time of every file
// under content/ — and [CheckTree] compares that record with the tree in
// one walk that reads no entry. A changed size or time, a new file or a
// removed one makes the index stale, even when the change would not
// change the index (a touched file, a README): a rebuild then says it is
// fresh again. Files and folders whose name starts with a dot are left
// out, as the loader leaves them.

// TreeFile is the record of the content an index was built from, in the
// index folder. It is JSON lines: a header, then one line per file,
// [path, size, modification time in Unix nanoseconds], by path.
const TreeFile = "catalogue-tree.jsonl"

// treeFormat is the version of TreeFile's shape.
const treeFormat = 1

// A Tree is what a build read: site.toml's hash and every content file's
// path (from the site root, with slashes), size and modification time.
type Tree struct {
	Site  string // hash of site.toml
	Files []TreeEntry
}

// A TreeEntry is one content file of a [Tree].
type TreeEntry struct {
	Path string
	Size int64
	Mod  int64 // modification time, Unix nanoseconds
}

// treeHeader is the first line of TreeFile.
type treeHeader struct {
	Format int    `json:"format"` // treeFormat
	Index  int    `json:"index"`  // [Format] of the index
	Site   string `json:"site"`   // hash of site.toml
	Hash   string `json:"hash"`   // of the files' paths, sizes and times
	Files  int    `json:"files"`
}

// ScanTree records site.toml and the content files of the site at root.
// Take it before loading the content: a file edited while the build reads
// it then looks changed to [CheckTree], never the reverse. The folders
// are listed one after the other and their files' sizes and times read
// on every core: one system call a file is most of its cost.
func ScanTree(root string) (*Tree, error) {
	site, err := os.ReadFile(filepath.Join(root, content.SiteFile))
	if err != nil {
		return nil, err
	}
	t := &Tree{Site: hashBytes(site)}
	var dirs []string // to list, from the site root, with slashes
	if _, err := os.Stat(filepath.Join(root, content.ContentDir)); err == nil {
		dirs = append(dirs, content.ContentDir)
	}
	for len(dirs) > 0 {
		dir := dirs[0]
		dirs = dirs[1:]
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			switch p := dir + "/" + e.Name(); {
			case strings.HasPrefix(e.Name(), "."):
			case e.IsDir():
				dirs = append(dirs, p)
			default:
				t.Files = append(t.Files, TreeEntry{Path: p})
			}
		}
	}
	if err := statAll(root, t.Files); err != nil {
		return nil, err
	}
	t.sort()
	return t, nil
}

// statAll fills in the size and time of each file, on every core, in
// chunks: one item a file would cost more in counting than in stat.
func statAll(root string, files []TreeEntry) error {
	const chunk = 256
	return parallel.Run(context.Background(), (len(files)+chunk-1)/chunk, parallel.Options{Errors: parallel.ByIndex}, func(c int) error {
		for i := c * chunk; i < min((c+1)*chunk, len(files)); i++ {
			info, err := os.Lstat(root + string(filepath.Separator) + filepath.FromSlash(files[i].Path))
			if err != nil {
				return err
			}
			files[i].Size, files[i].Mod = info.Size(), info.ModTime().UnixNano()
		}
		return nil
	})
}

func (t *Tree) sort() {
	slices.SortFunc(t.Files, func(a, b TreeEntry) int { return strings.Compare(a.Path, b.Path) })
}

// Updated returns t with the files at changed (paths from the site root,
// with slashes) recorded again as they are now under root: edited, new or
// removed. Paths outside content/ or hidden are left out.
func (t *Tree) Updated(root string, changed []string) (*Tree, error) {
	u := &Tree{Site: t.Site, Files: slices.Clone(t.Files)}
	for _, p := range changed {
		if !inContent(p) {
			continue
		}
		u.Files = slices.DeleteFunc(u.Files, func(e TreeEntry) bool { return e.Path == p })
		info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case !info.IsDir():
			u.Files = append(u.Files, TreeEntry{Path: p, Size: info.Size(), Mod: info.ModTime().UnixNano()})
		}
	}
	u.sort()
	return u, nil
}

// inContent tells whether the file at p (from the site root) is one
// ScanTree records.
func inContent(p string) bool {
	rest, ok := strings.CutPrefix(p, content.ContentDir+"/")
	if !ok || rest == "" {
		return false
	}
	for _, name := range strings.Split(rest, "/") {
		if strings.HasPrefix(name, ".") {
			return false
		}
	}
	return true
}

// hash is the hash of the files' list.
func (t *Tree) hash() string {
	h := sha256.New()
	var line []byte
	for _, f := range t.Files {
		line = append(line[:0], f.Path...)
		line = append(line, 0)
		line = strconv.AppendInt(line, f.Size, 10)
		line = append(line, 0)
		line = strconv.AppendInt(line, f.Mod, 10)
		line = append(line, '\n')
		h.Write(line)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func hashBytes(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// WriteTree writes t as the record of the content the index in indexDir
// was built from. Write it once the index is written: a record without
// its index could call an old index fresh.
func WriteTree(indexDir string, t *Tree) error {
	return atomicfile.WriteFunc(filepath.Join(indexDir, TreeFile), func(f *os.File) error {
		w := bufio.NewWriter(f)
		enc := json.NewEncoder(w)
		err := enc.Encode(treeHeader{Format: treeFormat, Index: Format, Site: t.Site, Hash: t.hash(), Files: len(t.Files)})
		for _, e := range t.Files {
			if err != nil {
				return err
			}
			err = enc.Encode([]any{e.Path, e.Size, e.Mod})
		}
		if err != nil {
			return err
		}
		return w.Flush()
	})
}

// CheckTree tells whether the site at root has changed since the index in
// indexDir was built: stale, with why in a few words (what changed, or
// that the index records no content), without loading any entry. err is
// for a tree or a record that cannot be read.
func CheckTree(indexDir, root string) (stale bool, why string, err error) {
	f, err := os.Open(filepath.Join(indexDir, TreeFile))
	if errors.Is(err, fs.ErrNotExist) {
		return true, "it does not record the content it was built from", nil
	}
	if err != nil {
		return false, "", err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return false, "", err
	}
	var h treeHeader
	if err := json.Unmarshal(line, &h); err != nil {
		return false, "", fmt.Errorf("search index %s: broken %s: %v: run catalogue build", indexDir, TreeFile, err)
	}
	if h.Format != treeFormat || h.Index != Format {
		return true, fmt.Sprintf("its record of the content is of another version (%d, index format %d)", h.Format, h.Index), nil
	}
	now, err := ScanTree(root)
	if err != nil {
		return false, "", err
	}
	var changes []string
	if now.Site != h.Site {
		changes = append(changes, content.SiteFile+" changed")
	}
	if now.hash() != h.Hash {
		old, err := readTreeFiles(r, h.Files)
		if err != nil {
			return false, "", fmt.Errorf("search index %s: broken %s: %v: run catalogue build", indexDir, TreeFile, err)
		}
		changes = append(changes, diffTrees(old, now.Files)...)
		if len(changes) == 0 {
			changes = append(changes, "the content changed")
		}
	}
	switch len(changes) {
	case 0:
		return false, "", nil
	case 1:
		return true, changes[0], nil
	}
	if len(changes) == 2 {
		return true, changes[0] + ", and 1 more change", nil
	}
	return true, fmt.Sprintf("%s, and %d more changes", changes[0], len(changes)-1), nil
}

// readTreeFiles reads the files' lines of TreeFile.
func readTreeFiles(r *bufio.Reader, n int) ([]TreeEntry, error) {
	files := make([]TreeEntry, 0, n)
	dec := json.NewDecoder(r)
	for {
		var line []json.RawMessage
		err := dec.Decode(&line)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		var e TreeEntry
		if len(line) != 3 || json.Unmarshal(line[0], &e.Path) != nil || json.Unmarshal(line[1], &e.Size) != nil || json.Unmarshal(line[2], &e.Mod) != nil {
			return nil, fmt.Errorf("file %d: want [path, size, time]", len(files)+1)
		}
		files = append(files, e)
	}
	if len(files) != n {
		return nil, fmt.Errorf("%d files, its header says %d", len(files), n)
	}
	return files, nil
}

// diffTrees lists what changed from old to now, both sorted by path.
func diffTrees(old, now []TreeEntry) []string {
	var out []string
	i, j := 0, 0
	for i < len(old) || j < len(now) {
		c := 0
		switch {
		case i == len(old):
			c = 1
		case j == len(now):
			c = -1
		default:
			c = cmp.Compare(old[i].Path, now[j].Path)
		}
		switch {
		case c < 0:
			out = append(out, old[i].Path+" was removed")
			i++
		case c > 0:
			out = append(out, now[j].Path+" is new")
			j++
		default:
			if old[i] != now[j] {
				out = append(out, now[j].Path+" changed")
			}
			i++
			j++
		}
	}
	return out
}
