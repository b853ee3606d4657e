#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs and starts the services,
# sets up .venv with the test tools, lints, runs every package's tests and
# enforces the coverage gates. .ci/run calls exactly this.
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

for package in quickscale_core quickscale_cli; do
  echo "== $package (coverage gate 90%)"
  (cd "$package" && "$bin/python" -m pytest "$@")
done

bash scripts/test-modules.sh "$@"

echo "== benchmarks (smoke mode)"
"$bin/python" -m pytest "$@"
