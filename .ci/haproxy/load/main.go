// Command load sends a bounded, mixed load of searches and page requests
// to a catalogue server (here HAProxy in front of replicas), optionally
// kills one replica with SIGKILL half-way, and prints the failures and
// the latency percentiles. It stops by itself after -n requests, and
// exits 1 when a request failed or the p99 is over -max-p99.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server to load")
	n := flag.Int("n", 20000, "requests in all")
	conns := flag.Int("c", 32, "concurrent connections")
	kill := flag.Int("kill", 0, "process to kill with SIGKILL half-way (0: none)")
	maxP99 := flag.Duration("max-p99", 50*time.Millisecond, "fail when the 99th percentile is over this")
	wait := flag.Duration("wait", 30*time.Second, "how long to wait for the server to be ready first")
	flag.Parse()
	if err := run(*base, *n, *conns, *kill, *maxP99, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// paths are the requests, taken in turn: mostly searches (words,
// prefixes as typed, typos; pages; facets: 360 different ones), some
// pages and open-data files.
var paths = func() []string {
	var ps []string
	words := []string{"cloud", "franceconnect", "identité", "données", "agent", "sécurité",
		"messagerie", "signature électronique", "poste de travail", "démarches", "interministériel",
		"api", "réseau", "logiciel libre", "usagers", "cloud externe", "sigantur", "mesagerie",
		"clo", "fran", "don", "sec", "age", "mes", "sig", "dém", "int", "log", "rés", "usa"}
	facets := []string{"", "&kind=mutualisation", "&kind=action", "&theme=securite"}
	for _, f := range facets {
		for page := 1; page <= 3; page++ {
			for _, q := range words {
				ps = append(ps, fmt.Sprintf("/api/search?q=%s&page=%d%s", url.QueryEscape(q), page, f))
			}
		}
	}
	// One request in eight is a page or a file.
	static := []string{"/", "/mutualisations/", "/feed.xml", "/search/", "/healthz"}
	var mixed []string
	for i, p := range ps {
		mixed = append(mixed, p)
		if i%7 == 6 {
			mixed = append(mixed, static[(i/7)%len(static)])
		}
	}
	return mixed
}()

func run(base string, n, conns, kill int, maxP99, wait time.Duration) error {
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     30 * time.Second,
		},
	}
	if err := waitReady(client, base+"/readyz", wait); err != nil {
		return err
	}
	var next atomic.Int64
	latencies := make([]time.Duration, n)
	var failed atomic.Int64
	var firstErr sync.Once
	var killOnce sync.Once
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if kill > 0 && i == n/2 {
					killOnce.Do(func() {
						p, err := os.FindProcess(kill)
						if err == nil {
							err = p.Kill()
						}
						fmt.Printf("request %d: killed replica %d with SIGKILL (%v)\n", i, kill, err)
					})
				}
				t := time.Now()
				err := get(client, base+paths[i%len(paths)])
				latencies[i] = time.Since(t)
				if err != nil {
					failed.Add(1)
					firstErr.Do(func() { fmt.Fprintf(os.Stderr, "request %d: %v\n", i, err) })
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(float64(len(latencies))*p))] }
	p99 := pct(0.99)
	fmt.Printf("%d requests at %d connections in %v (%.0f/s): %d failed; p50 %v, p99 %v, max %v\n",
		n, conns, took.Round(time.Millisecond), float64(n)/took.Seconds(), failed.Load(),
		pct(0.50).Round(10*time.Microsecond), p99.Round(10*time.Microsecond), latencies[n-1].Round(10*time.Microsecond))
	switch {
	case failed.Load() > 0:
		return fmt.Errorf("%d requests failed", failed.Load())
	case p99 > maxP99:
		return fmt.Errorf("p99 %v is over %v", p99, maxP99)
	}
	return nil
}

// get fetches u and reads the whole answer: anything but a 200 fails.
func get(client *http.Client, u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

// waitReady polls u until it answers 200.
func waitReady(client *http.Client, u string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for {
		if err := get(client, u); err == nil {
			return nil
		} else if ctx.Err() != nil {
			return fmt.Errorf("not ready after %v: %v", wait, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
