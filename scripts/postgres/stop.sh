#!/usr/bin/env bash
# Stops the local PostgreSQL cluster started by scripts/postgres/ensure.sh (fast shutdown). Idempotent.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd / # every path is absolute; the postgres account may not enter the current folder
data="$(readlink -f "${PG_DATA_DIR:-$root/.tools/pgdata}" 2>/dev/null || echo "${PG_DATA_DIR:-$root/.tools/pgdata}")"
[[ -f "$data/PG_VERSION" ]] || { echo "postgres: no cluster in $data" >&2; exit 0; }
bindir=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [[ -x "$d/pg_ctl" ]] && { bindir="$d"; break; }
done
[[ -n "$bindir" ]] || { echo "postgres: pg_ctl not found" >&2; exit 1; }
as_pg=()
[[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)
if "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  echo "postgres: stopped ($data)" >&2
else
  echo "postgres: not running ($data)" >&2
fi
