// Package parallel runs the n items of a build stage (files to load, pages
// to render, search files to write, index batches) on a few goroutines.
//
// The workers take the items in turn by an atomic counter: handing them
// over a channel cost a switch of goroutines per item, which shows when
// items are small files. What differs between the stages is a parameter:
// how many workers, state that each goroutine keeps (an analyser, a
// buffer), a hook for the moment a core falls idle, and which error wins.
package parallel

import (
	"cmp"
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Order says which error Run returns when several items fail.
type Order int

const (
	// FirstMet returns the first error met in time; the other items still
	// run, so that one bad page does not hide the rest.
	FirstMet Order = iota
	// ByIndex returns the failed item's error with the lowest index, so
	// that the same failure reads the same whichever goroutine met it
	// first; no item is started after a failure.
	ByIndex
)

// Options are what sets the stages apart. The zero value runs on
// GOMAXPROCS workers and returns the first error met.
type Options struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. There are
	// never more workers than items.
	Workers int
	// Errors is which error wins.
	Errors Order
	// Spare, if not nil, is called at most once, when the work leaves a
	// core idle: at the start when there are fewer workers than
	// GOMAXPROCS, else when the first worker finds no item left. The
	// caller can start the next stage's work on it.
	Spare func()
}

// Run calls do(i) for every i in [0, n) and returns the error Options.Errors
// picks, else the context's error if it was cancelled (items are not
// started once it is).
func Run(ctx context.Context, n int, o Options, do func(i int) error) error {
	return RunWith(ctx, n, o, func() struct{} { return struct{}{} },
		func(_ struct{}, i int) error { return do(i) })
}

// RunWith is Run with state of each goroutine: newState is called once
// per worker, and its result passed to each of the worker's calls of do.
func RunWith[S any](ctx context.Context, n int, o Options, newState func() S, do func(s S, i int) error) error {
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var once sync.Once
	spare := func() {
		if o.Spare != nil {
			once.Do(o.Spare)
		}
	}
	if workers < runtime.GOMAXPROCS(0) {
		spare()
	}
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		mu    sync.Mutex
		first error
		errs  []error // by index, for ByIndex
	)
	if o.Errors == ByIndex {
		errs = make([]error, n)
	}
	for range workers {
		wg.Go(func() {
			defer spare()
			s := newState()
			for i := int(next.Add(1) - 1); i < n && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				err := do(s, i)
				if err == nil {
					continue
				}
				if errs != nil {
					errs[i] = err
					next.Store(int64(n)) // the others stop after their item
					continue
				}
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return cmp.Or(first, ctx.Err())
}
