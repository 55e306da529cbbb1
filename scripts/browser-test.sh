#!/usr/bin/env bash
# The browser test of the web app (web-tests/browser.test.mjs): Debian's Chromium, headless,
# driven by playwright-core from npm, against `parallax serve` on a loopback port over a store
# filled from the repository's own invented articles. Saves the README's screenshots
# (docs/story-list.png, docs/story-page.png, docs/story-phone.png; another folder with
# BROWSER_SHOTS=DIR).
#
#   scripts/browser-test.sh        # what scripts/test.sh (and so .ci/run) runs after cargo test
#
# What it needs is installed here when missing: Chromium with `apt-get install chromium` (as
# root, as scripts/with-postgres.sh installs PostgreSQL), playwright-core with `npm ci` in
# web-tests/ (the version pinned in web-tests/package-lock.json). When either cannot be had, the
# test is skipped with one line, recorded in the skip log scripts/test.sh prints; with CI set a
# skip is a failure, as for every other test (crates/testkit).
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
  if [ -n "${CI:-}" ]; then
    echo "browser-test: FAILED: $* (CI is set, so the browser test may not be skipped)" >&2
    exit 1
  fi
  echo "skipped: browser-test: $*" >&2
  if [ -n "${PARALLAX_SKIP_LOG:-}" ]; then
    echo "skipped: browser-test: $*" >> "$PARALLAX_SKIP_LOG"
  fi
  exit 0
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "browser-test: no Chromium at $chromium; installing Debian's package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /dev/null || true
    apt-get install -y -qq --no-install-recommends chromium > /dev/null ||
      skip "apt-get install chromium failed"
  fi
  [ -x "$chromium" ] || skip "no Chromium at $chromium (install Debian's chromium package)"
fi
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "browser-test: no Node.js; installing Debian's nodejs and npm" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends nodejs npm > /dev/null ||
      skip "apt-get install nodejs npm failed"
  fi
  command -v node > /dev/null 2>&1 || skip "no Node.js (install Debian's nodejs and npm)"
fi
if [ ! -f web-tests/node_modules/playwright-core/package.json ]; then
  echo "browser-test: installing playwright-core (web-tests/package-lock.json)" >&2
  (cd web-tests && npm ci --no-audit --no-fund --loglevel=error) ||
    skip "npm could not install playwright-core"
fi

echo "browser-test: building parallax" >&2
cargo build -q -p parallax
shots=${BROWSER_SHOTS:-docs}
mkdir -p "$shots"
CHROMIUM="$chromium" node web-tests/browser.test.mjs target/debug/parallax "$shots"
