#!/usr/bin/env bash
# Parallax beside trafilatura on the same pages, in one run:
#
# 1. Quality. trafilatura (Python, pinned, in a venv under target/) extracts every page of
#    extraction-news and extraction-snippets twice, with its library defaults and with the
#    settings its benchmark publishes (include_comments=False), text and metadata (title,
#    author, date). Its outputs go to target/bench-extraction/*.json, and
#    `parallax eval extraction --peer …` scores them beside Parallax with the same code:
#    extraction-news shingle F1, snippets P/R/F1/accuracy, snippets metadata accuracy.
# 2. Speed. Both extract the 116 extraction-news pages on one core (taskset -c 0 when it
#    exists), each in one process for the whole batch, one warm-up pass before the timed one;
#    it prints pages/s and the ratio.
#
# Nothing is copied out of ../shared/data: both sides read the pages where they lie.
#
# Usage: scripts/bench-extraction.sh [DATA_DIR]   (default: ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
if [ ! -f "$data/extraction-news/ground-truth.json" ] || [ ! -f "$data/extraction-snippets/gold.json" ]; then
  echo "bench-extraction: no extraction-news or extraction-snippets under $data; nothing to run" >&2
  exit 1
fi
data="$(cd "$data" && pwd)"

pin=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c 0)
fi

venv=target/bench-venv
version=2.3.1
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# lxml_html_clean: recent lxml split out the cleaner that trafilatura's justext fallback imports.
if [ "$("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)' 2>/dev/null)" != "$version" ]; then
  echo "bench-extraction: installing trafilatura $version into $venv (about a minute)" >&2
  "$venv/bin/pip" install -q "trafilatura==$version" lxml_html_clean
fi

out=target/bench-extraction
mkdir -p "$out"

# trafilatura's outputs, text and metadata, with each of the two settings.
echo "bench-extraction: trafilatura $version on both sets, twice (defaults, benchmark settings)" >&2
"$venv/bin/python" - "$data" "$out" "$version" <<'PY'
import gzip, json, os, sys
import trafilatura

data, out, version = sys.argv[1:4]

def pages(sub, index):
    d = os.path.join(data, sub)
    names = sorted(json.load(open(os.path.join(d, index))))
    for n in names:
        yield n, gzip.open(os.path.join(d, "html", n + ".html.gz")).read()

def run(html, **settings):
    # Raw bytes in: trafilatura detects the charset itself, as Parallax does. The text is
    # extract()'s plain-text output with these settings (what the data sets' READMEs score:
    # with the defaults, comments are appended to it); the metadata is trafilatura's own
    # extract_metadata() on the same page.
    text = trafilatura.extract(html, **settings) or ""
    m = trafilatura.extract_metadata(html)
    meta = {k: getattr(m, k, None) for k in ("title", "author", "date")} if m else {}
    return {"text": text, **meta}

for key, label, settings in [
    ("defaults", "library defaults", {}),
    ("benchmark", "benchmark settings", {"include_comments": False}),
]:
    result = {
        "name": f"trafilatura {version}, {label}",
        "news": {n: {"text": run(h, **settings)["text"]} for n, h in pages("extraction-news", "ground-truth.json")},
        "snippets": {n: run(h, **settings) for n, h in pages("extraction-snippets", "gold.json")},
    }
    with open(os.path.join(out, f"trafilatura-{key}.json"), "w") as f:
        json.dump(result, f)
PY

cargo build -q --release -p parallax
target/release/parallax eval extraction --data "$data" \
  --peer "$out/trafilatura-defaults.json" --peer "$out/trafilatura-benchmark.json"

# Speed: trafilatura, pages read and decompressed first; one warm-up pass, then one timed pass.
read -r t_pages t_secs < <("${pin[@]}" "$venv/bin/python" - "$data/extraction-news" <<'PY'
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
print(f"speed on extraction-news, one core each, one process each:")
print(f"{'extractor':<12} {'pages':>6} {'seconds':>9} {'pages/s':>9}")
print(f"{'trafilatura':<12} {tp:>6} {ts:>9.3f} {t_rate:>9.1f}")
print(f"{'parallax':<12} {pp:>6} {ps:>9.3f} {p_rate:>9.1f}")
print(f"parallax / trafilatura: {p_rate / t_rate:.2f}x pages/s")
PY
