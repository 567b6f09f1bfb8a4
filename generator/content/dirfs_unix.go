//go:build unix

package content

import (
	"io"
	"io/fs"
	"syscall"
)

// A rawFile is a file read by the system's calls alone: open, read until
// the end, close; fstat only for a file too large.
type rawFile struct {
	fd   int
	path string
}

// openPath opens file under root for reading, as os.DirFS would without
// the poller.
func openPath(root, file string) (openFile, error) {
	path := root + "/" + file
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		switch err {
		case nil:
			return rawFile{fd: fd, path: path}, nil
		case syscall.EINTR: // as os.Open, which retries
			continue
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
}

func (f rawFile) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f rawFile) size() (int64, bool) {
	var st syscall.Stat_t
	if syscall.Fstat(f.fd, &st) != nil {
		return 0, false
	}
	return st.Size, true
}

func (f rawFile) Close() error { return syscall.Close(f.fd) }
