package gitobj

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// The two kinds of delta entries of a pack, beside the object types.
const (
	ofsDelta Type = 6 // the base is earlier in the same pack, at an offset
	refDelta Type = 7 // the base is named by its ID
)

// A pack is a pack file and its index (version 2), both mapped.
type pack struct {
	name      string // without .idx or .pack
	idx, data []byte
	n         int
	fanout    []byte // 256 counts
	ids       []byte // n IDs, sorted
	offsets   []byte // n 4-byte offsets, or indexes into large
	large     []byte // 8-byte offsets
}

// idxMagic starts an index of version 2 or later; version 1 has none.
var idxMagic = []byte{0xff, 't', 'O', 'c'}

// openPack opens name.idx and name.pack and checks that they agree.
func openPack(name string) (*pack, error) {
	p := &pack{name: name}
	var err error
	if p.data, err = mapFile(name + ".pack"); err != nil {
		return nil, err
	}
	if p.idx, err = mapFile(name + ".idx"); err != nil {
		p.close()
		return nil, err
	}
	if err := p.parseIndex(); err != nil {
		p.close()
		return nil, fmt.Errorf("%s.idx: %v", name, err)
	}
	if err := p.checkHeader(); err != nil {
		p.close()
		return nil, fmt.Errorf("%s.pack: %v", name, err)
	}
	return p, nil
}

// parseIndex finds the tables of a version 2 index.
func (p *pack) parseIndex() error {
	const head = 8 + 256*4
	idx := p.idx
	if len(idx) < head+2*20 || !bytes.Equal(idx[:4], idxMagic) {
		return errors.New("not a pack index of version 2")
	}
	if v := binary.BigEndian.Uint32(idx[4:]); v != 2 {
		return fmt.Errorf("pack index version %d", v)
	}
	p.fanout = idx[8:head]
	prev := uint32(0)
	for i := range 256 {
		c := binary.BigEndian.Uint32(p.fanout[4*i:])
		if c < prev {
			return errors.New("fan-out table not sorted")
		}
		prev = c
	}
	n := int64(prev)
	// IDs, CRCs, offsets, then the large offsets and two checksums.
	min := head + n*(20+4+4) + 2*20
	if int64(len(idx)) < min || (int64(len(idx))-min)%8 != 0 {
		return fmt.Errorf("%d bytes for %d objects", len(idx), n)
	}
	p.n = int(n)
	p.ids = idx[head : head+20*n]
	p.offsets = idx[head+24*n : head+28*n]
	p.large = idx[head+28*n : int64(len(idx))-2*20]
	return nil
}

// checkHeader checks the pack's signature, version and count.
func (p *pack) checkHeader() error {
	if len(p.data) < 12+20 || string(p.data[:4]) != "PACK" {
		return errors.New("not a pack file")
	}
	if v := binary.BigEndian.Uint32(p.data[4:]); v != 2 && v != 3 {
		return fmt.Errorf("pack version %d", v)
	}
	if n := binary.BigEndian.Uint32(p.data[8:]); int(n) != p.n {
		return fmt.Errorf("%d objects, its index says %d", n, p.n)
	}
	return nil
}

func (p *pack) close() error {
	return errors.Join(unmapFile(p.data), unmapFile(p.idx))
}

// find returns the offset of an object in the pack.
func (p *pack) find(id ID) (int64, bool) {
	lo := 0
	if id[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[4*(int(id[0])-1):]))
	}
	hi := int(binary.BigEndian.Uint32(p.fanout[4*int(id[0]):]))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch bytes.Compare(p.ids[20*m:20*m+20], id[:]) {
		case 0:
			return p.offset(m)
		case -1:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// offset returns the offset of the i-th object of the index.
func (p *pack) offset(i int) (int64, bool) {
	o := binary.BigEndian.Uint32(p.offsets[4*i:])
	if o&(1<<31) == 0 {
		return int64(o), true
	}
	j := int(o &^ (1 << 31))
	if 8*j+8 > len(p.large) {
		return 0, false
	}
	off := binary.BigEndian.Uint64(p.large[8*j:])
	return int64(off), off < 1<<62
}

// An entryHeader is what precedes an object's compressed data in a pack.
type entryHeader struct {
	off     int64 // where the entry starts
	t       Type
	size    int64 // of the object, or of the delta
	base    int64 // for an ofsDelta
	baseID  ID    // for a refDelta
	dataOff int64 // where the zlib stream starts
}

// header reads the header of the entry at off.
func (p *pack) header(off int64) (entryHeader, error) {
	h := entryHeader{off: off}
	end := int64(len(p.data)) - 20 // the trailing checksum
	if off < 12 || off >= end {
		return h, p.errorAt(off, errors.New("offset outside the pack"))
	}
	pos := off
	c := p.data[pos]
	pos++
	h.t = Type(c >> 4 & 7)
	h.size = int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if pos >= end || shift > 56 {
			return h, p.errorAt(off, errors.New("bad entry header"))
		}
		c = p.data[pos]
		pos++
		h.size |= int64(c&0x7f) << shift
	}
	switch h.t {
	case CommitObject, TreeObject, BlobObject, TagObject:
	case ofsDelta:
		// A big-endian number in which each continuation adds one, so
		// that no offset has two spellings.
		var back int64
		for i := 0; ; i++ {
			if pos >= end || i > 8 {
				return h, p.errorAt(off, errors.New("bad delta offset"))
			}
			c = p.data[pos]
			pos++
			back = back<<7 | int64(c&0x7f)
			if c&0x80 == 0 {
				break
			}
			back++
		}
		if back <= 0 || back > off-12 {
			return h, p.errorAt(off, fmt.Errorf("delta base %d bytes back", back))
		}
		h.base = off - back
	case refDelta:
		if pos+20 > end {
			return h, p.errorAt(off, errors.New("bad delta base"))
		}
		copy(h.baseID[:], p.data[pos:])
		pos += 20
	default:
		return h, p.errorAt(off, fmt.Errorf("unknown entry type %d", h.t))
	}
	h.dataOff = pos
	return h, nil
}

// errorAt says where in the pack an error was met.
func (p *pack) errorAt(off int64, err error) error {
	return fmt.Errorf("%s.pack: entry at %d: %w", p.name, off, err)
}

// mapFile returns the contents of a file, mapped in memory where the
// system allows: packs can be larger than is worth copying.
func mapFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() == 0 {
		return nil, nil
	}
	if int64(int(info.Size())) != info.Size() {
		return nil, fmt.Errorf("%s: too large", name)
	}
	return mapOpen(f, int(info.Size()))
}
