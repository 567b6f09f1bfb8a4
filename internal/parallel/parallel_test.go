package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
)

func TestRunEveryItemOnce(t *testing.T) {
	t.Parallel()
	const n = 1000
	var seen [n]atomic.Int32
	if err := Run(context.Background(), n, Options{Workers: 4}, func(i int) error {
		seen[i].Add(1)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if c := seen[i].Load(); c != 1 {
			t.Fatalf("item %d ran %d times", i, c)
		}
	}
	if err := Run(context.Background(), 0, Options{}, func(int) error { t.Error("called for no item"); return nil }); err != nil {
		t.Error(err)
	}
}

func TestRunWithState(t *testing.T) {
	t.Parallel()
	var states atomic.Int32
	type state struct{ items int }
	var total atomic.Int32
	err := RunWith(context.Background(), 100, Options{Workers: 3},
		func() *state { states.Add(1); return new(state) },
		func(s *state, i int) error { s.items++; total.Add(1); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := states.Load(); got < 1 || got > 3 {
		t.Errorf("%d states for 3 workers", got)
	}
	if total.Load() != 100 {
		t.Errorf("%d items run, want 100", total.Load())
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	fail := func(i int) error {
		if i%10 == 7 {
			return fmt.Errorf("item %d", i)
		}
		return nil
	}
	// ByIndex: always the lowest failed item, whatever the scheduling.
	for range 20 {
		if err := Run(context.Background(), 100, Options{Workers: 4, Errors: ByIndex}, fail); err == nil || err.Error() != "item 7" {
			t.Fatalf("ByIndex: %v, want item 7", err)
		}
	}
	// FirstMet: one of the errors, and every item still runs.
	var ran atomic.Int32
	err := Run(context.Background(), 100, Options{Workers: 4}, func(i int) error { ran.Add(1); return fail(i) })
	if err == nil {
		t.Fatal("FirstMet: no error")
	}
	if ran.Load() != 100 {
		t.Errorf("FirstMet ran %d items, want 100", ran.Load())
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	err := Run(ctx, 100, Options{}, func(int) error { ran.Add(1); return nil })
	if !errors.Is(err, context.Canceled) || ran.Load() != 0 {
		t.Errorf("cancelled: %v after %d items, want context.Canceled after none", err, ran.Load())
	}
}

func TestRunSpare(t *testing.T) {
	t.Parallel()
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		var calls atomic.Int32
		Run(context.Background(), 50, Options{Workers: workers, Spare: func() { calls.Add(1) }}, func(int) error { return nil })
		if calls.Load() != 1 {
			t.Errorf("%d workers: Spare called %d times, want once", workers, calls.Load())
		}
	}
}
