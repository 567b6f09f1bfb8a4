// Package atomicfile replaces a file in one step: a reader (a server
// answering from public/, a build reading an index's record) sees the old
// file or the new one, never half of either.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to a new file beside file, then renames it over file,
// with mode 0644. The folder must exist. On error the temporary file is
// removed and file is left as it was.
func Write(file string, data []byte) error {
	return WriteFunc(file, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// WriteFunc is Write for content written by fill, for a file too large to
// hold in memory first.
func WriteFunc(file string, fill func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+"-*")
	if err != nil {
		return err
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// CreateTemp makes the file 0600; the site's files are readable.
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
