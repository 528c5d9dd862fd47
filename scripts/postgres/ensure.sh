#!/usr/bin/env bash
# Starts (or finds running) a local PostgreSQL cluster in .tools/pgdata on 127.0.0.1:$PG_PORT (default 55432),
# trust auth on loopback, superuser "postgres", creates the databases named as arguments, and prints the URL.
# Idempotent. Runs the server as a non-root user: as root it uses the Debian "postgres" account.
#   bash scripts/postgres/ensure.sh [dbname…]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd / # every path is absolute; the postgres account may not enter the current folder
port="${PG_PORT:-55432}"
data="${PG_DATA_DIR:-$root/.tools/pgdata}"
log="$data/server.log"
say() { echo "postgres: $*" >&2; }
die() { echo "postgres: $*" >&2; exit 1; }

find_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    pg_config --bindir; return 0
  fi
  return 1
}

bindir="$(find_bindir || true)"
if [[ -z "$bindir" ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL server binaries not found: installing Debian's postgresql-15"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
    bindir="$(find_bindir || true)"
  fi
  [[ -n "$bindir" ]] || die "PostgreSQL server binaries (initdb, pg_ctl) are missing.
  Debian/Ubuntu: sudo apt-get install -y postgresql-15   (any version ≥ 12 works)"
fi
psql_bin="$bindir/psql"; [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql || true)"
[[ -n "$psql_bin" ]] || die "psql is missing. Debian/Ubuntu: sudo apt-get install -y postgresql-client-15"

# PostgreSQL refuses to run as root: run it as the "postgres" account (created here if the package did not).
as_pg=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  as_pg=(runuser -u postgres --)
fi

# As root, the data directory must be reachable by "postgres": when the checkout sits under a private folder
# (e.g. /root), the cluster lives in /var/lib/postgresql and .tools/pgdata links to it.
if [[ ${#as_pg[@]} -gt 0 && ! -e "$data" ]]; then
  mkdir -p "$(dirname "$data")"
  if ! runuser -u postgres -- test -x "$(dirname "$data")"; then
    outside="/var/lib/postgresql/pgdata-$(echo "$data" | md5sum | cut -c1-12)"
    mkdir -p "$outside" && chown postgres: "$outside" && chmod 700 "$outside"
    ln -s "$outside" "$data"
    say "$(dirname "$data") is not reachable by the postgres account: data in $outside"
  fi
fi
data="$(readlink -f "$data" 2>/dev/null || echo "$data")"
log="$data/server.log"

if [[ ! -f "$data/PG_VERSION" ]]; then
  say "initialising a new cluster in $data"
  mkdir -p "$data"
  [[ ${#as_pg[@]} -gt 0 ]] && chown postgres: "$data"
  chmod 700 "$data"
  "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  cat >"$data/pg_hba.conf" <<HBA
local all all              trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128      trust
HBA
fi

running() { "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }
if running; then
  actual="$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)"
  [[ "$actual" == "$port" ]] || die "the cluster in $data is already running on port $actual, not $port (stop it: bash scripts/postgres/stop.sh)"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is taken by another process; set PG_PORT to a free port"
  fi
  say "starting on 127.0.0.1:$port (log: $log)"
  # max_connections: four Temporal services with their pools, plus tests.
  if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c max_connections=300 -c fsync=${PG_FSYNC:-on}" >/dev/null; then
    tail -n 30 "$log" >&2 || true
    die "PostgreSQL did not start (log above: $log)"
  fi
fi

q() { "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
for db in "$@"; do
  [[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "invalid database name: $db"
  if [[ -z "$(q "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
    say "creating database $db"
    q "CREATE DATABASE \"$db\"" >/dev/null
  fi
done
echo "postgresql://postgres@127.0.0.1:$port"
