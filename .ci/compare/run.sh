#!/usr/bin/env bash
# Builds the same generated corpus with `catalogue build` and with Hugo
# followed by Pagefind (the static-site generator and static search most
# sites like ours use), runs interleaved, and prints for each the wall time,
# CPU time (user + system) and peak memory (maximum resident set) measured
# by GNU time, their medians and the ratios catalogue / (Hugo + Pagefind).
#
#   .ci/compare/run.sh [-n 10000] [-runs 3] [-seed 1] [-work DIR] [-keep] [-install] [-one-language]
#
# -work puts the corpus and every output there (default: a new folder under
# $TMPDIR); on /dev/shm the file system's cost leaves the comparison.
# -install installs what is missing: GNU time and Hugo with apt-get,
# Pagefind with npm (its npm package ships the binary). Without it, a
# missing Hugo or Pagefind is skipped and said so.
# -one-language generates the corpus with only the first of the bundled
# site's interface languages (it has two, so catalogue writes every page
# twice while Hugo writes it once).
#
# The Hugo site is .ci/compare/hugo: the same content folder, unchanged, a
# page per entry, a page per collection, taxonomy pages for the facets, a
# JSON file per entry, per collection and for the catalogue, a CSV file per
# collection, a sitemap. It does less than catalogue (no backlinks, no code
# links in bodies, no schemas, no DCAT, no checks), so the ratio favours
# Hugo. Pagefind indexes the entry pages with filters for kind, status,
# priority, theme and owner.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

n=10000 runs=3 seed=1 work="" keep=0 install=0 corpus_flags=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n=$2; shift 2 ;;
    -runs) runs=$2; shift 2 ;;
    -seed) seed=$2; shift 2 ;;
    -work) work=$2; shift 2 ;;
    -keep) keep=1; shift ;;
    -install) install=1; shift ;;
    -one-language) corpus_flags=-one-language; shift ;;
    *) echo "usage: $0 [-n N] [-runs R] [-seed S] [-work DIR] [-keep] [-install] [-one-language]" >&2; exit 2 ;;
  esac
done

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/catalogue-compare-XXXXXX")
else
  mkdir -p "$work"
fi
if [ "$keep" = 0 ]; then
  trap 'rm -rf "$work"' EXIT
fi

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

gnutime=/usr/bin/time
if ! "$gnutime" -v true >/dev/null 2>&1; then
  if [ "$install" = 1 ]; then apt_install time; else
    echo "GNU time is missing (apt-get install time, or run with -install)" >&2; exit 1
  fi
fi

hugo=$(command -v hugo || true)
if [ -z "$hugo" ] && [ "$install" = 1 ]; then
  apt_install hugo && hugo=$(command -v hugo)
fi

# Pagefind: on the PATH, or the binary inside the npm package.
pagefind=$(command -v pagefind || true)
find_pagefind() {
  find "$1/node_modules/@pagefind" -type f -name 'pagefind*' -perm -u+x 2>/dev/null | grep -v '\.tar\.gz' | head -1
}
if [ -z "$pagefind" ]; then
  pagefind=$(find_pagefind "$work/npm" || true)
fi
if [ -z "$pagefind" ] && [ "$install" = 1 ]; then
  mkdir -p "$work/npm"
  (cd "$work/npm" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error pagefind >/dev/null)
  pagefind=$(find_pagefind "$work/npm")
fi

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1e6}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg), work in $work ($(df -T "$work" | awk 'NR==2 {print $2}'))"
echo "== tools: $(go version | cut -d' ' -f3)${hugo:+, $("$hugo" version | cut -d' ' -f2)}${pagefind:+, pagefind $("$pagefind" --version 2>/dev/null | awk '{print $2}')}"
[ -n "$hugo" ] || echo "   Hugo not found: only catalogue is measured (apt-get install hugo, or -install)"
[ -n "$pagefind" ] || echo "   Pagefind not found: Hugo runs without it (npm install pagefind, or -install)"

mkdir -p "$work/bin"
go build -o "$work/bin/catalogue" ./cmd/catalogue
go build -o "$work/bin/corpus" ./cmd/corpus
corpus=$work/corpus
if [ ! -f "$corpus/site.toml" ]; then
  echo "== corpus"
  "$work/bin/corpus" -n "$n" -seed "$seed" -out "$corpus" -from "$repo" $corpus_flags
fi
rm -rf "$work/hugo-site"
cp -r .ci/compare/hugo "$work/hugo-site"

# measure NAME CMD... runs CMD under GNU time and appends
# "NAME wall_s cpu_s maxrss_kB" to $work/results.
measure() {
  local name=$1; shift
  local log=$work/time.log
  if ! "$gnutime" -v -o "$log" "$@" >"$work/$name.out" 2>&1; then
    echo "$name failed:" >&2; tail -20 "$work/$name.out" >&2; exit 1
  fi
  awk -v name="$name" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    END { printf "%s %.2f %.2f %d\n", name, wall, user + sys, rss }' "$log" | tee -a "$work/results" | \
    awk '{ printf "   %-10s wall %7.2f s   cpu %7.2f s   peak %7.0f MB\n", $1, $2, $3, $4/1024 }'
}

run_catalogue() {
  rm -rf "$corpus/public" "$corpus/.catalogue"
  measure catalogue "$work/bin/catalogue" build -root "$corpus"
}

run_hugo() {
  [ -n "$hugo" ] || return 0
  rm -rf "$work/hugo-out" "$work/hugo-cache" "$work/hugo-site/resources" "$work/hugo-site/.hugo_build.lock"
  measure hugo "$hugo" --source "$work/hugo-site" --contentDir "$corpus/content" \
    --destination "$work/hugo-out" --cacheDir "$work/hugo-cache" --quiet
  [ -n "$pagefind" ] || return 0
  measure pagefind "$pagefind" --site "$work/hugo-out" --output-subdir pagefind
}

: >"$work/results"
for i in $(seq 1 "$runs"); do
  echo "== run $i of $runs"
  # Interleaved, the order alternating, so that neither always runs on a
  # warmer cache or a quieter machine.
  if [ $((i % 2)) = 1 ]; then run_catalogue; run_hugo; else run_hugo; run_catalogue; fi
done

echo "== sizes"
printf "   catalogue  public %s, index %s, %s files\n" "$(du -sh "$corpus/public" | cut -f1)" \
  "$(du -sh "$corpus/.catalogue/index" | cut -f1)" "$(find "$corpus/public" -type f | wc -l)"
if [ -n "$hugo" ]; then
  printf "   hugo       public %s, %s files%s\n" "$(du -sh "$work/hugo-out" | cut -f1)" "$(find "$work/hugo-out" -type f | wc -l)" \
    "$( [ -n "$pagefind" ] && printf ', of which pagefind %s, %s files' "$(du -sh "$work/hugo-out/pagefind" | cut -f1)" "$(find "$work/hugo-out/pagefind" -type f | wc -l)")"
fi

echo "== medians over $runs runs ($n entries)"
awk '
  function median(a, k,   i, j, t) {
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return (k % 2) ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
  }
  { k = ++cnt[$1]; wall[$1, k] = $2; cpu[$1, k] = $3; rss[$1, k] = $4 / 1024 }
  END {
    for (name in cnt) {
      delete w; delete c; delete r
      for (i = 1; i <= cnt[name]; i++) { w[i] = wall[name, i]; c[i] = cpu[name, i]; r[i] = rss[name, i] }
      W[name] = median(w, cnt[name]); C[name] = median(c, cnt[name]); R[name] = median(r, cnt[name])
      printf "   %-10s wall %7.2f s   cpu %7.2f s   peak %7.0f MB\n", name, W[name], C[name], R[name]
    }
    if ("hugo" in cnt) {
      hw = W["hugo"] + W["pagefind"]; hc = C["hugo"] + C["pagefind"]
      hr = (R["hugo"] > R["pagefind"]) ? R["hugo"] : R["pagefind"]
      printf "   %-10s wall %7.2f s   cpu %7.2f s   peak %7.0f MB   (Hugo then Pagefind: times add up, peak is the larger)\n", "hugo+pf", hw, hc, hr
      printf "== ratio catalogue / (Hugo + Pagefind): wall %.2f, cpu %.2f, peak memory %.2f\n", W["catalogue"] / hw, C["catalogue"] / hc, R["catalogue"] / hr
    }
  }' "$work/results"
