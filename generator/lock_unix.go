//go:build unix

package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// canLock says whether this system has the lock of lockSite; without it a
// build does not sweep, as it could not tell a dead build's trees from a
// live one's.
const canLock = true

// lockSite takes the build lock in the state folder dir: an exclusive
// flock of dir/lock, which the kernel releases when its holder exits,
// however it exits, so that a killed build leaves no stale lock. The
// holder writes its pid in the file. While another process holds the lock,
// lockSite calls waiting once with that process's pid (0 if it has not
// written it yet) and waits, until ctx is done.
func lockSite(ctx context.Context, dir string, waiting func(pid int)) (unlock func(), err error) {
	if err := notLink(dir, stateLink); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	name := filepath.Join(dir, lockFile)
	// Not through a link, and never waiting on a named pipe.
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fmt.Errorf("%s: is a symbolic link; the build will not write through a link: remove it", name)
	}
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file; remove it", name)
	}
	fd := int(f.Fd())
	for told := false; ; {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", name, err)
		}
		if !told && waiting != nil {
			waiting(holder(f))
			told = true
		}
		// Polled rather than a blocking flock, which a cancelled
		// context could not interrupt.
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		f.Truncate(0) // no stale pid for the next waiter to report
		f.Close()
	}, nil
}

// holder returns the pid written in the lock file, or 0.
func holder(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		return 0
	}
	return pid
}
