#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the store tests and prints its URL on stdout:
#   eval "$(scripts/test-postgres.sh start 5470)"   → exports SLUICE_TEST_DATABASE_URL and SLUICE_TEST_PG_DIR
#   scripts/test-postgres.sh stop "$SLUICE_TEST_PG_DIR"
# It uses Debian's postgresql package (apt install postgresql); the server runs as the `postgres` user when started
# by root, in a temporary directory, listening on 127.0.0.1 only, with trust authentication (tests only).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    port=${2:-5432}
    dir=$(mktemp -d /tmp/sluice-pg-XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sluice_test
    echo "export SLUICE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/sluice_test SLUICE_TEST_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
