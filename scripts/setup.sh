#!/usr/bin/env bash
# Create the repository's own virtual environment (.venv) and install QuickScale
# into it; with --dev, also the tools of the test suite. Safe to run again: it
# does nothing when the inputs have not changed since the last run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
mode=${1:-base}

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "QuickScale needs Python 3.11 or newer as python3; install it or set PYTHON=/path/to/python3.11." >&2
  exit 1
fi

inputs=("$root"/quickscale_core/pyproject.toml "$root"/quickscale_cli/pyproject.toml)
[ "$mode" = "--dev" ] && inputs+=("$root/scripts/requirements-dev.txt")
stamp="$venv/.setup${mode//-/_}"
want=$(cat "${inputs[@]}" | cksum)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" --upgrade pip
"${pip[@]}" -e "$root/quickscale_core" -e "$root/quickscale_cli"
# Put src/ folders on sys.path ahead of the import hooks of editable installs, so the
# packages win over the same-named repository folders, and make testsupport importable.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
printf '%s\n' "$root/quickscale_core/src" "$root/quickscale_cli/src" "$root" > "$site/quickscale-dev.pth"
[ "$mode" = "--dev" ] && "${pip[@]}" -r "$root/scripts/requirements-dev.txt"
echo "$want" > "$stamp"
