#!/usr/bin/env bash
# Test every QuickScale module (quickscale_modules/*/ with a pyproject.toml), one after the other, each in a venv
# of its own (see scripts/test-suite.sh). Usage: scripts/test-modules.sh [pytest args...]
# Works from a fresh clone; run scripts/services.sh first for the database and browser tests.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh --dev
status=0
for pyproject in quickscale_modules/*/pyproject.toml; do
  [ -e "$pyproject" ] || continue
  module=$(dirname "$pyproject")
  echo "== $module (coverage gate in its pyproject.toml)"
  bash scripts/test-suite.sh "$module" "$@" || status=1
done
exit $status
