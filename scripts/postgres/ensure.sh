#!/usr/bin/env bash
# Starts (once) a local PostgreSQL for tests and development and prints the URL of each database, one a line.
#
#   scripts/postgres/ensure.sh [dbname…]     default database: ixopay_test
#
# Idempotent: a cluster already running in the data directory, or any PostgreSQL already answering on the port
# with trust auth for "postgres", is used as it is; missing databases are created. Uses the Debian PostgreSQL
# binaries (/usr/lib/postgresql/*/bin), installing the `postgresql` package when they are absent. Runs the
# server as the OS user "postgres" when started as root (PostgreSQL refuses root).
#
# Environment: PG_PORT (default 55432), PG_DATA (default <repo>/.tools/pgdata).
# Trust authentication on 127.0.0.1 only: for local tests and development, never for production.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${PG_PORT:-55432}"
DATA="${PG_DATA:-$ROOT/.tools/pgdata}"
HOST=127.0.0.1
RUN_AS=postgres

log() { echo "postgres: $*" >&2; }

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "$#" -eq 0 ]; then set -- ixopay_test; fi
for db in "$@"; do
  if ! [[ "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    log "invalid database name '$db' (lower-case letters, digits, underscores)"
    exit 2
  fi
done

BIN="$(pg_bin_dir)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  log "installing the Debian postgresql package"
  # Only our own cluster is wanted: no 'main' cluster on port 5432.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN="$(pg_bin_dir)"
fi
[ -n "$BIN" ] && [ -x "$BIN/initdb" ] || { log "no PostgreSQL binaries in /usr/lib/postgresql/*/bin"; exit 1; }

# as_server CMD…: runs a server-side command as the non-root owner of the data directory.
if [ "$(id -u)" -eq 0 ]; then
  if ! id "$RUN_AS" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin "$RUN_AS"
  fi
  as_server() { runuser -u "$RUN_AS" -- "$@"; }
else
  as_server() { "$@"; }
fi

ready() { "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -U postgres -d postgres; }
psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres -d postgres "$@"; }

mkdir -p "$(dirname "$DATA")"
if [ -z "${PG_DATA:-}" ] && ! as_server test -x "$(dirname "$DATA")"; then
  # The checkout lies where the server's user cannot go (e.g. under /root): keep the cluster in /var/tmp.
  DATA="/var/tmp/ixopay-pgdata-$PORT"
  log "using $DATA ($RUN_AS cannot reach the checkout)"
fi
exec 9>"$DATA.lock"
flock 9 # two callers at once (CI and a test run): one initialises and starts, the other waits

if ready; then
  :
elif [ -f "$DATA/PG_VERSION" ] && as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
  log "server in $DATA is running but not answering on $HOST:$PORT"
  exit 1
else
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "creating a cluster in $DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS": "$DATA"
    chmod 700 "$DATA"
    if ! as_server test -w "$DATA"; then
      log "user $RUN_AS cannot write $DATA (set PG_DATA to a directory it can write)"
      exit 1
    fi
    as_server "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$DATA.initdb.log" 2>&1 || {
      cat "$DATA.initdb.log" >&2
      exit 1
    }
  fi
  log "starting on $HOST:$PORT"
  # No Unix socket (its default directory may not exist); TCP on loopback only.
  as_server "$BIN/pg_ctl" start -D "$DATA" -w -t 60 -l "$DATA/server.log" 9>&- \
    -o "-c listen_addresses=$HOST -p $PORT -c unix_socket_directories='' -c max_connections=300 -c synchronous_commit=off" \
    >&2 || {
    tail -n 20 "$DATA/server.log" >&2 || true
    exit 1
  }
fi

for db in "$@"; do
  exists="$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
  if [ "$exists" != 1 ]; then
    # A concurrent caller may have created it meanwhile: only a still-missing database is an error.
    psql_admin -c "CREATE DATABASE \"$db\"" 2>/dev/null ||
      [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ]
  fi
  echo "postgres://postgres@$HOST:$PORT/$db"
done
