// Package outfile writes the files of a build, tens of thousands of them,
// with half the system calls of os.WriteFile.
//
// os.OpenFile makes a file it opens non-blocking, offers it to the
// runtime's poller, which on Linux refuses a regular file, and makes it
// blocking again: four fcntl calls of the eight it takes to write a page.
// A file opened non-blocking is offered as it is, and a regular file
// ignores the flag (open(2)).
package outfile

import (
	"os"
	"syscall"
)

// Write writes data to the file name, creating it with mode 0644 (before
// the umask) or truncating it, as os.WriteFile(name, data, 0o644) does.
func Write(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
