package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"catalogue/internal/progress"
)

// terminal reports whether w is a terminal: a file on a character device,
// or a writer that says it is one (as tests' writers do).
func terminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// colour reports whether to colour what is written to w: only on a
// terminal, and never when NO_COLOR is set to anything (no-color.org).
func colour(w io.Writer) bool {
	return terminal(w) && os.Getenv("NO_COLOR") == ""
}

// paint colours the severity of a diagnostic line ("…: error: …") when on
// is set: red for errors, yellow for warnings.
func paint(line string, on bool) string {
	if !on {
		return line
	}
	for _, s := range []struct{ word, code string }{{": error: ", "31"}, {": warning: ", "33"}} {
		if before, after, ok := strings.Cut(line, s.word); ok {
			return before + ": \x1b[1;" + s.code + "m" + strings.Trim(s.word, ": ") + "\x1b[0m: " + after
		}
	}
	return line
}

// A progressLine shows a build's stages on one line of a terminal,
// rewritten in place as each stage starts and ends and a few times a
// second between: what each running stage has done of how much, and an
// estimate of the time left.
type progressLine struct {
	w     io.Writer
	meter *progress.Meter
	now   func() time.Time
	mu    sync.Mutex // draw is called by the ticker and by the build's goroutines
	shown bool       // a line is on the terminal, to be cleared
}

// progressEvery is how often the line is drawn between stage changes.
const progressEvery = 200 * time.Millisecond

// startProgress returns a context carrying a progress meter and, when
// show is set, starts drawing its line on w. stop ends the line, clearing
// it, and returns the meter's last snapshot.
func startProgress(ctx context.Context, w io.Writer, show bool) (context.Context, func() []progress.Snapshot) {
	if !show {
		m := progress.NewMeter(nil)
		return progress.NewContext(ctx, m), func() []progress.Snapshot { return m.Snapshot() }
	}
	p := &progressLine{w: w, now: time.Now}
	p.meter = progress.NewMeter(p.draw)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				p.draw()
			}
		}
	})
	return progress.NewContext(ctx, p.meter), func() []progress.Snapshot {
		close(quit)
		wg.Wait()
		p.clear()
		return p.meter.Snapshot()
	}
}

func (p *progressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if line := describe(p.meter.Snapshot(), p.now()); line != "" {
		fmt.Fprint(p.w, "\r\x1b[K"+line)
		p.shown = true
	}
}

func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// describe writes the progress line of stages at now, e.g.
// "rendering 4,120/12,403 pages · indexing 10,000/10,000 documents · about 2 s left".
// Only running stages are shown; the estimate is the longest of theirs.
func describe(stages []progress.Snapshot, now time.Time) string {
	var parts []string
	var left time.Duration
	known := false
	for _, s := range stages {
		if !s.Running() {
			continue
		}
		switch {
		case s.Total > 0:
			parts = append(parts, fmt.Sprintf("%s %s/%s %s", s.Stage, thousands(min(s.Done, s.Total)), thousands(s.Total), s.Unit()))
		case s.Done == 0:
			parts = append(parts, fmt.Sprintf("%s %s…", s.Stage, s.Unit()))
		default:
			parts = append(parts, fmt.Sprintf("%s %s %s", s.Stage, thousands(s.Done), s.Unit()))
		}
		if l, ok := s.Left(now); ok {
			left, known = max(left, l), true
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if known && left >= time.Second {
		parts = append(parts, fmt.Sprintf("about %s left", left.Round(time.Second)))
	}
	return strings.Join(parts, " · ")
}

// stageReport writes -v's lines: each stage's duration and the process's
// peak memory at its end.
func stageReport(w io.Writer, stages []progress.Snapshot) {
	for _, s := range stages {
		if s.Started.IsZero() {
			continue
		}
		what := thousands(s.Done) + " " + s.Unit()
		line := fmt.Sprintf("%-9s %-18s in %v", s.Stage, what, s.Took(s.Finished).Round(time.Millisecond))
		if s.Peak > 0 {
			line += fmt.Sprintf(", peak memory %d MB", s.Peak/1e6)
		}
		fmt.Fprintln(w, line)
	}
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
