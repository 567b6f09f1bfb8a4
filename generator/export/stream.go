package export

import (
	"bytes"
	"crypto/sha256"
	"hash"
	"os"
)

// A stream is a file written as it is made, for the files too big to hold
// whole: its bytes gather in buf, which spill writes out once it is large.
// The first error is kept and reported by finish.
type stream struct {
	file *os.File
	buf  []byte
	sum  hash.Hash
	size int64
	err  error
}

// spillSize is how much a stream gathers before it writes.
const spillSize = 256 << 10

// create opens a stream to the site path p under x.dir.
func (x *exporter) create(p string) (*stream, error) {
	full, err := x.fullPath(p)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(full)
	if err != nil {
		return nil, err
	}
	var buf []byte
	if n := len(x.spare); n > 0 {
		buf, x.spare = x.spare[n-1], x.spare[:n-1]
	} else {
		buf = make([]byte, 0, 2*spillSize)
	}
	return &stream{file: f, buf: buf, sum: sha256.New()}, nil
}

// spill writes what has gathered once it is spillSize or more.
func (s *stream) spill() {
	if len(s.buf) >= spillSize {
		s.flush()
	}
}

func (s *stream) flush() {
	if s.err == nil {
		s.sum.Write(s.buf)
		_, s.err = s.file.Write(s.buf)
		s.size += int64(len(s.buf))
	}
	s.buf = s.buf[:0]
}

// abort closes the file if finish did not, after an error.
func (s *stream) abort() {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}

// finish writes the rest of s, closes it and records it as f, as add
// does; an error is kept for build.
func (x *exporter) finish(s *stream, f File) {
	s.flush()
	err := s.err
	if cerr := s.file.Close(); err == nil {
		err = cerr
	}
	s.file = nil
	if x.err == nil {
		x.err = err
	}
	var sum [sha256.Size]byte
	s.sum.Sum(sum[:0])
	x.list(f, s.size, sum)
	// At most three streams are open at once, of about twenty: their
	// buffers serve the next ones.
	x.spare = append(x.spare, s.buf[:0])
	s.buf = nil
}

// listMark stands, in an object given to createList, for the list that
// is written item by item. No JSON text holds a NUL byte outside a
// string, nor inside one, where it is escaped.
var listMark = indented{0}

// listDepth is the depth of the items of a list that is a member of a
// file's top object, as the entries of the catalogue and of a collection.
const listDepth = 2

// A jsonList is a JSON file whose top object has a long list, written
// item by item: the bytes as appendJSON would write them whole.
type jsonList struct {
	*stream
	after []byte // the object's text after the list
	n     int    // items written
}

// createList opens a stream to the site path p for object o, one of whose
// members has the value listMark: the list that item writes.
func (x *exporter) createList(o object, p string) (*jsonList, error) {
	b, err := appendJSON(nil, o, 0)
	if err != nil {
		return nil, err
	}
	before, after, _ := bytes.Cut(b, listMark)
	s, err := x.create(p)
	if err != nil {
		return nil, err
	}
	s.buf = append(s.buf, before...)
	return &jsonList{stream: s, after: append(after, '\n')}, nil
}

// item writes one item of the list: line is its JSON at listDepth.
func (l *jsonList) item(line []byte) {
	if l.n == 0 {
		l.buf = append(l.buf, '[')
	} else {
		l.buf = append(l.buf, ',')
	}
	l.buf = newline(l.buf, listDepth)
	l.buf = append(l.buf, line...)
	l.n++
	l.spill()
}

// close ends the list and the object around it, and returns the stream
// for finish.
func (l *jsonList) close() *stream {
	if l.n == 0 {
		l.buf = append(l.buf, "[]"...)
	} else {
		l.buf = newline(l.buf, listDepth-1)
		l.buf = append(l.buf, ']')
	}
	l.buf = append(l.buf, l.after...)
	return l.stream
}
