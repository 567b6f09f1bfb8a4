package content

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// readEntry reads an entry file whole, refusing one past MaxFileSize. It
// reads at most one byte more than the limit, whatever the file claims its
// size is.
func readEntry(fsys fs.FS, file string, diags *Diagnostics) ([]byte, bool) {
	var buf bytes.Buffer
	return readInto(&buf, fsys, file, diags)
}

// readBuffers are buffers for readInto, reused: an entry's text is copied
// into a string at once, and reading each file into a new buffer was a
// tenth of the memory a load allocates.
var readBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readInto is readEntry into buf, which it empties first; the data it
// returns is buf's.
func readInto(buf *bytes.Buffer, fsys fs.FS, file string, diags *Diagnostics) ([]byte, bool) {
	buf.Reset()
	whole := Pos{File: file}
	f, err := open(fsys, file)
	if err != nil {
		diags.Errorf(whole, "", "%s", ioProblem(err))
		return nil, false
	}
	defer f.Close()
	// The file's size is not asked before reading: buf is most often one
	// of readBuffers, already large enough, and the system call was a
	// twentieth of loading an entry.
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	data := buf.Bytes()
	if err != nil {
		diags.Errorf(whole, "", "%s", ioProblem(err))
		return nil, false
	}
	if len(data) > MaxFileSize {
		if info, err := f.Stat(); err == nil && info.Size() > MaxFileSize {
			diags.Errorf(whole, "", "file is %d bytes; an entry is limited to %d (1 MiB)", info.Size(), MaxFileSize)
		} else { // it grew as it was read, or cannot tell
			diags.Errorf(whole, "", "file is more than %d bytes; an entry is limited to %d (1 MiB)", MaxFileSize, MaxFileSize)
		}
		return nil, false
	}
	return data, true
}

// readRegular reads a file that the walk of content/ did not vet: it
// refuses a symbolic link (already reported by the walk) and anything but a
// regular file, which could block the read.
func readRegular(fsys fs.FS, file string, diags *Diagnostics) ([]byte, bool) {
	info, err := fs.Lstat(fsys, file)
	switch {
	case err != nil:
		diags.Errorf(Pos{File: file}, "", "%s", ioProblem(err))
		return nil, false
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, false
	case !info.Mode().IsRegular():
		return nil, false
	}
	return readEntry(fsys, file, diags)
}

// isSymlink reports whether name is a symbolic link, when fsys can tell.
func isSymlink(fsys fs.FS, name string) bool {
	info, err := fs.Lstat(fsys, name)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// onlyHas reports whether file is one of only, or under one of them.
func onlyHas(only []string, file string) bool {
	return slices.ContainsFunc(only, func(o string) bool {
		o = path.Clean(o)
		return file == o || o == "." || strings.HasPrefix(file, o+"/")
	})
}

// ioProblem puts a failed read in the contributor's words: the file is
// already named by the diagnostic's position, so the path the system error
// repeats is left out.
func ioProblem(err error) Message {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return msgf("cannot be read: it does not exist")
	case errors.Is(err, fs.ErrPermission):
		return msgf("cannot be read: permission denied; make it readable (chmod a+r)")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return msgf("cannot be read: %v", err)
}
