#!/usr/bin/env bash
# Time main-text extraction on the 116 extraction-news pages: trafilatura (Python, in a venv under
# target/) and Parallax (in-process, release build), in one run, and print pages/s and the ratio.
#
# Owns only this timing. It does not score quality (that is
# `cargo test -p parallax-eval --release --lib extraction::tests::full -- --ignored --nocapture`),
# and it never copies the pages anywhere: both sides read ../shared/data directly.
#
# Both sides run on one core (taskset -c 0, when taskset exists), each in one process for the
# whole batch, each with one warm-up pass before the timed pass.
#
# Usage: scripts/bench-extraction.sh [DATA_DIR]   (default: ../shared/data/extraction-news)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/data/extraction-news}"
if [ ! -f "$dir/ground-truth.json" ]; then
  echo "no extraction-news data at $dir; nothing to time" >&2
  exit 1
fi
dir="$(cd "$dir" && pwd)"

pin=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c 0)
fi

venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# lxml_html_clean: recent lxml split out the cleaner that trafilatura's justext fallback imports.
if ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  "$venv/bin/pip" install -q trafilatura lxml_html_clean
fi

# Trafilatura: pages read and decompressed first; one warm-up pass, then one timed pass.
read -r t_pages t_secs < <("${pin[@]}" "$venv/bin/python" - "$dir" <<'PY'
import gzip, json, os, sys, time
import trafilatura
d = sys.argv[1]
ids = sorted(json.load(open(os.path.join(d, "ground-truth.json"))))
pages = [gzip.open(os.path.join(d, "html", i + ".html.gz")).read().decode("utf-8", "replace") for i in ids]
for h in pages:
    trafilatura.extract(h, include_comments=False)
t = time.perf_counter()
for h in pages:
    trafilatura.extract(h, include_comments=False)
print(len(pages), time.perf_counter() - t)
PY
)

# Parallax: the same pages through parallax_eval::extraction::time_extraction, in release mode
# (built first, unpinned, so only the timed run is on the one core).
cargo test -q --release -p parallax-eval --lib --no-run 2>/dev/null
p_line="$("${pin[@]}" cargo test -q --release -p parallax-eval --lib extraction::tests::timing -- --ignored --nocapture 2>/dev/null \
  | grep '^parallax-extraction-timing:')"
read -r _ p_pages p_secs <<<"$p_line"

python3 - "$t_pages" "$t_secs" "$p_pages" "$p_secs" <<'PY'
import sys
tp, ts, pp, ps = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
t_rate, p_rate = tp / ts, pp / ps
print(f"{'extractor':<12} {'pages':>6} {'seconds':>9} {'pages/s':>9}")
print(f"{'trafilatura':<12} {tp:>6} {ts:>9.3f} {t_rate:>9.1f}")
print(f"{'parallax':<12} {pp:>6} {ps:>9.3f} {p_rate:>9.1f}")
print(f"parallax / trafilatura: {p_rate / t_rate:.2f}x pages/s (one core each, one process each)")
PY
