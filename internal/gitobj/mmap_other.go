//go:build !unix

package gitobj

import (
	"io"
	"os"
)

// mapOpen reads the first size bytes of f: there is no mmap here.
func mapOpen(f *os.File, size int) ([]byte, error) {
	data := make([]byte, size)
	_, err := io.ReadFull(f, data)
	return data, err
}

// unmapFile releases what mapFile returned.
func unmapFile(data []byte) error { return nil }
