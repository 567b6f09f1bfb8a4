//go:build !unix

package content

import "os"

// openPath opens file under root for reading. Only Unix systems have a
// faster way than os.DirFS.
func openPath(root, file string) (openFile, error) {
	f, err := os.DirFS(root).Open(file)
	if err != nil {
		return nil, err
	}
	return fsFile{f}, nil
}
