package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

// TestMain lets the test binary act as the catalogue command, so that the
// scripts run the real program, exit status and all.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"catalogue": main})
}

// TestScripts runs testdata/script/*.txtar: each is a site in a txtar
// archive and the commands a contributor or CI would type, with their exact
// output. go test -update rewrites the expected output.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"theme":    cmdTheme(repo),
			"unescape": cmdUnescape,
			"mvesc":    cmdMvesc,
			"mkbig":    cmdMkbig,
			"mkfifo":   cmdMkfifo,
			"glob":     cmdGlob,
			"treegrep": cmdTreeGrep,
			"french":   cmdFrench,
		},
	})
}

// theme DIR copies the repository's default theme into DIR/themes/default.
func cmdTheme(repo string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: theme DIR")
		}
		dst := filepath.Join(ts.MkAbs(args[0]), "themes", "default")
		ts.Check(os.CopyFS(dst, os.DirFS(filepath.Join(repo, "themes", "default"))))
	}
}

var escape = regexp.MustCompile(`\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|r)`)

// unescape FILE... rewrites each file with the escapes \xHH (a byte), \uHHHH
// (a character) and \r (a carriage return) replaced by what they stand for:
// a txtar archive holds text, and these files must not be.
func cmdUnescape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: unescape FILE...")
	}
	for _, name := range args {
		data, err := os.ReadFile(ts.MkAbs(name))
		ts.Check(err)
		data = escape.ReplaceAllFunc(data, func(m []byte) []byte {
			switch m[1] {
			case 'x':
				n, _ := strconv.ParseUint(string(m[2:]), 16, 8)
				return []byte{byte(n)}
			case 'u':
				n, _ := strconv.ParseUint(string(m[2:]), 16, 32)
				return []byte(string(rune(n)))
			}
			return []byte("\r")
		})
		ts.Check(os.WriteFile(ts.MkAbs(name), data, 0o644))
	}
}

// mvesc SRC DST renames SRC to DST, in whose name the escapes of unescape
// stand for what they stand for: a script cannot write a control character.
func cmdMvesc(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mvesc SRC DST")
	}
	dst := escape.ReplaceAllStringFunc(args[1], func(m string) string {
		switch m[1] {
		case 'x':
			n, _ := strconv.ParseUint(m[2:], 16, 8)
			return string([]byte{byte(n)})
		case 'u':
			n, _ := strconv.ParseUint(m[2:], 16, 32)
			return string(rune(n))
		}
		return "\r"
	})
	ts.Check(os.Rename(ts.MkAbs(args[0]), ts.MkAbs(dst)))
}

// mkbig FILE SIZE makes a file of SIZE bytes (a sparse file of NUL bytes).
func cmdMkbig(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkbig FILE SIZE")
	}
	var size int64
	_, err := fmt.Sscan(args[1], &size)
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(f.Truncate(size))
	ts.Check(f.Close())
}

// glob PATTERN succeeds if a file matches PATTERN (relative to the current
// folder); ! glob PATTERN if none does.
func cmdGlob(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: glob PATTERN")
	}
	m, err := filepath.Glob(ts.MkAbs(args[0]))
	ts.Check(err)
	switch {
	case neg && len(m) > 0:
		ts.Fatalf("%s matches %v", args[0], m)
	case !neg && len(m) == 0:
		ts.Fatalf("%s matches nothing", args[0])
	}
}

// treegrep [-name GLOB] REGEXP DIR succeeds if a file under DIR (whose
// name matches GLOB) matches REGEXP; ! treegrep if none does, and names
// those that do.
func cmdTreeGrep(ts *testscript.TestScript, neg bool, args []string) {
	name := "*"
	if len(args) == 4 && args[0] == "-name" {
		name, args = args[1], args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: treegrep [-name GLOB] REGEXP DIR")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	var found []string
	ts.Check(filepath.WalkDir(ts.MkAbs(args[1]), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ok, _ := filepath.Match(name, d.Name()); !ok {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil && re.Match(data) {
			found = append(found, p)
		}
		return err
	}))
	switch {
	case neg && len(found) > 0:
		ts.Fatalf("%s found in %v", args[0], found)
	case !neg && len(found) == 0:
		ts.Fatalf("%s found nowhere under %s", args[0], args[1])
	}
}

// french FILE fails when a line of FILE (stdout, stderr or a file) reads as
// English: a line that, once what it quotes is set aside, holds an English
// word no French sentence has. It keeps English from slipping into what
// catalogue says under -lang fr, where no expected output pins every line.
func cmdFrench(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: french FILE")
	}
	text := ts.ReadFile(args[0])
	var english []string
	for _, line := range strings.Split(text, "\n") {
		if w := englishWords(line); len(w) > 0 {
			english = append(english, fmt.Sprintf("%s  [%s]", line, strings.Join(w, " ")))
		}
	}
	if len(english) > 0 {
		ts.Fatalf("%s has English:\n%s", args[0], strings.Join(english, "\n"))
	}
}

// quoted matches what a message quotes rather than says: Go-quoted
// strings, « » and ` ` spans, HTML-like tags.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|«[^»]*»|` + "`[^`]*`" + `|<[^>]*>|'…'`)

// field matches the field a diagnostic is about, which is not a sentence.
var field = regexp.MustCompile(`^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*: `)

// englishOnly are words of English sentences that French ones never use.
var englishOnly = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the is are not and with of to be must expected found cannot
		has have this that an no or in at for by from which should instead write use
		missing invalid unknown failed left entries entry file files line lines key value
		string number list here there it its does did done was were will would
		only more than after before then when while run fill cite already taken reserved
		built updated rebuilt changed added removed renamed fixed problems problem
		changes readers shown none what where why how`) {
		englishOnly[w] = true
	}
}

// englishWords returns the English words of line, past the position,
// severity and field of a diagnostic.
func englishWords(line string) []string {
	if i := strings.Index(line, ": error: "); i >= 0 {
		line = line[i+len(": error: "):]
	} else if i := strings.Index(line, ": warning: "); i >= 0 {
		line = line[i+len(": warning: "):]
	}
	line = field.ReplaceAllString(line, "")
	line = quoted.ReplaceAllString(line, " ")
	var out []string
	for _, tok := range strings.Fields(line) {
		tok = strings.Trim(tok, ",;:.!?()")
		if englishOnly[tok] {
			out = append(out, tok)
		}
	}
	return out
}
