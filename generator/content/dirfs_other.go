//go:build !unix

package content

import "os"

// openPath opens path for reading. Only Unix systems have a faster way.
func openPath(path string) (openFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return fsFile{f}, nil
}
