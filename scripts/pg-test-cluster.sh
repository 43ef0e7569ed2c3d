#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, on a loopback port only.
#
#   eval "$(bash scripts/pg-test-cluster.sh start)"   # starts it (or finds it running) and
#                                                     # prints: export NEWSTRAIL_TEST_PG=...
#   bash scripts/pg-test-cluster.sh url               # prints the URL only
#   bash scripts/pg-test-cluster.sh status            # exit 0 when running
#   bash scripts/pg-test-cluster.sh stop              # stops it and removes its data directory
#
# The cluster lives in $NEWSTRAIL_PG_DIR (default /tmp/newstrail-pg-<port>), listens on
# 127.0.0.1:$NEWSTRAIL_PG_PORT (default 54329) with trust authentication for loopback and its
# Unix socket inside its own directory; the superuser is "postgres". Run as root, the server
# runs as the "postgres" OS user (initdb refuses root). Server binaries are looked up in
# $PG_BIN, then the newest /usr/lib/postgresql/*/bin, then PATH.
# Only the export line goes to stdout (for eval); progress goes to stderr.
set -euo pipefail

PORT="${NEWSTRAIL_PG_PORT:-54329}"
BASE="${NEWSTRAIL_PG_DIR:-/tmp/newstrail-pg-$PORT}"
DATA="$BASE/data"
LOG="$BASE/server.log"
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"

say() { echo "pg-test-cluster: $*" >&2; }

find_bin() {
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/pg_ctl" ]]; then echo "$PG_BIN"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  say "PostgreSQL server binaries not found (install Debian's postgresql package or set PG_BIN)"
  exit 1
}

BIN=$(find_bin)

# Run a command as the cluster's owner: "postgres" when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  if running; then
    say "already running on 127.0.0.1:$PORT ($DATA)"
  else
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
      rm -rf "$BASE"
      mkdir -p "$BASE"
      if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || { say "no 'postgres' OS user to run the server as"; exit 1; }
        chown postgres: "$BASE"
      fi
      chmod 700 "$BASE"
      say "initdb in $DATA"
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
        || as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
          --no-locale >"$BASE/initdb.log" 2>&1 \
        || { cat "$BASE/initdb.log" >&2; exit 1; }
      # Loopback TCP and the private socket only; trust is fine for a throwaway cluster.
      cat >"$DATA/pg_hba.conf" <<'EOF'
local all all trust
host  all all 127.0.0.1/32 trust
EOF
    fi
    say "starting on 127.0.0.1:$PORT"
    # fsync off: the cluster is thrown away, and tests should not wait on the disk.
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$BASE -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >&2; then
      tail -n 30 "$LOG" >&2 || true
      exit 1
    fi
  fi
  # Wait until it accepts connections (pg_ctl -w already waits; this covers "already running").
  for _ in $(seq 1 60); do
    if as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
      echo "export NEWSTRAIL_TEST_PG=$URL"
      return 0
    fi
    sleep 0.5
  done
  say "server did not become ready; log: $LOG"
  exit 1
}

stop() {
  if running; then
    say "stopping"
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  rm -rf "$BASE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  status) running ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
