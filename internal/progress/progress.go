// Package progress counts the work of a build's stages as it goes — files
// loaded, pages rendered, documents indexed, files exported — so that a
// command can show where a long build is and how long is left.
//
// A Meter travels with the build's context, as a trace region would: it is
// observation, not input, and the packages doing the work stay unaware of
// who, if anyone, is watching. Counting is an atomic add on a counter
// looked up once per stage, cheap enough for every file; with no Meter in
// the context every method is a no-op on a nil *Counter.
package progress

import (
	"context"
	"sync/atomic"
	"time"
)

// A Stage is one kind of work of a build.
type Stage int

// The stages of a build, in the order a progress line shows them.
const (
	Load Stage = iota
	Render
	Index
	Export
	numStages
)

// String returns the stage's name, as a verb for the progress line.
func (s Stage) String() string {
	switch s {
	case Load:
		return "loading"
	case Render:
		return "rendering"
	case Index:
		return "indexing"
	case Export:
		return "exporting"
	}
	return "working"
}

// Unit returns what the stage counts.
func (s Stage) Unit() string {
	switch s {
	case Load:
		return "files"
	case Render:
		return "pages"
	case Index:
		return "documents"
	case Export:
		return "files"
	}
	return "items"
}

// A Meter holds a counter per stage.
type Meter struct {
	stages [numStages]Counter
}

// NewMeter returns a meter whose stages have not started. changed, if
// not nil, is called as each stage starts and finishes, on the goroutine
// doing the work: a progress line can be drawn then, not only on a timer.
func NewMeter(changed func()) *Meter { return newMeter(time.Now, changed) }

func newMeter(now func() time.Time, changed func()) *Meter {
	m := &Meter{}
	for i := range m.stages {
		m.stages[i].now, m.stages[i].changed = now, changed
	}
	return m
}

type meterKey struct{}

// NewContext returns ctx carrying m.
func NewContext(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// Of returns the counter of stage s of the meter ctx carries, or nil —
// whose methods do nothing — when it carries none.
func Of(ctx context.Context, s Stage) *Counter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	if m == nil {
		return nil
	}
	return &m.stages[s]
}

// A Counter counts one stage's work: how much is done of how much, and
// when the stage started and finished.
type Counter struct {
	now         func() time.Time
	changed     func()
	done, total atomic.Int64
	start, end  atomic.Int64 // unix nanoseconds; 0 when not yet
	peak        atomic.Int64 // the process's peak resident memory at the end, in bytes
}

// Start marks the stage as started; a second call does nothing.
func (c *Counter) Start() {
	if c != nil && c.start.CompareAndSwap(0, c.now().UnixNano()) && c.changed != nil {
		c.changed()
	}
}

// SetTotal says how much work the stage has, when it knows.
func (c *Counter) SetTotal(n int) {
	if c != nil {
		c.total.Store(int64(n))
	}
}

// Add counts n more done.
func (c *Counter) Add(n int) {
	if c != nil {
		c.done.Add(int64(n))
	}
}

// Finish marks the stage as finished and notes the process's peak memory.
func (c *Counter) Finish() {
	if c == nil {
		return
	}
	c.Start()
	c.peak.Store(peakRSS())
	if c.end.CompareAndSwap(0, c.now().UnixNano()) && c.changed != nil {
		c.changed()
	}
}

// A Snapshot is what a stage has done at one moment.
type Snapshot struct {
	Stage
	Done, Total int       // Total is 0 when unknown
	Started     time.Time // zero when not started
	Finished    time.Time // zero when not finished
	Peak        int64     // peak resident memory at its end, in bytes; 0 when unknown
}

// Running reports whether the stage has started and not finished.
func (s Snapshot) Running() bool { return !s.Started.IsZero() && s.Finished.IsZero() }

// Took returns how long the stage ran, or has run so far at now.
func (s Snapshot) Took(now time.Time) time.Duration {
	switch {
	case s.Started.IsZero():
		return 0
	case s.Finished.IsZero():
		return now.Sub(s.Started)
	}
	return s.Finished.Sub(s.Started)
}

// Left estimates how long the stage still needs at now, from its pace so
// far; ok is false when there is not enough to go on.
func (s Snapshot) Left(now time.Time) (left time.Duration, ok bool) {
	if !s.Running() || s.Total <= 0 || s.Done <= 0 {
		return 0, false
	}
	if s.Done >= s.Total {
		return 0, true
	}
	took := now.Sub(s.Started)
	return time.Duration(float64(took) * float64(s.Total-s.Done) / float64(s.Done)), true
}

// Snapshot returns every stage as it is now, in stage order.
func (m *Meter) Snapshot() []Snapshot {
	out := make([]Snapshot, numStages)
	for i := range m.stages {
		c := &m.stages[i]
		s := Snapshot{Stage: Stage(i), Done: int(c.done.Load()), Total: int(c.total.Load()), Peak: c.peak.Load()}
		if t := c.start.Load(); t != 0 {
			s.Started = time.Unix(0, t)
		}
		if t := c.end.Load(); t != 0 {
			s.Finished = time.Unix(0, t)
		}
		out[i] = s
	}
	return out
}
