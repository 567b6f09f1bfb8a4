package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestBuilding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"build"}, true},
		{[]string{"build", "-root", "x"}, true},
		{[]string{"serve"}, true},
		{[]string{"serve", "-addr", ":0"}, true},
		{[]string{"serve", "-no-build"}, false},
		{[]string{"serve", "--no-build=true"}, false},
		{[]string{"check"}, false},
		{[]string{"search", "build"}, false},
	} {
		if got := building(tc.args); got != tc.want {
			t.Errorf("building(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestCollectLate checks that the memory limit starts at the floor, follows
// a live heap that outgrows it, and is put back by restore.
func TestCollectLate(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const floor = 8 << 20
	before := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	restore := collectLate(floor)
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("limit after collectLate = %d, want the floor %d", got, floor)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC after collectLate = %d, want off (-1)", got)
	}
	live := make([]byte, 64<<20)
	for i := range live {
		live[i] = byte(i)
	}
	// The finalizer that raises the limit runs in its own goroutine some
	// time after the collection: wait for it, collecting again meanwhile.
	var got int64
	for range 200 {
		runtime.GC()
		if got = debug.SetMemoryLimit(-1); got >= 64<<20*3/2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
	if got < 64<<20*3/2 {
		t.Errorf("limit with 64 MB live = %d, want at least 1.5 × 64 MB", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after restore = %d, want %d", got, percent)
	}
}
