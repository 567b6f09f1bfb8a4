package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// DirFS returns the files of the folder root, as os.DirFS does, in a form
// Load reads with fewer system calls. os.OpenFile makes a file it opens
// non-blocking, offers it to the runtime's poller, which refuses a regular
// file, and makes it blocking again: four fcntl calls of the ten it took
// to read an entry. DirFS opens an entry file non-blocking from the start,
// which a regular file ignores (open(2)), and os.OpenFile offers it as it
// is. Everything else, the walk of content/ included, goes to os.DirFS.
func DirFS(root string) fs.FS {
	return dirFS{osFS: os.DirFS(root).(osFS), root: root}
}

// osFS is what os.DirFS implements and the loader uses: the walk lists
// folders, and the checks of symbolic links need Lstat.
type osFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

type dirFS struct {
	osFS
	root string
}

// open opens file for readInto: from a dirFS non-blocking, else through
// fsys, which also says what is wrong with a root or a name that is not
// valid.
func open(fsys fs.FS, file string) (fs.File, error) {
	d, ok := fsys.(dirFS)
	if !ok || d.root == "" || !fs.ValidPath(file) {
		return fsys.Open(file)
	}
	f, err := os.OpenFile(filepath.Join(d.root, filepath.FromSlash(file)), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		err.(*fs.PathError).Path = file // as os.DirFS reports it
		return nil, err
	}
	return f, nil
}
