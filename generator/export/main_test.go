package export_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// scratch is the folder the exports shared by the tests (see sites) are
// written to, removed by TestMain.
var scratch string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "catalogue-export-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
