"""Issue 18: the Dockerfile builds for `init`, `create --modules auth` and an embedded project. No container
engine runs here, so this is a build rehearsal: each instruction of the Dockerfile is carried out in staging
folders, COPY bringing in exactly the files Docker would send (.dockerignore respected) and RUN running its
command there with a fresh virtual environment.

Substitutions, the only differences from a real build:
- each stage's root `/` is a staging folder, so WORKDIR /app is <stage>/app, and /venv (shared by the build
  stage, which fills it, and `COPY --from=build /venv /venv`) is one folder beside them;
- `COPY --from=ghcr.io/astral-sh/uv...` (the uv binary) is this repository's uv, and the image's Python is the
  Python running these tests (UV_PYTHON); a `--mount=type=cache` is this machine's uv cache;
- RUN sees this machine's environment (its package index settings) plus the Dockerfile's ENV;
- `RUN groupadd/useradd` (the unprivileged user) and USER, EXPOSE, HEALTHCHECK, CMD are not carried out.
The project's uv.lock is written by `uv lock`, as its developer does before committing it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from quickscale_core.scaffold import ProjectGenerator
from testsupport.git import git, isolated_git_env, make_upstream
from testsupport.projects import PRODUCTION_SECRET_KEY, TOOLS, UV

pytestmark = pytest.mark.slow

SKIPPED_RUN = ("groupadd ",)
IGNORED_INSTRUCTIONS = {"USER", "EXPOSE", "HEALTHCHECK", "CMD", "ARG", "LABEL"}


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments and parser directives dropped."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def ignore_patterns(context: Path) -> list[tuple[bool, re.Pattern]]:
    """.dockerignore as (is_exception, regex) rules, in order: the last matching rule wins."""
    rules = []
    for line in (context / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = "".join(
            ".*" if part == "**" else re.escape(part).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
            for part in re.split(r"(\*\*)", pattern)
        )
        rules.append((exception, re.compile(rf"{regex}(/.*)?")))
    return rules


def context_files(context: Path) -> list[str]:
    """The files of the build context Docker sends: every file not excluded by .dockerignore."""
    rules = ignore_patterns(context)
    sent = []
    for path in sorted(p for p in context.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(context).as_posix()
        excluded = False
        for exception, rule in rules:
            if rule.fullmatch(relative):
                excluded = not exception
        if not excluded:
            sent.append(relative)
    return sent


@dataclass
class Rehearsal:
    context: Path
    root: Path
    env: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    stage: Path | None = None
    log: list[str] = field(default_factory=list)

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    def path(self, image_path: str) -> str:
        """An image path as staged: /venv is shared, the rest lives in the current stage's folder."""
        if image_path == "/venv" or image_path.startswith("/venv/"):
            return str(self.venv) + image_path[len("/venv") :]
        return str(self.stage) + image_path if image_path.startswith("/") else image_path

    def substitute(self, text: str) -> str:
        return re.sub(r"(?<![\w./])/venv\b", str(self.venv), text)

    def run_all(self, dockerfile: str) -> None:
        for instruction, arguments in instructions(dockerfile):
            getattr(self, f"do_{instruction.lower()}", self.ignore)(instruction, arguments)

    def ignore(self, instruction: str, arguments: str) -> None:
        assert instruction in IGNORED_INSTRUCTIONS, f"the rehearsal does not know {instruction}"

    def do_from(self, _, arguments: str) -> None:
        name = arguments.split(" AS ")[-1] if " AS " in arguments else "final"
        self.stage = self.root / f"stage-{name}"
        self.stage.mkdir()
        self.workdir = self.stage
        # This machine's environment (its package index and certificate settings), outside any venv.
        self.env = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
        self.env.update(PATH=f"{TOOLS}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin")
        self.env.update(UV_PYTHON=sys.executable)

    def do_env(self, _, arguments: str) -> None:
        for pair in shlex.split(arguments):
            name, value = pair.split("=", 1)
            self.env[name] = self.substitute(value.replace("$PATH", self.env["PATH"]))

    def do_workdir(self, _, arguments: str) -> None:
        self.workdir = Path(self.path(arguments))
        self.workdir.mkdir(parents=True, exist_ok=True)

    def do_copy(self, _, arguments: str) -> None:
        *sources, destination = arguments.split()
        if sources[0].startswith("--from="):
            origin = sources.pop(0).removeprefix("--from=")
            if origin.startswith("ghcr.io/astral-sh/uv"):
                assert UV.exists()
            else:
                assert origin == "build" and sources == ["/venv"] and destination == "/venv", arguments
                assert self.venv.is_dir(), "the build stage made no /venv"
            return
        target = self.workdir / destination if not destination.startswith("/") else Path(self.path(destination))
        sent = context_files(self.context)
        for source in sources:
            chosen = sent if source == "." else [source]
            assert source == "." or source in sent, f"COPY {source}: not in the build context"
            for relative in chosen:
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.context / relative, target / relative, follow_symlinks=False)
        self.log.append(f"COPY {' '.join(sources)}")

    def do_run(self, _, arguments: str) -> None:
        command = re.sub(r"^(--mount=\S+\s+)+", "", arguments)
        if command.startswith(SKIPPED_RUN):
            return
        done = subprocess.run(
            ["bash", "-c", self.substitute(command)],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, f"RUN {command}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        self.log.append(f"RUN {command}")


def lock(project: Path) -> None:
    subprocess.run([str(UV), "lock", "--quiet", "--python", sys.executable], cwd=project, check=True, timeout=600)


def rehearse(project: Path, tmp_path: Path) -> Rehearsal:
    lock(project)
    rehearsal = Rehearsal(context=project, root=tmp_path / "image")
    rehearsal.root.mkdir()
    rehearsal.run_all((project / "Dockerfile").read_text())
    return rehearsal


def installed(rehearsal: Rehearsal) -> set[str]:
    listed = subprocess.run(
        [str(UV), "pip", "list", "--python", str(rehearsal.venv / "bin" / "python"), "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split("==")[0].lower() for line in listed.stdout.split()}


def image_python(rehearsal: Rehearsal, code: str) -> str:
    """Run Python from the image's venv in the final stage's /app, as the container would."""
    done = subprocess.run(
        [str(rehearsal.venv / "bin" / "python"), "-c", code],
        cwd=rehearsal.workdir,
        env={
            **rehearsal.env,
            "SECRET_KEY": PRODUCTION_SECRET_KEY,
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def assert_built(rehearsal: Rehearsal, name: str) -> None:
    final = rehearsal.workdir
    assert (final / "manage.py").exists() and not (final / "tests").exists(), ".dockerignore keeps tests out"
    assert (final / "staticfiles" / "staticfiles.json").exists(), "collectstatic ran with the manifest storage"
    packages = installed(rehearsal)
    assert {"django", "django-csp", "gunicorn", "whitenoise"} <= packages
    assert not {"pytest", "ruff", "djlint", "django-debug-toolbar"} & packages, "no development tools in the image"
    assert name not in packages, "the project runs from /app, it is not installed"
    output = image_python(rehearsal, "import django; django.setup(); print('ready')")
    assert output.strip() == "ready"


def test_the_dockerfile_copies_the_lock_before_installing_from_it(tmp_path):
    project = ProjectGenerator().generate("acme", tmp_path)
    steps = instructions((project / "Dockerfile").read_text())
    copies = [arguments for instruction, arguments in steps if instruction == "COPY"]
    runs = [arguments for instruction, arguments in steps if instruction == "RUN"]

    assert copies[1] == "pyproject.toml uv.lock ./"
    assert "uv sync --frozen --no-dev" in runs[0] and "uv sync --locked --no-dev" in runs[1]
    assert copies.index(". .") > 1, "the whole project (an embedded QuickScale folder too) before the second sync"


def test_an_init_project_builds(tmp_path):
    project = ProjectGenerator().generate("acme", tmp_path)

    rehearsal = rehearse(project, tmp_path)

    assert_built(rehearsal, "acme")
    assert rehearsal.log[:2] == [
        "COPY pyproject.toml uv.lock",
        "RUN uv sync --frozen --no-dev --no-install-project --no-install-local",
    ]


def test_a_project_created_with_the_auth_module_builds(tmp_path):
    env = isolated_git_env(tmp_path)
    upstream = make_upstream(tmp_path / "quickscale.git", env)
    subprocess.run(
        [str(TOOLS / "quickscale"), "create", "demo", "--modules", "auth", "--repo", str(upstream)],
        cwd=tmp_path,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )

    rehearsal = rehearse(tmp_path / "demo", tmp_path)

    assert_built(rehearsal, "demo")
    assert {"quickscale-module-auth", "django-allauth"} <= installed(rehearsal)
    assert not {"quickscale-core", "jinja2"} & installed(rehearsal), "the generator stays a development tool"
    module = image_python(rehearsal, "import quickscale_modules.auth as m; print(m.__file__)")
    assert str(rehearsal.venv) in module, "the module is installed in the venv, not read from the build folder"


def test_an_embedded_project_builds(tmp_path):
    env = isolated_git_env(tmp_path)
    upstream = make_upstream(tmp_path / "quickscale.git", env)
    project = ProjectGenerator().generate("acme", tmp_path)
    git(project, "init", "--quiet", "--initial-branch=main", env=env)
    git(project, "add", "--all", env=env)
    git(project, "commit", "--quiet", "-m", "Generate acme", env=env)
    subprocess.run(
        [str(TOOLS / "quickscale"), "embed-core", "--repo", str(upstream)],
        cwd=project,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    assert "[tool.uv.sources]" in (project / "pyproject.toml").read_text()

    rehearsal = rehearse(project, tmp_path)

    assert_built(rehearsal, "acme")
    assert not {"quickscale-core", "jinja2"} & installed(rehearsal), "the generator stays a development tool"
