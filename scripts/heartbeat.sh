# Sourced by scripts/setup.sh (and its test): `heartbeat WHAT EXPECTED CMD…` runs CMD and, while it
# runs, prints "setup: still WHAT (N s so far; usually EXPECTED)" every HEARTBEAT_SECONDS (20 by
# default), so a long step (a first build, a training run, a download) is never silent. The lines
# go to the terminal's standard output (fd 3, opened here) even when the caller sends CMD's own
# output elsewhere. Returns CMD's exit status.
exec 3>&1
heartbeat() {
  local what="$1" expected="$2" every="${HEARTBEAT_SECONDS:-20}"
  shift 2
  "$@" &
  local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    local i=0
    while [ "$i" -lt "$every" ] && kill -0 "$pid" 2>/dev/null; do
      sleep 1
      i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "setup: still $what ($((SECONDS - start)) s so far; usually $expected)" >&3
    fi
  done
  wait "$pid"
}
