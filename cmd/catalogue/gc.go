package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// buildHeapFloor is the heap a build may grow to before the collector
// runs: a build allocates gigabytes of short-lived memory (pages, JSON,
// index batches) over a live heap of a few hundred megabytes at most for
// 10,000 entries, and Go's default, collecting whenever the heap doubles,
// collects dozens of times while the heap is small — 10 to 15 % of the
// build's CPU at 10,000 entries. The limit counts all of the runtime's
// memory, so the peak RSS is about 15 to 30 MB above it: 400 MiB keeps a
// 10,000-entry build under the 450 MB it is held to. (416 MiB saved 0.15 s
// of CPU over 384 MiB when the live heap peaked at 240 MB; it peaks at
// 160 MB since the entries drop their key positions and the export its
// records, which leaves more room between collections at 400: eight
// collections of the whole heap instead of eleven.)
const buildHeapFloor = 400 << 20

// collectLate makes the collector wait until the heap reaches floor
// bytes, then collect when the heap has grown by half what the last
// collection left live: in effect GOGC=50 with a minimum heap, which Go
// has no setting for. Above the floor, half rather than Go's default of
// all of it keeps the peak of a big catalogue's build lower, for a few
// more collections. A soft memory limit does the waiting, and is raised
// after each collection with the live heap, so that a catalogue whose live
// heap outgrows the floor is not collected over and over. It does nothing
// when GOGC or GOMEMLIMIT is set: whoever set them knows better.
//
// restore puts the collector back as it was.
func collectLate(floor uint64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(int64(floor))
	var stopped atomic.Bool
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var after func(*gcCycle)
	after = func(c *gcCycle) {
		if stopped.Load() {
			return
		}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 {
			n := live[0].Value.Uint64()
			debug.SetMemoryLimit(int64(max(floor, n+n/2)))
		}
		runtime.SetFinalizer(c, after) // and after the next collection
	}
	runtime.SetFinalizer(&gcCycle{}, after)
	return func() {
		stopped.Store(true)
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}

// A gcCycle is garbage as soon as it is made, so its finalizer runs
// after each collection. It holds a pointer so that it is not one of the
// tiny objects the allocator packs together, which may never be freed.
type gcCycle struct{ _ *byte }
