package main

import (
	"fmt"
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

// TestCollectLate checks that the memory limit starts at the floor and
// paces the first collection alone, that after a collection the GC
// percentage sets the goal and the limit follows a live heap that
// outgrows the floor, and that restore puts both back.
func TestCollectLate(t *testing.T) {
	for _, paced := range []bool{true, false} {
		t.Run(fmt.Sprint("paced=", paced), func(t *testing.T) { testCollectLate(t, paced) })
	}
}

func testCollectLate(t *testing.T, paced bool) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const floor = 8 << 20
	before := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	restore := collectLate(floor, paced)
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
	if paced && got < 64<<20*3/2*5/4 {
		t.Errorf("limit with 64 MB live = %d, want at least 5/4 of 1.5 × 64 MB", got)
	}
	if !paced && got < 64<<20*3/2 {
		t.Errorf("limit with 64 MB live = %d, want at least 1.5 × 64 MB", got)
	}
	if p := debug.SetGCPercent(-1); paced && p < 1 {
		t.Errorf("GOGC after a collection = %d, want a percentage", p)
	} else if !paced && p != -1 {
		t.Errorf("GOGC after a collection = %d, want off (-1)", p)
	} else {
		debug.SetGCPercent(p)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after restore = %d, want %d", got, percent)
	}
}

// TestHeapGoal checks the percentage and limit set after a collection:
// the goal is the floor until 1.5 × the live heap outgrows it, and
// live + scanned × percent / 100 reaches it.
func TestHeapGoal(t *testing.T) {
	t.Parallel()
	const mb = 1 << 20
	for _, tc := range []struct {
		live, scanned uint64
		goal          uint64
	}{
		{100 * mb, 102 * mb, 340 * mb},
		{226 * mb, 230 * mb, 340 * mb},
		{600 * mb, 610 * mb, 900 * mb},
		{1 * mb, 1 * mb, 340 * mb},
		{340 * mb, 341 * mb, 510 * mb},
	} {
		p, limit := heapGoal(340*mb, tc.live, tc.scanned)
		if p < 1 {
			t.Errorf("heapGoal(live %d MB): percent %d, want at least 1", tc.live/mb, p)
		}
		goal := tc.live + max(tc.scanned, 1)*uint64(p)/100
		if goal > tc.goal || tc.goal-goal > tc.goal/100 {
			t.Errorf("heapGoal(live %d MB): percent %d makes a goal of %d MB, want %d MB", tc.live/mb, p, goal/mb, tc.goal/mb)
		}
		if want := int64(tc.goal + tc.goal/4); limit != want {
			t.Errorf("heapGoal(live %d MB): limit %d, want %d", tc.live/mb, limit, want)
		}
	}
}
