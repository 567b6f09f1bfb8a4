package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// buildHeapFloor is the heap a build may grow to before the collector
// runs: a build allocates gigabytes of short-lived memory (pages, JSON,
// index batches) over a live heap of 80 to 130 MB at 10,000 entries, and
// Go's default, collecting whenever the heap doubles, collects dozens of
// times while the heap is small — 10 to 15 % of the build's CPU at 10,000
// entries. A higher floor is not cheaper for long: every page of heap the
// build has not used yet costs a page fault, about 8 µs on the VM we
// measure on, so a heap that grows further before it is collected and
// reused trades collections for faults. The floor counts the heap only;
// the process takes about 70 MB more (the runtime's own memory, free
// pages kept for reuse, the program's text). At 256 MiB a 10,000-entry
// build peaks at 320 to 330 MB, 356 MB when it reads a history of 10,000
// commits first, under the 450 MB it is held to. Against 320 MiB (peak
// 372 to 395 MB, 438 MB with the history) it takes 0.25 s less (3.08
// against 3.33 s, four rounds) with a sixth fewer faults, 0.1 s more when
// it reads the history first; 200 MiB was no faster. (340 MiB peaked at
// 455 MB with the history.)
const buildHeapFloor = 256 << 20

// serveHeapFloor is the floor of serve, which builds too but keeps its
// last catalogue, renderer and search index while it builds again, and
// maps the index's files besides: there the memory limit alone paces the
// collector (collectLate's paced false), at 400 MiB, so that a rebuild
// peaks where it did (442 MB at 10,000 entries; paced by a percentage
// with the build's floor, 464 MB).
const serveHeapFloor = 400 << 20

// collectLate makes the collector wait until the heap reaches floor
// bytes, then collect when the heap has grown by half what the last
// collection left live: in effect GOGC=50 with a minimum heap, which Go
// has no setting for. Above the floor, half rather than Go's default of
// all of it keeps the peak of a big catalogue's build lower, for a few
// more collections.
//
// With paced, after each collection the heap goal is set through the GC
// percentage, worked out from the live heap, and a soft memory limit of
// 5/4 of the goal only bounds the process: Go returns memory to the system to keep
// under a memory limit, so a limit that paced the collector itself (the
// heap grows up to it, then is collected) had the runtime give back
// pages on every cycle and fault them in again, about 10 % more page
// faults and 1.5 to 2 % of the build's CPU in madvise. Memory is then
// returned only above 1.1 × the goal (Go's rule under a GC percentage) or
// near the limit: at 10,000 entries, almost never. Before the first
// collection no live heap is known: the limit, at the floor, paces it.
// Without paced, the limit alone paces every collection: it is raised to
// 1.5 × the live heap when that outgrows the floor.
//
// It does nothing when GOGC or GOMEMLIMIT is set: whoever set them knows
// better. restore puts the collector back as it was.
func collectLate(floor uint64, paced bool) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(int64(floor))
	var stopped atomic.Bool
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
	}
	var after func(*gcCycle)
	after = func(c *gcCycle) {
		if stopped.Load() {
			return
		}
		metrics.Read(s)
		switch v, ok := uint64s(s); {
		case !ok: // a metric this Go does not have: leave the collector be
		case paced:
			p, limit := heapGoal(floor, v[0], v[0]+v[1]+v[2])
			debug.SetGCPercent(p)
			debug.SetMemoryLimit(limit)
		default:
			debug.SetMemoryLimit(int64(max(floor, v[0]+v[0]/2)))
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

// heapGoal returns the GC percentage that makes the next heap goal
// max(floor, 1.5 × live), and the memory limit above it, 5/4 of the goal.
// The percentage applies to the scanned memory: the live heap, stacks and
// globals (the goal is live + scanned × percent / 100).
func heapGoal(floor, live, scanned uint64) (percent int, limit int64) {
	goal := max(floor, live+live/2)
	p := min(max((goal-live)*100/max(scanned, 1), 1), math.MaxInt32) // the runtime keeps an int32
	return int(p), int64(goal + goal/4)
}

// uint64s returns the values of samples, all of which must be uint64s.
func uint64s(samples []metrics.Sample) ([]uint64, bool) {
	v := make([]uint64, len(samples))
	for i, s := range samples {
		if s.Value.Kind() != metrics.KindUint64 {
			return nil, false
		}
		v[i] = s.Value.Uint64()
	}
	return v, true
}

// A gcCycle is garbage as soon as it is made, so its finalizer runs
// after each collection. It holds a pointer so that it is not one of the
// tiny objects the allocator packs together, which may never be freed.
type gcCycle struct{ _ *byte }
