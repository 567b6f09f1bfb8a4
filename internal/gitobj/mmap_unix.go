//go:build unix

package gitobj

import (
	"os"
	"syscall"
)

// mapOpen maps the first size bytes of f, read-only.
func mapOpen(f *os.File, size int) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
}

// unmapFile releases what mapFile returned.
func unmapFile(data []byte) error {
	if data == nil {
		return nil
	}
	return syscall.Munmap(data)
}
