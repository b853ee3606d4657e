#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs and starts the services, sets up .venv with the test
# tools, lints, then runs every suite (each package, each module, the benchmark smoke test) with its own
# coverage gate, several side by side (scripts/run-suites.sh; QS_TEST_JOBS sets how many). .ci/run calls
# exactly this. Extra arguments go to every pytest run (e.g. -x -k name).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/services.sh
# shellcheck source=/dev/null
source scripts/services.env
bash scripts/setup.sh --dev
bin="$root/.venv/bin"

echo "== lint (ruff)"
"$bin/ruff" check .
"$bin/ruff" format --check .

# Longest first, so the last suite to start is a short one.
modules=()
for pyproject in quickscale_modules/*/pyproject.toml; do modules+=("$(dirname "$pyproject")"); done
themes=()
for pyproject in quickscale_themes/*/pyproject.toml; do themes+=("$(dirname "$pyproject")"); done
bash scripts/run-suites.sh quickscale_cli/e2e "${modules[@]}" quickscale_core quickscale_cli "${themes[@]}" bench -- "$@"
