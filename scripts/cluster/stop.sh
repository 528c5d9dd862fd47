#!/usr/bin/env bash
# Stops the cluster's services (SIGTERM, then SIGKILL after CLUSTER_STOP_GRACE seconds, default 20).
# --all also stops PostgreSQL. Idempotent.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/lib.sh"
grace="${CLUSTER_STOP_GRACE:-20}"

pids=()
for s in frontend worker matching history; do
  if pid="$(pid_of "$s")"; then
    log "stopping $s (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$s:$pid")
  fi
done
deadline=$((SECONDS + grace))
for entry in "${pids[@]}"; do
  s="${entry%%:*}" pid="${entry#*:}"
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$s (pid $pid) still running after ${grace}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
rm -f "$cluster_dir"/*.pid
((${#pids[@]})) || log "no cluster service was running"
[[ "${1:-}" == "--all" ]] && PG_PORT="$pg_port" bash "$root/scripts/postgres/stop.sh"
exit 0
