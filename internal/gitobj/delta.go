package gitobj

import (
	"errors"
	"fmt"
)

// applyDelta rebuilds an object from its base and a delta: the sizes of
// the base and of the result, then instructions that copy a range of the
// base or insert the bytes that follow them. The result shares the base's
// buffers and the delta's.
func applyDelta(base Contents, delta []byte) (Contents, error) {
	srcSize, rest, err := deltaSize(delta)
	if err != nil {
		return Contents{}, err
	}
	if srcSize != uint64(base.Len()) {
		return Contents{}, fmt.Errorf("delta for a base of %d bytes, not %d", srcSize, base.Len())
	}
	dstSize, rest, err := deltaSize(rest)
	if err != nil {
		return Contents{}, err
	}
	buf := &buffer{delta}
	// A delta of an edit copies the base around a few insertions.
	n := len(base.pieces) + 8
	out := Contents{pieces: make([]piece, 0, n), starts: make([]int, 0, n)}
	for i := len(delta) - len(rest); i < len(delta); {
		op := delta[i]
		i++
		switch {
		case op&0x80 != 0:
			// Which bytes of the offset (bits 0–3) and size (4–6)
			// follow, least significant first.
			var off, n uint64
			for bit := range 7 {
				if op&(1<<bit) == 0 {
					continue
				}
				if i == len(delta) {
					return Contents{}, errors.New("delta copy cut short")
				}
				if bit < 4 {
					off |= uint64(delta[i]) << (8 * bit)
				} else {
					n |= uint64(delta[i]) << (8 * (bit - 4))
				}
				i++
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(base.Len()) {
				return Contents{}, fmt.Errorf("delta copies bytes %d to %d of a base of %d", off, off+n, base.Len())
			}
			out.addRange(base, int(off), int(n))
		case op != 0:
			if int(op) > len(delta)-i {
				return Contents{}, errors.New("delta insertion cut short")
			}
			out.add(piece{buf: buf, off: i, n: int(op)})
			i += int(op)
		default:
			return Contents{}, errors.New("delta instruction 0")
		}
		if uint64(out.Len()) > dstSize {
			return Contents{}, fmt.Errorf("delta gives more than its %d bytes", dstSize)
		}
	}
	if uint64(out.Len()) != dstSize {
		return Contents{}, fmt.Errorf("delta gives %d bytes, not %d", out.Len(), dstSize)
	}
	return out, nil
}

// deltaSize reads a size at the start of a delta: seven bits a byte, least
// significant first.
func deltaSize(b []byte) (uint64, []byte, error) {
	var n uint64
	for i, c := range b {
		if i > 9 {
			break
		}
		n |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return n, b[i+1:], nil
		}
	}
	return 0, nil, errors.New("bad delta size")
}
