//go:build !unix

package render

import "os"

// createFile writes data to the file name, created or truncated.
func createFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
