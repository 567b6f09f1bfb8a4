package render

import (
	"os"
	"syscall"
)

// createFile writes data to the file name, creating or truncating it, as
// os.WriteFile with mode 0644 does. os.OpenFile offers each file it opens
// to the runtime's network poller, which on Linux refuses a regular file:
// it makes the file non-blocking first and blocking again after, four
// fcntl calls, half of the eight system calls of writing a page. A file
// opened non-blocking is offered as it is, and a regular file ignores the
// flag (open(2)).
func createFile(name string, data []byte) error {
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
