package gitobj

import "container/list"

// cacheLimit is how many bytes of rebuilt objects a Repo keeps: enough for
// a chain of fifty versions of a tree of a few hundred kilobytes, the
// longest git writes by default.
const cacheLimit = 64 << 20

// A cache keeps the objects rebuilt from deltas, by their place in their
// pack, the least recently used going first when it is full.
type cache struct {
	limit, size int
	order       *list.List // of *cached, most recent first
	byPlace     map[place]*list.Element
}

type place struct {
	p   *pack
	off int64
}

type cached struct {
	place place
	t     Type
	data  []byte
}

func newCache(limit int) *cache {
	return &cache{limit: limit, order: list.New(), byPlace: map[place]*list.Element{}}
}

func (c *cache) get(p *pack, off int64) (*cached, bool) {
	e, ok := c.byPlace[place{p, off}]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached), true
}

func (c *cache) put(p *pack, off int64, t Type, data []byte) {
	k := place{p, off}
	if _, ok := c.byPlace[k]; ok || len(data) > c.limit/4 {
		return
	}
	c.byPlace[k] = c.order.PushFront(&cached{place: k, t: t, data: data})
	c.size += len(data)
	for c.size > c.limit {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.byPlace, old.place)
		c.size -= len(old.data)
	}
}
