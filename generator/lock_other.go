//go:build !unix

package generator

import "context"

// canLock says whether this system has the lock of lockSite; without it a
// build does not sweep, as it could not tell a dead build's trees from a
// live one's.
const canLock = false

// lockSite does nothing here: there is no flock. Builds of one site must
// not run at once.
func lockSite(ctx context.Context, dir string, waiting func(pid int)) (unlock func(), err error) {
	if err := notLink(dir, stateLink); err != nil {
		return nil, err
	}
	return func() {}, nil
}
