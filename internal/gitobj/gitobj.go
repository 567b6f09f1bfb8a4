// Package gitobj reads the objects of a local git repository: commits,
// trees and blobs, from loose objects and pack files, read-only, for
// repositories that name objects by SHA-1.
//
// It exists so that the history of ten thousand commits can be read in
// one process: git log rebuilds both versions of a large tree from their
// deltas for every commit that touches it, where a reader that keeps what
// it rebuilt does it once. Anything it does not know (another hash, a
// pack index older than version 2, a damaged file) is an error, never a
// guess: the caller then asks git.
package gitobj

import (
	"encoding/hex"
	"errors"
	"fmt"
)

// An ID is the SHA-1 name of an object.
type ID [20]byte

// ParseID parses the 40 hexadecimal digits of an object name.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*len(id) {
		return id, fmt.Errorf("object name %q: not 40 hexadecimal digits", s)
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("object name %q: %v", s, err)
	}
	return id, nil
}

// String returns the object name in hexadecimal, as git prints it.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// A Type is the type of an object.
type Type int

// The object types, numbered as in a pack file.
const (
	CommitObject Type = 1
	TreeObject   Type = 2
	BlobObject   Type = 3
	TagObject    Type = 4
)

// String returns the type's name, as git writes it in a loose object.
func (t Type) String() string {
	switch t {
	case CommitObject:
		return "commit"
	case TreeObject:
		return "tree"
	case BlobObject:
		return "blob"
	case TagObject:
		return "tag"
	}
	return fmt.Sprintf("type %d", int(t))
}

// typeNamed returns the type a loose object's header names.
func typeNamed(name string) (Type, bool) {
	for t := CommitObject; t <= TagObject; t++ {
		if t.String() == name {
			return t, true
		}
	}
	return 0, false
}

// ErrNotFound is returned for an object the repository does not hold, as
// in a partial clone.
var ErrNotFound = errors.New("object not found")
