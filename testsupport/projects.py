"""Generated projects in fresh virtual environments, for end-to-end tests.

A project is created with the real generator, then installed into its own new
venv with uv (from this repository's .venv), sharing uv's download cache so that
only the first install of a run is slow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from quickscale_core.scaffold import ProjectGenerator

UV = Path(sys.executable).parent / "uv"


@dataclass
class InstalledProject:
    """A generated project with its own venv; `run` executes inside the project folder."""

    name: str
    path: Path
    venv: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def bin(self, tool: str) -> Path:
        return self.venv / "bin" / tool

    def run(self, *args: str | Path, env: dict[str, str] | None = None, check: bool = True, timeout: float = 600):
        """Run a command in the project folder; returns the CompletedProcess (text output)."""
        merged = {**os.environ, **self.env, **(env or {})}
        merged.pop("VIRTUAL_ENV", None)
        merged["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{merged.get('PATH', '')}"
        result = subprocess.run(
            [str(a) for a in args], cwd=self.path, env=merged, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(map(str, args))} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
                f"--- stderr\n{result.stderr}"
            )
        return result

    def manage(self, *args: str, env: dict[str, str] | None = None, check: bool = True):
        return self.run(self.python, "manage.py", *args, env=env, check=check)


def new_venv(path: Path) -> Path:
    """Create an empty venv at `path` (with uv) and return it."""
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(path)], check=True)
    return path


def uv_pip_install(venv: Path, *args: str | Path, cwd: Path | None = None) -> None:
    subprocess.run(
        [str(UV), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *map(str, args)],
        check=True,
        cwd=cwd,
    )


def generate_and_install(name: str, parent: Path) -> InstalledProject:
    """Generate project `name` in `parent` and install it, with its dev group, into `parent/venv-name`."""
    path = ProjectGenerator().generate(name, parent)
    venv = new_venv(parent / f"venv-{name}")
    uv_pip_install(venv, "-e", ".", "--group", "dev", cwd=path)
    return InstalledProject(name=name, path=path, venv=venv)
