package gitobj

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Commit is what a history needs of a commit object.
type Commit struct {
	Tree    ID
	Parents []ID
	// Committed is the committer's date, in the committer's zone.
	Committed time.Time
	// Subject is the message's first paragraph, its lines joined by
	// spaces, as git log's %s gives it.
	Subject string
}

// ParseCommit parses a commit object. A commit whose message is in an
// encoding other than UTF-8 is an error: git log would convert it.
func ParseCommit(data []byte) (*Commit, error) {
	head, msg, _ := bytes.Cut(data, []byte("\n\n"))
	c := &Commit{}
	lines := strings.Split(string(head), "\n")
	var committer string
	for i, line := range lines {
		key, value, _ := strings.Cut(line, " ")
		switch {
		case i == 0:
			if key != "tree" {
				return nil, errors.New("commit: no tree")
			}
			id, err := ParseID(value)
			if err != nil {
				return nil, fmt.Errorf("commit: tree: %v", err)
			}
			c.Tree = id
		case key == "parent":
			if i != len(c.Parents)+1 {
				// git reads parents only right after the tree.
				return nil, errors.New("commit: parent after other headers")
			}
			id, err := ParseID(value)
			if err != nil {
				return nil, fmt.Errorf("commit: parent: %v", err)
			}
			c.Parents = append(c.Parents, id)
		case key == "committer" && committer == "":
			committer = value
		case key == "encoding":
			if e := strings.ToLower(value); e != "utf-8" && e != "utf8" {
				return nil, fmt.Errorf("commit: message in %s", value)
			}
		}
	}
	t, err := identDate(committer)
	if err != nil {
		return nil, fmt.Errorf("commit: committer: %v", err)
	}
	c.Committed = t
	c.Subject = subject(msg)
	return c, nil
}

// identDate returns the date of an identity line: after the last '>',
// seconds since 1970 and a zone such as +0100.
func identDate(ident string) (time.Time, error) {
	i := strings.LastIndexByte(ident, '>')
	if i < 0 {
		return time.Time{}, fmt.Errorf("no date in %q", ident)
	}
	f := strings.Fields(ident[i+1:])
	if len(f) != 2 || len(f[1]) != 5 || (f[1][0] != '+' && f[1][0] != '-') {
		return time.Time{}, fmt.Errorf("bad date in %q", ident)
	}
	secs, err := strconv.ParseUint(f[0], 10, 63)
	zone, err2 := strconv.Atoi(f[1][1:])
	if err != nil || err2 != nil || f[1][1] == '+' || f[1][1] == '-' || secs > 1<<40 {
		return time.Time{}, fmt.Errorf("bad date in %q", ident)
	}
	offset := (zone/100*60 + zone%100) * 60
	if f[1][0] == '-' {
		offset = -offset
	}
	return time.Unix(int64(secs), 0).In(time.FixedZone(f[1], offset)), nil
}

// subject is git's %s: blank lines skipped, then the lines up to the next
// blank one, each stripped of trailing white space, joined by spaces. A
// NUL ends the message, as it does for git.
func subject(msg []byte) string {
	if i := bytes.IndexByte(msg, 0); i >= 0 {
		msg = msg[:i]
	}
	var parts []string
	for len(msg) > 0 {
		line, rest, _ := bytes.Cut(msg, []byte("\n"))
		msg = rest
		line = bytes.TrimRight(line, " \t\r\n")
		if len(line) == 0 {
			if len(parts) > 0 {
				break
			}
			continue
		}
		parts = append(parts, string(line))
	}
	return strings.Join(parts, " ")
}
