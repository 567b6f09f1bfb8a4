package progress

import (
	"context"
	"testing"
	"time"
)

// With no meter in the context, counting does nothing and does not panic.
func TestNoMeter(t *testing.T) {
	c := Of(context.Background(), Render)
	if c != nil {
		t.Fatalf("Of = %v, want nil", c)
	}
	c.Start()
	c.SetTotal(10)
	c.Add(1)
	c.Finish()
}

func TestCounting(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	changes := 0
	m := newMeter(func() time.Time { return now }, func() { changes++ })
	ctx := NewContext(context.Background(), m)
	c := Of(ctx, Index)
	c.Start()
	c.Start() // a second start keeps the first time
	c.SetTotal(100)
	c.Add(25)
	now = now.Add(time.Second)
	s := m.Snapshot()[Index]
	if s.Done != 25 || s.Total != 100 || !s.Running() {
		t.Fatalf("snapshot = %+v", s)
	}
	if left, ok := s.Left(now); !ok || left != 3*time.Second {
		t.Errorf("Left = %v, %v; want 3s, true", left, ok)
	}
	c.Add(75)
	c.Finish()
	s = m.Snapshot()[Index]
	if s.Running() || s.Took(now.Add(time.Hour)) != time.Second {
		t.Errorf("after Finish: running %v, took %v; want finished after 1s", s.Running(), s.Took(now))
	}
	if changes != 2 {
		t.Errorf("changed called %d times, want 2 (start and finish)", changes)
	}
	if other := m.Snapshot()[Load]; !other.Started.IsZero() || other.Done != 0 {
		t.Errorf("another stage moved: %+v", other)
	}
}
