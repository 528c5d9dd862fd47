#!/usr/bin/env bash
# Builds temporal-server and temporal-sql-tool ($TEMPORAL_SERVER_VERSION) from the Go module proxy into
# .tools/temporal-server/<version>/bin and copies the PostgreSQL schemas next to them. Idempotent: a warm
# machine (binaries + version stamp present) does nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -x "$server_bin" && -x "$sql_tool" && -d "$schema_dir" && "$(cat "$build_stamp" 2>/dev/null)" == "$TEMPORAL_SERVER_VERSION" ]]; then
  log "temporal-server $TEMPORAL_SERVER_VERSION already built: $server_bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "the go command is missing (Go ≥ 1.21 is needed; it fetches $GOTOOLCHAIN itself).
  Debian: apt-get install golang-go (bookworm's 1.19 is too old: use bookworm-backports' golang-1.22 or newer), or see go.dev/doc/install"
go_minor="$(GOTOOLCHAIN=local go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
[[ "$go_minor" =~ ^[0-9]+$ && "$go_minor" -ge 21 ]] || die "Go $(GOTOOLCHAIN=local go env GOVERSION) cannot switch toolchains: Go ≥ 1.21 is needed"

log "building temporal-server $TEMPORAL_SERVER_VERSION with $GOTOOLCHAIN (several minutes on a cold machine)"
rm -rf "$server_home"
mkdir -p "$server_home/bin"
build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
(
  cd "$build_dir"
  # go install pkg@version builds each binary exactly as the module pins its dependencies.
  GOBIN="$build_dir/bin" go install \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
)
mv "$build_dir/bin/server" "$server_bin"
mv "$build_dir/bin/sql" "$sql_tool"

module_dir="$(cd "$build_dir" && go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')"
[[ -d "$module_dir/schema/postgresql/v12" ]] || die "schema files not found in the module source ($module_dir)"
mkdir -p "$schema_dir"
cp -R "$module_dir/schema/postgresql/v12/." "$schema_dir/"
chmod -R u+w "$schema_dir"
echo "$TEMPORAL_SERVER_VERSION" >"$build_stamp"
log "built $server_bin and $sql_tool"
