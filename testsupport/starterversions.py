"""A second QuickScale version for update-starter tests: the starter templates changed as a release would.

`push_next_version(bare)` commits it to the branch `next` of a bare QuickScale repository whose main is
this checkout: a settings comment and a Dockerfile comment changed, SECURITY.md added, .editorconfig deleted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from testsupport.git import git

TEMPLATES = "quickscale_core/src/quickscale_core/templates/project"
SETTINGS = "acme/settings/base.py"
OLD_COMMENT = "# Django's built-in Redis cache when REDIS_URL is set; the per-process memory cache otherwise."
NEW_COMMENT = "# The Redis cache, shared by every process, when REDIS_URL is set; else a per-process memory cache."
OLD_DOCKER = "# Build stage: resolve and install the dependencies into a virtual environment."
NEW_DOCKER = "# Build stage: install the locked dependencies into the virtual environment /venv."
SECURITY = "# Reporting a vulnerability in {{ project_name }}\n\nWrite to the maintainers, not a public issue.\n"


def push_next_version(bare: Path, branch: str = "next") -> None:
    """Commit the second QuickScale version to `branch` of the bare repository `bare`."""
    clone = bare.with_name(f"{bare.name}-next")
    git(bare.parent, "clone", "--quiet", str(bare), str(clone))
    templates = clone / TEMPLATES
    for name, old, new in (
        ("project_name/settings/base.py.j2", OLD_COMMENT, NEW_COMMENT),
        ("Dockerfile.j2", OLD_DOCKER, NEW_DOCKER),
    ):
        text = (templates / name).read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"{name} no longer has the line this test changes: {old}")
        (templates / name).write_text(text.replace(old, new), encoding="utf-8")
    (templates / "SECURITY.md.j2").write_text(SECURITY, encoding="utf-8")
    git(clone, "rm", "--quiet", f"{TEMPLATES}/.editorconfig.j2")
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "Starter: Redis comment, Dockerfile, SECURITY.md, no .editorconfig")
    git(clone, "push", "--quiet", "origin", f"HEAD:{branch}")
    shutil.rmtree(clone)
