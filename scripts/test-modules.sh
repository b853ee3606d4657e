#!/usr/bin/env bash
# Test every QuickScale module (quickscale_modules/*/ with a pyproject.toml) in a venv of its own:
# <module>/.venv gets the module (editable) with its dev group and quickscale-core (testsupport and the
# end-to-end tests use it), plus the src/ folders and the repository root on sys.path (src/ first, so the module
# and core win over the same-named repository folders; the root for testsupport); then the module's pytest runs
# with its own settings and coverage gate. The end-to-end tests run .venv/bin/quickscale.
# Usage: scripts/test-modules.sh [pytest args...]   (works from a fresh clone; run scripts/services.sh
# first for the browser tests).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/setup.sh --dev
uv="$root/.venv/bin/uv"
python="$root/.venv/bin/python"

status=0
for pyproject in quickscale_modules/*/pyproject.toml; do
  [ -e "$pyproject" ] || continue
  module=$(dirname "$pyproject")
  echo "== $module (coverage gate in its pyproject.toml)"
  venv="$root/$module/.venv"
  [ -x "$venv/bin/python" ] || "$uv" venv --quiet --python "$python" "$venv"
  # The modules it requires (module.toml `requires`) are installed from this checkout too, editable.
  required=$("$python" -c 'import sys, tomllib; print(" ".join(tomllib.load(open(sys.argv[1], "rb")).get("requires", [])))' "$module/module.toml")
  editables=()
  for name in $required; do editables+=(-e "$root/quickscale_modules/$name"); done
  (cd "$module" && "$uv" pip install --quiet --python "$venv/bin/python" -e . --group dev -e "$root/quickscale_core" "${editables[@]}")
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  printf '%s\n' "$root/$module/src" "$root/quickscale_core/src" "$root" > "$site/quickscale-testsupport.pth"
  (cd "$module" && "$venv/bin/python" -m pytest "$@") || status=1
done
exit $status
