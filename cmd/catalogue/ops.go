package main

// What an operator needs of serve beyond serving: timeouts and a cap on
// connections so that slow or idle clients cannot starve the others,
// security headers, an access log, health and readiness probes, and
// Prometheus metrics.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// limits bound what one client can hold of the server.
type limits struct {
	readHeader time.Duration // to read a request's headers
	read       time.Duration // to read a whole request
	write      time.Duration // to write a response, but for the live-reload stream
	idle       time.Duration // a kept-alive connection waiting for its next request
	conns      int           // connections open at once; more wait to be accepted
	searches   int           // searches at once; more get a 503
	answers    int           // search answers kept per index
}

// newHTTPServer returns the server of h with the limits' timeouts. The
// write deadline is set per request (see [server.ServeHTTP]) so that the
// live-reload stream alone can go without one.
func newHTTPServer(h http.Handler, lim limits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.readHeader,
		ReadTimeout:       lim.read,
		IdleTimeout:       lim.idle,
		MaxHeaderBytes:    64 << 10,
	}
}

// A limitListener accepts at most cap(slots) connections open at once:
// the next waits, in the kernel's queue, until one is closed. With the
// timeouts, a client that holds a connection without using it loses it,
// and the others get their turn.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, n int) net.Listener {
	if n <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// Headers of every response. The portal has no inline script or style
// and asks no other host for anything, so 'self' is all it needs.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
	"Referrer-Policy":         "strict-origin-when-cross-origin",
}

// Routes, the label of the metrics: a fixed few, whatever the path.
const (
	routeSearch  = "search"
	routeHealth  = "healthz"
	routeReady   = "readyz"
	routeMetrics = "metrics"
	routeEvents  = "events"
	routeLive    = "live"
	routeStatic  = "static"
)

func (s *server) route(r *http.Request) string {
	switch r.URL.Path {
	case "/api/search":
		return routeSearch
	case "/healthz":
		return routeHealth
	case "/readyz":
		return routeReady
	case "/metrics":
		return routeMetrics
	case "/_catalogue/events":
		if s.dev {
			return routeEvents
		}
	case "/_catalogue/live.js", "/_catalogue/live.css":
		if s.dev {
			return routeLive
		}
	}
	return routeStatic
}

// ServeHTTP sets what every response shares (security headers, the write
// deadline), hands the request to its route, then counts and logs it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	route := s.route(r)
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	for k, v := range securityHeaders {
		w.Header().Set(k, v)
	}
	rc := http.NewResponseController(w)
	if route == routeEvents {
		// The stream stays open as long as the tab: no deadline.
		rc.SetReadDeadline(time.Time{})
		rc.SetWriteDeadline(time.Time{})
	} else if s.limits.write > 0 {
		rc.SetWriteDeadline(start.Add(s.limits.write))
	}
	s.dispatch(rec, r, route)
	took := time.Since(start)
	s.metrics.observe(route, rec.status, took)
	if s.log != nil {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("ms", float64(took.Microseconds())/1000),
			slog.Int64("bytes", rec.bytes))
	}
}

func (s *server) dispatch(w http.ResponseWriter, r *http.Request, route string) {
	if route == routeSearch {
		s.searchAPI(w, r) // its errors are JSON, 405 included
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch route {
	case routeHealth:
		s.healthz(w, r)
	case routeReady:
		s.readyz(w, r)
	case routeMetrics:
		s.metrics.handler.ServeHTTP(w, r)
	case routeEvents:
		s.events(w, r)
	case routeLive:
		s.live(w, r)
	default:
		s.file(w, r)
	}
}

// A recorder keeps the status and size of a response for the log and the
// metrics.
type recorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// ReadFrom keeps http.ServeFile's sendfile path.
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	r.wroteHeader = true
	n, err := io.Copy(r.ResponseWriter, src)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// newAccessLog returns the access log in the format asked for, or nil
// for none.
func newAccessLog(format string, w io.Writer) *slog.Logger {
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil))
	case "text":
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return nil
}

// healthz says the process is alive: it answers as long as it can answer
// anything, with what it serves.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	type index struct {
		Entries int     `json:"entries"`
		Age     float64 `json:"age_seconds"`
		// Stale tells an index built from other content than the site's
		// (serve -no-build checks): null while the check runs.
		Stale       *bool  `json:"stale"`
		StaleReason string `json:"stale_reason,omitempty"`
	}
	body := struct {
		Status string `json:"status"`
		Index  *index `json:"index,omitempty"`
	}{Status: "ok"}
	if l := s.currentIndex(); l != nil {
		body.Index = &index{Entries: l.ix.Manifest().Entries, Age: l.age().Seconds()}
		if why, known := l.staleNow(); known {
			stale := why != ""
			body.Index.Stale, body.Index.StaleReason = &stale, why
		}
	}
	writeProbe(w, http.StatusOK, body)
}

// readyz says whether the server should get traffic: it is not draining,
// its index is open and answers a probe query.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	type answer struct {
		Ready bool   `json:"ready"`
		Error string `json:"error,omitempty"`
	}
	if s.draining.Load() {
		writeProbe(w, http.StatusServiceUnavailable, answer{Error: "shutting down"})
		return
	}
	s.mu.Lock()
	h := s.search
	s.mu.Unlock()
	l, _ := h.(*liveIndex)
	if l == nil {
		msg := "the search index is not open"
		if ref, ok := h.(refusal); ok {
			msg = ref.msg
		}
		writeProbe(w, http.StatusServiceUnavailable, answer{Error: msg})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
	defer cancel()
	if err := l.probe(ctx); err != nil {
		writeProbe(w, http.StatusServiceUnavailable, answer{Error: err.Error()})
		return
	}
	writeProbe(w, http.StatusOK, answer{Ready: true})
}

// probeTimeout bounds the readiness probe's query, which takes
// milliseconds on a healthy index.
const probeTimeout = 2 * time.Second

func writeProbe(w http.ResponseWriter, status int, v any) {
	data, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

// age is how long ago the index was written.
func (l *liveIndex) age() time.Duration {
	if l.files.manifest == nil {
		return 0
	}
	return time.Since(l.files.manifest.ModTime())
}

// serveMetrics are the server's Prometheus metrics, in a registry of its own.
type serveMetrics struct {
	handler        http.Handler
	requests       *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	searchRejected prometheus.Counter
	builds         *prometheus.HistogramVec
	reloads        *prometheus.HistogramVec
}

// newMetrics registers the metrics of s, the index ones read from its
// current index at each scrape.
func newMetrics(s *server) *serveMetrics {
	reg := prometheus.NewRegistry()
	m := &serveMetrics{
		handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "catalogue_http_requests_total",
			Help: "HTTP requests answered, by route and status.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "catalogue_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "code"}),
		searchRejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "catalogue_search_rejected_total",
			Help: "Searches refused with a 503 because too many ran at once.",
		}),
		builds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "catalogue_build_duration_seconds",
			Help:    "Builds under serve: kind full or update, result ok or failed.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 12),
		}, []string{"kind", "result"}),
		reloads: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "catalogue_search_index_open_duration_seconds",
			Help:    "Time to open and swap in a new search index, by result.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
		}, []string{"result"}),
	}
	index := func(f func(*liveIndex) float64) func() float64 {
		return func() float64 {
			if l := s.currentIndex(); l != nil {
				return f(l)
			}
			return 0
		}
	}
	reg.MustRegister(
		m.requests, m.latency, m.searchRejected, m.builds, m.reloads,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "catalogue_search_index_up",
			Help: "1 when a search index is open, else 0.",
		}, index(func(*liveIndex) float64 { return 1 })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "catalogue_search_index_entries",
			Help: "Entries in the open search index.",
		}, index(func(l *liveIndex) float64 { return float64(l.ix.Manifest().Entries) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "catalogue_search_index_bytes",
			Help: "Size on disk of the open search index.",
		}, index(func(l *liveIndex) float64 { return float64(l.bytes) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "catalogue_search_index_age_seconds",
			Help: "Time since the open search index was written.",
		}, index(func(l *liveIndex) float64 { return l.age().Seconds() })),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *serveMetrics) observe(route string, status int, took time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, code).Inc()
	m.latency.WithLabelValues(route, code).Observe(took.Seconds())
}

func (m *serveMetrics) build(kind string, took time.Duration, err error) {
	m.builds.WithLabelValues(kind, result(err)).Observe(took.Seconds())
}

func (m *serveMetrics) indexReload(took time.Duration, err error) {
	m.reloads.WithLabelValues(result(err)).Observe(took.Seconds())
}

func result(err error) string {
	if err != nil {
		return "failed"
	}
	return "ok"
}
