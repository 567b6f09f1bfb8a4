package render

import "sync/atomic"

// Written counts the files the renderer writes and their bytes, as it
// writes them: a build reports the size of its tree without walking the
// tens of thousands of files again. It is safe for concurrent use; a nil
// *Written counts nothing.
type Written struct {
	files, bytes atomic.Int64
}

// add counts one file of n bytes.
func (w *Written) add(n int) {
	if w != nil {
		w.files.Add(1)
		w.bytes.Add(int64(n))
	}
}

// Files returns how many files were written.
func (w *Written) Files() int { return int(w.files.Load()) }

// Bytes returns how many bytes they hold.
func (w *Written) Bytes() int64 { return w.bytes.Load() }
