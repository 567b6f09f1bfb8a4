package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A Pos is a place in a file: a slash path relative to the site root, and a
// 1-based line and column (column in bytes). A zero line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build and check.
	Error Severity = iota
	// Warning is reported but does not fail.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// A Diagnostic is one problem found in the content, at a position, about a
// field (a front-matter key path such as "sources[1].document", "body", or ""
// for the whole file).
//
// Msg is the message in English; Code names its kind for scripts, the same
// in every language ("unknown-key", "dangling-ref"); Text renders it in the
// contributor's language.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Field    string
	Msg      string
	Code     string
	fr       string // Msg in French
}

// Error formats the diagnostic the way compilers do, one line:
// content/actions/2.1.1.md:7:19: error: mutualisations[2]: no entry "M133"
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Text formats the diagnostic like Error, with the message in lang ("fr" or
// "en"; English for any other). The form file:line:col: error|warning: field:
// stays the same in every language, so that editors and CI still parse it.
func (d Diagnostic) Text(lang string) string {
	d.Msg = d.Message(lang)
	return d.Error()
}

// Message returns the diagnostic's message alone in lang.
func (d Diagnostic) Message(lang string) string {
	if lang == "fr" && d.fr != "" {
		return d.fr
	}
	return d.Msg
}

// Diagnostics collects the problems of a run.
type Diagnostics []Diagnostic

// Errorf adds an error.
// The format is an English template of the message catalogue (messages.go),
// which gives the message its code and its translations.
func (l *Diagnostics) Errorf(pos Pos, field, format string, args ...any) {
	*l = append(*l, newDiagnostic(pos, Error, field, msgf(format, args...)))
}

// Warnf adds a warning.
func (l *Diagnostics) Warnf(pos Pos, field, format string, args ...any) {
	*l = append(*l, newDiagnostic(pos, Warning, field, msgf(format, args...)))
}

func newDiagnostic(pos Pos, sev Severity, field string, m Message) Diagnostic {
	return Diagnostic{Pos: pos, Severity: sev, Field: field, Msg: m.Text("en"), Code: m.Code(), fr: m.Text("fr")}
}

// Sort orders the list by file, line, column, then message, and drops exact
// repeats.
func (l Diagnostics) Sort() Diagnostics {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

// Errors counts the diagnostics of severity Error.
func (l Diagnostics) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Err returns the list as an error when it holds at least one error, else nil.
func (l Diagnostics) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return &DiagnosticsError{List: l}
}

// DiagnosticsError is the error of a load that found problems. Its message
// holds every diagnostic, one per line.
type DiagnosticsError struct {
	List Diagnostics
}

func (e *DiagnosticsError) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// capPerFile keeps the first n diagnostics of each file in a sorted list and
// replaces the rest with one that counts them.
func (l Diagnostics) capPerFile(n int) Diagnostics {
	out := l[:0:0]
	for i := 0; i < len(l); {
		j := i
		for j < len(l) && l[j].Pos.File == l[i].Pos.File {
			j++
		}
		out = append(out, l[i:min(j, i+n)]...)
		if j-i > n {
			rest := l[i+n : j]
			d := rest[0]
			out = append(out, newDiagnostic(d.Pos, d.Severity, "", msgf("%d more problems in this file are not shown; fix these first", len(rest))))
		}
		i = j
	}
	return out
}
