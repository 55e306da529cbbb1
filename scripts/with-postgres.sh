#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL server, with PARALLAX_TEST_PG set to its URL:
#
#   scripts/with-postgres.sh cargo test --workspace      # what .ci/run does
#   scripts/with-postgres.sh cargo test -p parallax-store
#
# The server is a fresh cluster (initdb) in a temporary folder, listening on 127.0.0.1 on a
# free port and on a socket in that folder, with password (SCRAM) authentication over TCP, so
# the URL carries a password like a real deployment's. It needs no system configuration and is
# stopped and deleted when the command ends, however it ends. Run as root, the server runs as
# the `postgres` user (initdb refuses root). The PostgreSQL binaries are found on PATH, else in
# /usr/lib/postgresql/*/bin (Debian; the newest), else installed with apt-get when root.
#
# When PARALLAX_TEST_PG is already set, the command runs against that server instead.
# Exits non-zero, loudly, when no server can be started: CI is where the PostgreSQL path is
# proven, so it must not pass by skipping.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh COMMAND [ARG…]" >&2
  exit 2
fi
if [ -n "${PARALLAX_TEST_PG:-}" ]; then
  exec "$@"
fi

fail() {
  echo "with-postgres: $*" >&2
  exit 1
}

find_bindir() {
  local d
  if command -v initdb > /dev/null 2>&1 && command -v pg_ctl > /dev/null 2>&1; then
    d=$(dirname "$(readlink -f "$(command -v initdb)")")
    if [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      echo "$d"
      return
    fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return
    fi
  done
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "with-postgres: no PostgreSQL server found; installing Debian's package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /dev/null || true
    apt-get install -y -qq --no-install-recommends postgresql > /dev/null ||
      fail "apt-get install postgresql failed"
    bindir=$(find_bindir)
  fi
fi
[ -n "$bindir" ] || fail "no PostgreSQL server binaries (initdb, pg_ctl) found; install PostgreSQL"

# initdb and postgres refuse to run as root: run them as `postgres` (or `nobody`).
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  server_user=postgres
  id -u "$server_user" > /dev/null 2>&1 || server_user=nobody
  if command -v runuser > /dev/null 2>&1; then
    as_server=(runuser -u "$server_user" --)
  else
    as_server=(su "$server_user" -s /bin/sh -c '"$0" "$@"')
  fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parallax-pg.XXXXXX")
data="$tmp/data"
password="pw-$RANDOM$RANDOM$RANDOM"
started=""
cleanup() {
  if [ -n "$started" ]; then
    "${as_server[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
printf '%s\n' "$password" > "$tmp/pwfile"
if [ "$(id -u)" -eq 0 ]; then
  chown -R "$server_user" "$tmp"
fi

"${as_server[@]}" "$bindir/initdb" -D "$data" -U parallax --pwfile="$tmp/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-instructions > "$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; fail "initdb failed"; }

# A free port: try a few random ones; pg_ctl fails fast when the port is taken.
port=""
for _ in 1 2 3 4 5 6 7 8; do
  candidate=$((20000 + RANDOM % 40000))
  if (exec 3<> "/dev/tcp/127.0.0.1/$candidate") 2> /dev/null; then
    continue
  fi
  if "${as_server[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $candidate -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start > /dev/null 2>&1; then
    port=$candidate
    started=yes
    break
  fi
done
if [ -z "$port" ]; then
  cat "$tmp/server.log" >&2 2> /dev/null || true
  fail "the PostgreSQL server did not start"
fi

# The tests make a schema each in the cluster's `postgres` database.
export PARALLAX_TEST_PG="postgresql://parallax:$password@127.0.0.1:$port/postgres"
version=$("$bindir/postgres" --version)
echo "with-postgres: $version on 127.0.0.1:$port, stopped on exit" >&2
status=0
"$@" || status=$?
exit "$status"
