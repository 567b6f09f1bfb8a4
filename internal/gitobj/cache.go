package gitobj

import "container/list"

// cacheLimit is how many bytes of rebuilt objects a Repo keeps, counted
// by cost: enough for the chains of a few versions of a tree of a few
// hundred kilobytes, whose versions share most of their bytes.
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
	data  Contents
	cost  int
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

func (c *cache) put(p *pack, off int64, t Type, data Contents) {
	k := place{p, off}
	cost := cost(data)
	if _, ok := c.byPlace[k]; ok || cost > c.limit/4 {
		return
	}
	c.byPlace[k] = c.order.PushFront(&cached{place: k, t: t, data: data, cost: cost})
	c.size += cost
	for c.size > c.limit {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.byPlace, old.place)
		c.size -= old.cost
	}
}

// cost is what contents count for in the cache: their bytes when they are
// a buffer of their own; an eighth of them and their pieces when they
// share the buffers of a base, which the base is counted for.
func cost(data Contents) int {
	if len(data.pieces) == 1 {
		return data.size
	}
	return data.size/8 + 64*len(data.pieces)
}
