"""The bench's scratch folder and its venv: QuickScale from this checkout plus the baseline's Django."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from quickscale_bench.procs import BenchError
from quickscale_core.scaffold import ProjectGenerator
from testsupport.projects import UV, new_venv, uv_pip_install

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Workspace:
    root: Path
    venv: Path
    django: str  # the requirement the generated project pins, e.g. Django==5.2.19; baselines use the same

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def quickscale(self) -> Path:
        return self.venv / "bin" / "quickscale"

    @property
    def django_admin(self) -> Path:
        return self.venv / "bin" / "django-admin"

    def fresh_dir(self, prefix: str) -> Path:
        """A new empty folder to run one command in, so no run finds another's output."""
        return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=self.root))

    @contextmanager
    def scratch(self, prefix: str) -> Iterator[Path]:
        """A fresh folder that is removed afterwards (installed venvs are large)."""
        path = self.fresh_dir(prefix)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def workspace(keep: bool = False) -> Iterator[Workspace]:
    """A temporary folder with a venv holding quickscale (this checkout) and Django; removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="quickscale-bench-"))
    try:
        django = starter_django_requirement()
        venv = new_venv(root / "bench-venv")
        # Bytecode compiled up front, as pip does on install, so the first timed run does not pay for it.
        packages = ("-e", REPO / "quickscale_core", "-e", REPO / "quickscale_cli", django)
        uv_pip_install(venv, "--compile-bytecode", *packages)
        yield Workspace(root=root, venv=venv, django=django)
    finally:
        if keep:
            print(f"Kept the bench's files in {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def starter_django_requirement() -> str:
    """The exact Django requirement in the pyproject.toml that `quickscale init` writes."""
    text = ProjectGenerator().plan("acme")[PurePosixPath("pyproject.toml")]
    for requirement in tomllib.loads(text)["project"]["dependencies"]:
        if re.fullmatch(r"django==[\w.]+", requirement, re.IGNORECASE):
            return requirement
    raise BenchError("The starter's pyproject.toml pins no exact Django release; the baselines need one.")


__all__ = ["REPO", "UV", "Workspace", "workspace"]
