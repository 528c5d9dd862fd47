#!/usr/bin/env bash
# Starts a real multi-service Temporal cluster on PostgreSQL: builds the server if needed (build.sh), starts
# PostgreSQL (scripts/postgres/ensure.sh), applies the schemas, writes the config into .tools/cluster/ and runs
# history, matching, frontend and worker as separate processes; then registers the namespace and the search
# attributes (register.ts) and waits until the cluster serves. Idempotent: running services are left alone.
#   CLUSTER_FRONTEND_PORT (7233)  PG_PORT (55432)  CLUSTER_HISTORY_SHARDS (4, fixed once the database exists)
#   CLUSTER_START_TIMEOUT seconds (180)  CLUSTER_LOG_LEVEL (info)
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/lib.sh"
source "$here/config.sh"
source "$here/schema.sh"

timeout_s="${CLUSTER_START_TIMEOUT:-180}"
[[ -d "$root/node_modules/@temporalio/client" ]] || die "node_modules is missing: run npm ci first"

bash "$here/build.sh"
PG_PORT="$pg_port" bash "$root/scripts/postgres/ensure.sh" temporal temporal_visibility >/dev/null
command -v psql >/dev/null 2>&1 || die "psql is missing (Debian: apt-get install postgresql-client-15)"

mkdir -p "$cluster_dir"
apply_schema temporal "$schema_dir/temporal/versioned"
apply_schema temporal_visibility "$schema_dir/visibility/versioned"
write_configs

for s in "${services[@]}"; do
  port=$((frontend_port + $(service_offset "$s")))
  if ! pid_of "$s" >/dev/null && port_open "$port"; then
    die "port $port for $s is taken by another process; set CLUSTER_FRONTEND_PORT to move the cluster's ports"
  fi
done
# One after the other, each listening before the next starts: on a fresh database the first one writes the
# cluster metadata, and services racing to create it fail with a duplicate key.
deadline=$((SECONDS + timeout_s))
for s in "${services[@]}"; do
  port=$((frontend_port + $(service_offset "$s")))
  if pid="$(pid_of "$s")"; then
    log "$s already running (pid $pid)"
  else
    echo "===== $(date -u +%FT%TZ) start $s =====" >>"$cluster_dir/$s.log"
    setsid "$server_bin" --config-file "$cluster_dir/config-$s.yaml" --allow-no-auth start --service "$s" \
      >>"$cluster_dir/$s.log" 2>&1 </dev/null &
    echo $! >"$cluster_dir/$s.pid"
    log "started $s (pid $!, gRPC 127.0.0.1:$port, log $cluster_dir/$s.log)"
  fi
  started="$(cat "$cluster_dir/$s.pid")"
  until port_open "$port"; do
    # Alive is enough here: right after the fork its command line may not name temporal-server yet.
    if ! kill -0 "$started" 2>/dev/null; then
      log_tails
      die "$s exited during start-up (logs above)"
    fi
    if ((SECONDS > deadline)); then
      log_tails
      die "$s did not listen on 127.0.0.1:$port within ${timeout_s}s (logs above)"
    fi
    sleep 0.5
  done
done

# Namespace, search attributes, and a round trip through frontend → history → matching.
if ! CLUSTER_ADDRESS="127.0.0.1:$frontend_port" CLUSTER_NAMESPACE="$namespace" \
  CLUSTER_READY_TIMEOUT="$((deadline - SECONDS > 30 ? deadline - SECONDS : 30))" \
  node --import tsx "$here/register.ts"; then
  log_tails
  die "the cluster did not become ready (logs above)"
fi
log "ready: TEMPORAL_ADDRESS=127.0.0.1:$frontend_port TEMPORAL_NAMESPACE=$namespace"
