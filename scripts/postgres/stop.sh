#!/usr/bin/env bash
# Stops the local PostgreSQL that scripts/postgres/ensure.sh started (fast shutdown); a no-op when not running.
# Environment: PG_DATA (default <repo>/.tools/pgdata). Keeps the data; remove the directory to start afresh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${PG_DATA:-$ROOT/.tools/pgdata}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

# ensure.sh falls back to /var/tmp when the server's user cannot reach the checkout.
if [ -z "${PG_DATA:-}" ] && [ ! -f "$DATA/PG_VERSION" ] && [ -f "/var/tmp/ixopay-pgdata-${PG_PORT:-55432}/PG_VERSION" ]; then
  DATA="/var/tmp/ixopay-pgdata-${PG_PORT:-55432}"
fi
if [ -z "$BIN" ] || [ ! -f "$DATA/PG_VERSION" ]; then
  echo "postgres: no cluster in $DATA" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_server() { runuser -u postgres -- "$@"; }
else
  as_server() { "$@"; }
fi
if as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
  as_server "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >&2
else
  echo "postgres: not running ($DATA)" >&2
fi
