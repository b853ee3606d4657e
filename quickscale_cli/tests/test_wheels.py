"""Integration: the two built wheels, installed with plain pip into a clean venv, make a working CLI."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from quickscale_core.scaffold import render_project

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("wheels")
    for package in ("quickscale_core", "quickscale_cli"):
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO / package)],
            check=True,
            capture_output=True,
        )
    return sorted(out.glob("*.whl"))


@pytest.fixture(scope="module")
def quickscale(wheels, tmp_path_factory) -> Path:
    """The quickscale executable from a clean venv with only the two wheels (and their PyPI deps)."""
    env_dir = tmp_path_factory.mktemp("clean-venv")
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", *map(str, wheels)],
        check=True,
        capture_output=True,
    )
    return env_dir / "bin" / "quickscale"


def run(quickscale: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(quickscale), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_wheels_declare_no_path_or_url_dependencies(wheels):
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            requirements = [
                line for line in archive.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")
            ]
        assert requirements
        assert not any("@" in line or "file:" in line for line in requirements), requirements


def test_core_wheel_ships_every_template(wheels):
    core = next(w for w in wheels if w.name.startswith("quickscale_core"))
    with zipfile.ZipFile(core) as archive:
        shipped = {n for n in archive.namelist() if "/templates/project/" in n}
    assert len(shipped) == len(render_project("acme"))


def test_core_wheel_ships_the_schemas(wheels):
    core = next(w for w in wheels if w.name.startswith("quickscale_core"))
    with zipfile.ZipFile(core) as archive:
        shipped = {n for n in archive.namelist() if "/schemas/" in n}
    assert shipped == {f"quickscale_core/schemas/{name}.schema.json" for name in ("quickscale", "module", "theme")}


def test_installed_cli_validates_with_the_shipped_schema(quickscale, tmp_path):
    config = "schema_version: 2\nproject: {name: acme}\nquickscale: {repo: r, ref: main}\n"
    (tmp_path / "quickscale.yml").write_text(config)
    assert run(quickscale, "validate", cwd=tmp_path).stdout == "quickscale.yml is valid: project acme, modules none.\n"
    (tmp_path / "quickscale.yml").write_text(config + "features: [auth]\n")
    result = run(quickscale, "validate", cwd=tmp_path)
    assert result.returncode == 1 and "quickscale.yml:4:1: features is no longer supported" in result.stderr


def test_installed_cli_reports_its_version(quickscale, tmp_path):
    result = run(quickscale, "--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("quickscale ")


def test_installed_cli_generates_the_whole_project(quickscale, tmp_path):
    result = run(quickscale, "init", "acme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Created the Django project acme in ./acme"
    written = {p.relative_to(tmp_path / "acme").as_posix() for p in (tmp_path / "acme").rglob("*") if p.is_file()}
    assert written == {str(path) for path in render_project("acme")}


@pytest.mark.parametrize(("name", "code"), [("my-app", 2), ("json", 2), ("", 2), ("taken", 1)])
def test_installed_cli_errors_are_one_line_without_traceback(quickscale, tmp_path, name, code):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("mine")
    result = run(quickscale, "init", name, cwd=tmp_path)
    assert result.returncode == code
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (tmp_path / "taken" / "file.txt").read_text() == "mine"
