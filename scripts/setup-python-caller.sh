#!/usr/bin/env bash
# Installs the Python Nexus caller's dependencies (examples/python-caller/requirements.txt, pinned) into
# .tools/python-caller-venv. Idempotent: does nothing when the venv already holds exactly these pins.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/python-caller-venv"
requirements="$root/examples/python-caller/requirements.txt"
stamp="$venv/.requirements-$(sha256sum "$requirements" | cut -c1-16)"

if [[ -x "$venv/bin/python" && -f "$stamp" ]]; then
  echo "python caller venv up to date: $venv"
  exit 0
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
done
if [[ -z "$python" ]]; then
  echo "ixopay-temporal: Python 3 (3.10 or newer, with venv) is needed for examples/python-caller" >&2
  exit 1
fi

echo "Installing examples/python-caller/requirements.txt into $venv"
mkdir -p "$root/.tools"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements"
rm -f "$venv"/.requirements-*
touch "$stamp"
"$venv/bin/python" -c 'import temporalio, cryptography; print("temporalio", temporalio.__version__ if hasattr(temporalio, "__version__") else "installed", "cryptography", cryptography.__version__)'
