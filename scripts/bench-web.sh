#!/usr/bin/env bash
# Load benchmark of the web app: a store of N invented articles (default 10,000; grouped into
# stories of 2-5 outlets each), `parallax serve` (release build) on a loopback port, and `wrk`
# (Debian's; installed with apt-get when missing and root) with 200 connections on the story
# list and on one story page, 20 s each (60 s in all at most). Prints wrk's figures and the
# non-2xx count; exits non-zero on any error or non-2xx answer.
#
#   scripts/bench-web.sh                 # SQLite file
#   scripts/bench-web.sh postgresql://…  # the same on PostgreSQL (an empty schema of its own)
#   ARTICLES=2000 scripts/bench-web.sh   # a smaller store
#   BENCH_PROFILE=debug scripts/bench-web.sh   # the debug build (dependencies at opt-level 2)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${ARTICLES:-10000}
seconds=${SECONDS_EACH:-20}
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk > /dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk > /dev/null
  fi
  command -v wrk > /dev/null 2>&1 || { echo "bench-web: no wrk (install Debian's wrk package)" >&2; exit 1; }
fi
db=${1:-$work/bench.db}

if [ "${BENCH_PROFILE:-release}" = debug ]; then
  echo "bench-web: building parallax (debug)" >&2
  cargo build -q -p parallax
  bin=target/debug/parallax
else
  echo "bench-web: building parallax (release)" >&2
  cargo build -q --release -p parallax
  bin=target/release/parallax
fi

echo "bench-web: writing $n invented articles" >&2
mkdir -p "$work/articles"
python3 scripts/bench-articles.py "$work/articles" "$n"

echo "bench-web: filling the store (ingest, then one watch round: stories and their comparisons)" >&2
t0=$(date +%s)
"$bin" ingest "$work/articles" --db "$db" > /dev/null
"$bin" watch --once --no-embeddings --db "$db" "$work/articles/000000.json" > /dev/null
echo "bench-web: store filled in $(($(date +%s) - t0)) s" >&2
stories=$("$bin" stories --db "$db" --limit 100000 --format json | python3 -c 'import json,sys; d=json.load(sys.stdin)["stories"]; print(len(d), d[len(d)//2]["id"])')
echo "bench-web: $n articles in ${stories% *} stories" >&2
story=${stories#* }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --addr "127.0.0.1:$port" --db "$db" 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
# Warm the story's comparison (cached by the watch round already; computed here if not).
curl -fs "http://127.0.0.1:$port/stories/$story" > /dev/null

status=0
for path in "/" "/stories/$story"; do
  echo "== wrk -t2 -c200 -d${seconds}s --latency http://127.0.0.1:$port$path"
  out=$(wrk -t2 -c200 -d"${seconds}s" --timeout 10s --latency "http://127.0.0.1:$port$path")
  echo "$out"
  if echo "$out" | grep -q "Non-2xx or 3xx responses\|Socket errors"; then
    status=1
  fi
done
exit "$status"
