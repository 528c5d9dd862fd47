#!/usr/bin/env bash
# Shows each cluster service's process and port, and PostgreSQL's. Exit 0 when all are up, 1 otherwise.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/lib.sh"

ok=0
for s in "${services[@]}"; do
  port=$((frontend_port + $(service_offset "$s")))
  if pid="$(pid_of "$s")"; then
    if port_open "$port"; then state="up"; else state="starting (port closed)" ok=1; fi
    printf '%-9s pid %-7s 127.0.0.1:%-5s %s\n' "$s" "$pid" "$port" "$state"
  else
    printf '%-9s %-11s 127.0.0.1:%-5s %s\n' "$s" "-" "$port" "down"
    ok=1
  fi
done
if port_open "$pg_port"; then pg="up"; else pg="down" ok=1; fi
printf '%-9s %-11s 127.0.0.1:%-5s %s\n' postgres "-" "$pg_port" "$pg"
echo "server $TEMPORAL_SERVER_VERSION: $([[ -x "$server_bin" ]] && echo "$server_bin" || echo 'not built')"
exit "$ok"
