#!/usr/bin/env bash
# The whole test suite: what the README's test command is and what .ci/run runs.
#
#   scripts/test.sh                       # setup, every test beside a throwaway PostgreSQL
#   scripts/test.sh -p parallax-analyze   # extra arguments go to `cargo test --workspace`
#
# 1. scripts/setup.sh: model weights and the trained bias model (never fails; what it cannot
#    do leaves the pure-Rust fallbacks, and the tests that need the files skip).
# 2. scripts/with-postgres.sh cargo test --workspace: every test, with PARALLAX_TEST_PG set.
# 3. scripts/browser-test.sh: the web app in Debian's Chromium (installed when missing; a skip
#    is recorded like any other, and is a failure with CI set).
# 4. The skip summary: every test that could not run its real check (a missing data set, model,
#    server) recorded one line in the skip log through parallax-testkit; cargo hides a passing
#    test's output, so the lines are printed here, where a log shows them. With CI set (and for
#    the quality encoder with PARALLAX_QUALITY=1) such a test fails instead of skipping.
set -uo pipefail
cd "$(dirname "$0")/.."

export PARALLAX_SKIP_LOG="${PARALLAX_SKIP_LOG:-$PWD/target/test-skips.log}"
mkdir -p "$(dirname "$PARALLAX_SKIP_LOG")"
: >"$PARALLAX_SKIP_LOG"

scripts/setup.sh || exit
scripts/with-postgres.sh cargo test --workspace "$@"
status=$?
# 3. The browser test of the web app (the whole suite only, not a run narrowed by arguments).
if [ "$#" -eq 0 ]; then
  scripts/browser-test.sh || status=1
fi

skipped=$(grep -c '^skipped: ' "$PARALLAX_SKIP_LOG")
echo "== skip summary: $skipped test(s) could not run their real check (log: $PARALLAX_SKIP_LOG)"
sed 's/^skipped: /  /' "$PARALLAX_SKIP_LOG" | sort
exit "$status"
