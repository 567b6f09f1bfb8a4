package gitobj

import (
	"errors"
	"fmt"
)

// applyDelta rebuilds an object from its base and a delta: the sizes of
// the base and of the result, then instructions that copy a range of the
// base or insert the bytes that follow them.
func applyDelta(base, delta []byte) ([]byte, error) {
	srcSize, delta, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("delta for a base of %d bytes, not %d", srcSize, len(base))
	}
	dstSize, delta, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	// Grown as the instructions say, not allocated at the size claimed:
	// a damaged size must not allocate gigabytes.
	out := make([]byte, 0, min(dstSize, uint64(len(base)+len(delta))))
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			// Which bytes of the offset (bits 0–3) and size (4–6)
			// follow, least significant first.
			var off, n uint64
			for i := range 7 {
				if op&(1<<i) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errors.New("delta copy cut short")
				}
				if i < 4 {
					off |= uint64(delta[0]) << (8 * i)
				} else {
					n |= uint64(delta[0]) << (8 * (i - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) {
				return nil, fmt.Errorf("delta copies bytes %d to %d of a base of %d", off, off+n, len(base))
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			if int(op) > len(delta) {
				return nil, errors.New("delta insertion cut short")
			}
			out = append(out, delta[:op]...)
			delta = delta[op:]
		default:
			return nil, errors.New("delta instruction 0")
		}
		if uint64(len(out)) > dstSize {
			return nil, fmt.Errorf("delta gives more than its %d bytes", dstSize)
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, fmt.Errorf("delta gives %d bytes, not %d", len(out), dstSize)
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
