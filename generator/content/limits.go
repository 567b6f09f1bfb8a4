package content

import (
	"regexp"
	"strconv"
	"time"
)

// The TOML parser is quadratic in the parts of a dotted key and in the
// nesting of inline tables (10,000 of either take seconds and gigabytes),
// and the locator in the nesting of arrays. Real front matter is a few
// kilobytes, nests two levels deep and has keys of one part, so front matter
// past the limits below is refused with a position before it is parsed.
const (
	// MaxFrontMatter bounds the front matter of an entry, in bytes.
	MaxFrontMatter = 64 << 10
	// maxTOMLNesting bounds how deeply arrays and inline tables nest.
	maxTOMLNesting = 16
	// maxTOMLDots bounds the dots of a line outside strings and
	// comments, so that a dotted key has few parts.
	maxTOMLDots = 32
	// MaxPerFile bounds the diagnostics reported for one file: past it,
	// the file is more likely garbage than an entry with a hundred typos.
	MaxPerFile = 100
)

// checkFrontMatter reports front matter fm, which starts on line fmLine of
// file, that is past the limits. It scans strings and comments as TOML does,
// so that brackets and dots inside them count for nothing.
func checkFrontMatter(file, fm string, fmLine int, diags *Diagnostics) bool {
	if len(fm) > MaxFrontMatter {
		diags.Errorf(Pos{File: file, Line: fmLine, Col: 1}, "", "front matter is %d bytes; the limit is %d (64 KiB): put long text in the body", len(fm), MaxFrontMatter)
		return false
	}
	return checkTOMLShape(file, fm, fmLine, diags)
}

// checkTOMLShape reports TOML text src, which starts on line firstLine of
// file, that nests too deeply or has keys of too many parts.
func checkTOMLShape(file, fm string, fmLine int, diags *Diagnostics) bool {
	line, lineStart := fmLine, 0
	depth, dots := 0, 0
	pos := func(i int) Pos { return Pos{File: file, Line: line, Col: i - lineStart + 1} }
	for i := 0; i < len(fm); i++ {
		switch c := fm[i]; c {
		case '\n':
			line, lineStart, dots = line+1, i+1, 0
		case '#':
			for i+1 < len(fm) && fm[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			end := skipTOMLString(fm, i)
			for j := i; j < end; j++ {
				if fm[j] == '\n' {
					line, lineStart = line+1, j+1
				}
			}
			i = end - 1
		case '[', '{':
			if depth++; depth > maxTOMLNesting {
				diags.Errorf(pos(i), "", "arrays and tables nest more than %d deep; the limit is %d", maxTOMLNesting, maxTOMLNesting)
				return false
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '.':
			if dots++; dots > maxTOMLDots {
				diags.Errorf(pos(i), "", "more than %d dots on one line outside strings; the limit is %d (a key has a few parts at most)", maxTOMLDots, maxTOMLDots)
				return false
			}
		}
	}
	return true
}

// skipTOMLString returns the offset just past the string that starts at
// s[i]: basic or literal, on one line or three-quoted. An unterminated
// string ends at the end of its line (or of s, if three-quoted); the parser
// reports it.
func skipTOMLString(s string, i int) int {
	q := s[i]
	if i+2 < len(s) && s[i+1] == q && s[i+2] == q {
		for j := i + 3; j < len(s); j++ {
			if s[j] == '\\' && q == '"' {
				j++
				continue
			}
			if j+2 < len(s) && s[j] == q && s[j+1] == q && s[j+2] == q {
				j += 3
				for j < len(s) && s[j] == q { // up to two more quotes belong to the string
					j++
				}
				return j
			}
		}
		return len(s)
	}
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q == '"':
			j++
		case s[j] == q:
			return j + 1
		case s[j] == '\n':
			return j
		}
	}
	return len(s)
}

var fullDate = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})`)

// dateProblem explains why s, which looks like YYYY-MM-DD (and perhaps a
// time), is not a date that exists, or returns the zero Message.
func dateProblem(s string) Message {
	m := fullDate.FindStringSubmatch(s)
	if m == nil {
		return Message{}
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	switch {
	case mo < 1 || mo > 12:
		return msgf("there is no month %d", mo)
	case d < 1 || d > daysIn(time.Month(mo), y):
		return msgf("there is no day %d in %s %d", d, monthNames[mo-1], y)
	}
	return Message{}
}

// monthNames are the months as dateProblem writes them, put in the
// contributor's language with the rest of the message.
var monthNames = [12]Message{
	msgf("January"), msgf("February"), msgf("March"), msgf("April"), msgf("May"), msgf("June"),
	msgf("July"), msgf("August"), msgf("September"), msgf("October"), msgf("November"), msgf("December"),
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
