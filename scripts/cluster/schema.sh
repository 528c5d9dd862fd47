# Applies the Temporal and visibility schemas with the server's own temporal-sql-tool (setup-schema -v 0.0 once,
# then update-schema up to the newest versioned dir). Idempotent. Sourced by start.sh after lib.sh.
# shellcheck shell=bash

apply_schema() { # database versioned_dir
  local db=$1 dir=$2
  local tool=("$sql_tool" --ep 127.0.0.1 -p "$pg_port" -u postgres --pl postgres12 --db "$db")
  if [[ -z "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -qtAc "SELECT to_regclass('public.schema_version')")" ]]; then
    log "setting up schema in database $db"
    "${tool[@]}" setup-schema -v 0.0 >>"$cluster_dir/schema.log" 2>&1 || {
      tail -n 20 "$cluster_dir/schema.log" >&2
      die "setup-schema failed for $db (log: $cluster_dir/schema.log)"
    }
  fi
  "${tool[@]}" update-schema -d "$dir" >>"$cluster_dir/schema.log" 2>&1 || {
    tail -n 20 "$cluster_dir/schema.log" >&2
    die "update-schema failed for $db (log: $cluster_dir/schema.log)"
  }
}
