#!/usr/bin/env bash
# Replicas behind a real load balancer: builds the bundled site once,
# starts three `catalogue serve -no-build` replicas on loopback ports over
# the same public/ and index, puts HAProxy in front (health checks on
# /readyz, retries, redispatch), runs a bounded mixed load and kills one
# replica with SIGKILL half-way. Fails unless no request failed and the
# p99 stays under 50 ms. Loopback only; every process is stopped on exit.
# Arguments are passed to each replica's serve (e.g. -answers 0);
# MAX_P99 overrides the 50 ms bound (e.g. to measure on a loaded machine).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v haproxy >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends haproxy >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/catalogue" ./cmd/catalogue
go build -o "$work/load" ./.ci/haproxy/load
mkdir "$work/site"
cp -r site.toml content themes "$work/site/"
"$work/catalogue" build -root "$work/site" >/dev/null

# The replica's first line holds its address, http://127.0.0.1:PORT/, in
# the site's language ("serving … at" / "… servi à").
ports=()
for i in 1 2 3; do
  "$work/catalogue" serve -no-build -root "$work/site" -addr 127.0.0.1:0 -log none "$@" \
    >"$work/replica$i.out" 2>"$work/replica$i.err" &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q 'http://127\.0\.0\.1:[0-9]*/' "$work/replica$i.out" && break
    sleep 0.1
  done
  port=$(sed -n '1s|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/replica$i.out")
  if [ -z "$port" ]; then echo "replica $i did not start:"; cat "$work/replica$i.err"; exit 1; fi
  ports+=("$port")
done
victim=${pids[1]}

# A free loopback port for HAProxy.
front=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then front=$p; break; fi
done
[ -n "$front" ] || { echo "no free port"; exit 1; }

cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 10s
    timeout http-keep-alive 30s
    # A search or a page can be sent again: retry connection failures,
    # empty answers and 5xx, each time on another replica.
    retries 3
    retry-on all-retryable-errors
    option redispatch 1

frontend catalogue
    bind 127.0.0.1:$front
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server check inter 250ms fall 2 rise 2
    server r1 127.0.0.1:${ports[0]}
    server r2 127.0.0.1:${ports[1]}
    server r3 127.0.0.1:${ports[2]}
CFG
haproxy -c -q -f "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)

echo "replicas on ports ${ports[*]}, HAProxy on $front; load: $(uptime | sed 's/.*load average: //')"
"$work/load" -url "http://127.0.0.1:$front" -n 20000 -c 32 -kill "$victim" -max-p99 "${MAX_P99:-50ms}"
