# Shared settings for scripts/cluster/*.sh (sourced, not run). Every value can be overridden from the environment.
# shellcheck shell=bash

TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.32.2}"
# v1.32 needs a newer Go than many machines have; the go command fetches this toolchain from the module proxy.
export GOTOOLCHAIN="${GOTOOLCHAIN_CLUSTER:-go1.27.3}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server_home="$root/.tools/temporal-server/$TEMPORAL_SERVER_VERSION"
server_bin="$server_home/bin/temporal-server"
sql_tool="$server_home/bin/temporal-sql-tool"
schema_dir="$server_home/schema/postgresql/v12"
build_stamp="$server_home/.built"
cluster_dir="$root/.tools/cluster"

# Ports: frontend gRPC F (default 7233), history F+1, matching F+2, worker F+3; membership F+100…F+103;
# frontend HTTP F+10; Prometheus metrics F+20…F+23 (one per service). All bound to 127.0.0.1.
frontend_port="${CLUSTER_FRONTEND_PORT:-7233}"
pg_port="${PG_PORT:-55432}"
services=(history matching frontend worker)
namespace="${CLUSTER_NAMESPACE:-default}"

service_offset() {
  case "$1" in
    frontend) echo 0 ;;
    history) echo 1 ;;
    matching) echo 2 ;;
    worker) echo 3 ;;
  esac
}

log() { echo "cluster: $*" >&2; }
die() {
  echo "cluster: $*" >&2
  exit 1
}

pid_of() {
  local file="$cluster_dir/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q temporal-server "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tails() {
  local s
  for s in "${services[@]}"; do
    [[ -f "$cluster_dir/$s.log" ]] || continue
    echo "----- $cluster_dir/$s.log (last 15 lines, cut at 400 characters) -----" >&2
    tail -n 15 "$cluster_dir/$s.log" | cut -c1-400 >&2
  done
}
