#!/usr/bin/env bash
# Run one test suite of this repository with its own settings and coverage gate:
#   scripts/test-suite.sh quickscale_core|quickscale_cli|quickscale_cli/e2e|bench|quickscale_modules/<m>|quickscale_themes/<t> [pytest args...]
# quickscale_cli/e2e is the end-to-end suite of created projects (every module combination, each made and
# installed once), run on QS_E2E_WORKERS processes (default 3) with pytest-xdist, one worker per combination.
# A module runs in a venv of its own (<module>/.venv): the module (editable) with its dev group, quickscale-core
# (testsupport and the end-to-end tests use it), the modules its module.toml `requires` and those its
# pyproject.toml lists as `[tool.quickscale] test-modules` (modules its tests also install, such as the api
# module's resources for teams, billing and notifications; never a dependency of the module; their names are
# in QS_TEST_MODULES for its test project), plus the src/
# folders and the repository root on sys.path (src/ first, so the packages win over the same-named repository
# folders; the root for testsupport). Expects scripts/setup.sh --dev to have run (scripts/test.sh does it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
suite=${1:?name a suite: quickscale_core, quickscale_cli, bench or quickscale_modules/<m>}
shift
bin="$root/.venv/bin"

case "$suite" in
  quickscale_core)
    cd "$suite" && exec "$bin/python" -m pytest "$@" ;;
  quickscale_cli)
    cd "$suite" && exec "$bin/python" -m pytest --ignore=tests/e2e "$@" ;;
  quickscale_cli/e2e)
    # Coverage of the CLI is gated by its own suite; these prove the created projects.
    cd quickscale_cli && exec "$bin/python" -m pytest tests/e2e --no-cov -n "${QS_E2E_WORKERS:-3}" --dist loadgroup "$@" ;;
  bench)
    exec "$bin/python" -m pytest "$@" ;;
  quickscale_themes/*)
    # A theme's own tests need only quickscale-core (the project-side tests run in generated projects).
    [ -f "${suite%/}/pyproject.toml" ] || { echo "There is no theme $suite (no pyproject.toml)." >&2; exit 2; }
    cd "$suite" && exec "$bin/python" -m pytest "$@" ;;
  quickscale_modules/*)
    module=${suite%/}
    [ -f "$module/pyproject.toml" ] || { echo "There is no module $module (no pyproject.toml)." >&2; exit 2; }
    venv="$root/$module/.venv"
    [ -x "$venv/bin/python" ] || "$bin/uv" venv --quiet --python "$bin/python" "$venv"
    required=$("$bin/python" -c 'import sys, tomllib; print(" ".join(tomllib.load(open(sys.argv[1], "rb")).get("requires", [])))' "$module/module.toml")
    # The modules its tests also install, told to its test project too (QS_TEST_MODULES, comma-separated).
    test_modules=$("$bin/python" -c 'import sys, tomllib; print(",".join(tomllib.load(open(sys.argv[1], "rb")).get("tool", {}).get("quickscale", {}).get("test-modules", [])))' "$module/pyproject.toml")
    export QS_TEST_MODULES=$test_modules
    required+=" ${test_modules//,/ }"
    editables=()
    for name in $required; do editables+=(-e "$root/quickscale_modules/$name"); done
    (cd "$module" && "$bin/uv" pip install --quiet --python "$venv/bin/python" -e . --group dev -e "$root/quickscale_core" "${editables[@]}")
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
    # Every installed module's src/ comes before the repository root, or quickscale_modules.<name> would resolve
    # to the root's quickscale_modules/<name>/ folder (an empty namespace package) instead of the module.
    sources=("$root/$module/src")
    for name in $required; do sources+=("$root/quickscale_modules/$name/src"); done
    printf '%s\n' "${sources[@]}" "$root/quickscale_core/src" "$root" > "$site/quickscale-testsupport.pth"
    cd "$module" && exec "$venv/bin/python" -m pytest "$@" ;;
  *)
    echo "Unknown suite \"$suite\"; use quickscale_core, quickscale_cli, quickscale_cli/e2e, bench or quickscale_modules/<m>." >&2
    exit 2 ;;
esac
