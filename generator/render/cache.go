package render

import (
	"html/template"
	"sync"
	"sync/atomic"

	"catalogue/generator/content"
)

// An editCache holds what a Renderer keeps of the templates it executed and
// the buffers it wrote with, so that writing many pages, and writing them
// again after an edit under serve, costs less. None of it changes what a
// page shows: a Renderer with an empty cache writes the same bytes.
type editCache struct {
	chromeMu sync.Mutex
	chrome   map[chromeKey]template.HTML // header and footer variants
	links    *linkCache
	// linked holds the link of each entry of the catalogue, at its index
	// in cat.Entries (index): in front of links, it spares building,
	// hashing and locking a key for each entry of a list. An entry pointer
	// is valid in one catalogue only, so this is not shared by Reuse.
	index  map[*content.Entry]int
	linked []atomic.Pointer[template.HTML]
	// bufs holds the buffers of the pages written: grown to the size of
	// a page, a buffer written again costs no allocation.
	bufs   sync.Pool
	bodies sync.Pool // of *bodyWriter
	// tables holds each kind's explorer table, worked out once: the
	// explorer's index and every one of its parts need all its rows.
	tablesMu sync.Mutex
	tables   map[content.Kind]*explorerTable
}

// init makes c an empty cache for the renderer of cat.
func (c *editCache) init(cat *content.Catalogue) {
	c.chrome = map[chromeKey]template.HTML{}
	c.links = &linkCache{m: map[linkKey]template.HTML{}}
	c.index = make(map[*content.Entry]int, len(cat.Entries))
	c.tables = map[content.Kind]*explorerTable{}
	c.linked = make([]atomic.Pointer[template.HTML], len(cat.Entries))
	for i, e := range cat.Entries {
		c.index[e] = i
	}
}
