package static

import (
	"runtime"
	"testing"
)

// outcome is how a test that called node ended: "ok", "skip" or "fail".
type outcome struct {
	testing.TB // nil: node calls only the methods below
	ended      string
}

func (o *outcome) Helper() {}

func (o *outcome) Fatalf(string, ...any) { o.ended = "fail"; runtime.Goexit() }

func (o *outcome) Skipf(string, ...any) { o.ended = "skip"; runtime.Goexit() }

// nodeOutcome runs node as a test would and tells how that test ended.
func nodeOutcome() string {
	o := &outcome{ended: "ok"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		node(o)
	}()
	<-done
	return o.ended
}

// TestNodeMissing runs node with a PATH that holds no node command: the
// tests of the JavaScript client must fail under CI, where they are the
// only check that the two searches agree, and may skip elsewhere.
func TestNodeMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, tc := range []struct{ ci, want string }{
		{"true", "fail"},
		{"", "skip"},
		{"false", "skip"},
	} {
		t.Setenv("CI", tc.ci)
		if got := nodeOutcome(); got != tc.want {
			t.Errorf("without node, CI=%q: the test would %s, want %s", tc.ci, got, tc.want)
		}
	}
}
