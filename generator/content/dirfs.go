package content

import (
	"io"
	"io/fs"
	"os"
)

// DirFS returns the files of the folder root, as os.DirFS does, in a form
// Load reads faster: it opens an entry file with the system's own calls,
// not as an os.File, which also sets and clears non-blocking mode and
// offers the file to the runtime's poller, only to be refused. That was
// ten system calls a file instead of four, and two fifths of loading an
// entry. Everything else, the walk of content/ included, goes to os.DirFS.
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

// An openFile is a file readInto reads. size is the size it claims, when
// it can tell, for the message that refuses a file too large.
type openFile interface {
	io.ReadCloser
	size() (int64, bool)
}

// open opens file for readInto: from a dirFS directly, else through fsys,
// which also says what is wrong with a root or a name that is not valid.
func open(fsys fs.FS, file string) (openFile, error) {
	if d, ok := fsys.(dirFS); ok && d.root != "" && fs.ValidPath(file) {
		return openPath(d.root, file)
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	return fsFile{f}, nil
}

// fsFile is an fs.File as an openFile.
type fsFile struct{ fs.File }

func (f fsFile) size() (int64, bool) {
	info, err := f.Stat()
	if err != nil {
		return 0, false
	}
	return info.Size(), true
}
