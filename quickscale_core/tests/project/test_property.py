"""Property: any sequence of module changes ends in the tree a fresh generate of the final config makes.

The sequences range over every real module of this checkout plus the two fake
ones (which use the manifest keys no real module does). One venv per session
holds Django and every module (installed from a project's embedded copy); each
step then only runs `manage.py check` in the project.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscale_core.config import CONFIG_FILE
from quickscale_core.errors import ModuleRemovalError
from quickscale_core.modules.catalog import find_modules, load_catalog
from quickscale_core.project.generate import generate
from testsupport.git import REPO_ROOT, git, snapshot
from testsupport.projects import new_venv, uv_pip_install

from .conftest import MODULES, new_project, project_tree, set_modules

pytestmark = pytest.mark.slow

EVERY_MODULE = tuple(sorted({*find_modules(REPO_ROOT), *MODULES}))


@pytest.fixture(scope="session")
def requires(fake_upstream_seed) -> dict[str, set[str]]:
    """Module name -> the modules it requires, as the fake upstream's manifests declare them."""
    return {name: set(manifest.requires) for name, manifest in load_catalog(str(fake_upstream_seed), "main").items()}


@pytest.fixture(scope="session")
def check_python(_built_projects, fake_upstream_seed, tmp_path_factory) -> Path:
    """A venv with the starter's dependencies, quickscale-core and every module, editable from an embedded copy."""
    full = _built_projects(fake_upstream_seed, EVERY_MODULE)
    pins = tomllib.loads((full / "pyproject.toml").read_text())["project"]["dependencies"]
    venv = new_venv(tmp_path_factory.mktemp("check") / "venv")
    embedded = full / "quickscale"
    editables = [embedded / "quickscale_core", *(embedded / "quickscale_modules" / m for m in EVERY_MODULE)]
    uv_pip_install(venv, *[pin for pin in pins if not pin.startswith("quickscale-")], *(f"-e{e}" for e in editables))
    return venv / "bin" / "python"


def manage_check(python: Path, project: Path) -> None:
    result = subprocess.run(
        [str(python), "manage.py", "check", "--settings", "acme.settings.test", "--fail-level", "WARNING"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def installed(project: Path) -> set[str]:
    return set(yaml.safe_load((project / CONFIG_FILE).read_text())["modules"])


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sets(st.sampled_from(EVERY_MODULE), max_size=4), min_size=1, max_size=3))
def test_any_sequence_of_changes_ends_where_a_fresh_generate_does(
    steps, _built_projects, fake_upstream_seed, check_python, requires, session_git
):
    base = _built_projects(fake_upstream_seed, ())
    with tempfile.TemporaryDirectory(prefix="quickscale-property-") as scratch:
        project = Path(shutil.copytree(base, Path(scratch, "acme"), symlinks=True))
        for target in steps:
            before, had = snapshot(project), installed(project)
            set_modules(project, {name: {} for name in sorted(target)})
            dropped_but_needed = {r for m in target for r in requires[m] if r in had and r not in target}
            if dropped_but_needed:
                with pytest.raises(ModuleRemovalError, match="requires it"):
                    generate(project, keep_data=True)
                git(project, "checkout", "--", CONFIG_FILE)
                assert snapshot(project) == before
                continue
            generate(project, keep_data=True)
            wanted = target | {r for m in target for r in requires[m]}
            assert installed(project) == wanted
            # With nothing to change, generate commits nothing and leaves the user's edit of the file as it is.
            left = {""} if wanted != had else {"", f"M {CONFIG_FILE}"}
            assert git(project, "status", "--porcelain") in left
            manage_check(check_python, project)
        final = {name: {} for name in yaml.safe_load((project / CONFIG_FILE).read_text())["modules"]}
        fresh = new_project(Path(scratch, "fresh", "acme"), fake_upstream_seed, final)
        assert project_tree(project) == project_tree(fresh)
