package main

import (
	"bytes"
	"container/list"
	"net/http"
	"sync"
)

// answers keeps the latest search answers of one index, by ETag: an
// answer depends only on the index and the query, so a query asked again
// (the popular words, a page reloaded, the prefixes typed by everyone
// searching the same thing) is answered without a search. It belongs to
// its index and goes with it when a new one is swapped in. Bounded in
// count and in the size of each answer.
type answers struct {
	mu    sync.Mutex
	max   int
	byTag map[string]*list.Element
	lru   list.List // of *answer, most recent first
}

// maxAnswerBytes is the largest answer kept; more is a page of a size
// few ask for.
const maxAnswerBytes = 256 << 10

type answer struct {
	etag   string
	header http.Header
	body   []byte
}

func newAnswers(max int) *answers {
	if max <= 0 {
		return nil
	}
	return &answers{max: max, byTag: map[string]*list.Element{}}
}

func (c *answers) get(etag string) *answer {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byTag[etag]
	if e == nil {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*answer)
}

func (c *answers) put(a *answer) {
	if c == nil || len(a.body) > maxAnswerBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byTag[a.etag]; ok {
		return
	}
	c.byTag[a.etag] = c.lru.PushFront(a)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*answer)
		delete(c.byTag, old.etag)
	}
}

// write sends a kept answer.
func (a *answer) write(w http.ResponseWriter, r *http.Request) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.body)
	}
}

// A capture holds what a handler answers, to keep it and then send it.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header { return c.header }

func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *capture) Write(p []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return c.body.Write(p)
}
