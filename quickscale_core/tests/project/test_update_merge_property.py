"""Property: whatever lines the user and QuickScale change, update-starter never loses a user line silently.

Each example is a real git repository holding one generated file: the user edits it and commits, the
new render edits it too, and merge_renders (update-starter's vendor branch and git merge) combines them.
Either the merge succeeds and holds every line the user wrote, or the file is reported as a conflict
(and git's markers still hold every line the user wrote).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscale_core.config import ProjectConfig, QuickScaleSource
from quickscale_core.errors import StarterConflictError
from quickscale_core.project.pristine import Render
from quickscale_core.project.update import merge_renders
from quickscale_core.sharing.git import Repository
from testsupport.git import git

BASE = [f"line {number}" for number in range(8)]
CONFIG = ProjectConfig(name="acme", source=QuickScaleSource(repo="/nowhere", ref="main"))
FILE = "acme/settings/base.py"


@st.composite
def edited(draw, author: str) -> list[str]:
    """BASE with random lines replaced, deleted and inserted; every new line is unique to `author`."""
    lines = list(BASE)
    for number in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["replace", "delete", "insert"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        new = f"{author} {number}"
        if action == "insert" or not lines:
            lines.insert(at, new)
        elif action == "replace":
            lines[at] = new
        else:
            del lines[at]
    return lines


def text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


@pytest.mark.usefixtures("isolated_git")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=edited("user"), theirs=edited("upstream"))
def test_no_user_line_is_lost_without_a_reported_conflict(mine, theirs):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "acme" / "settings").mkdir(parents=True)
        (root / FILE).write_text(text(BASE), encoding="utf-8")
        git(root, "init", "--quiet", "--initial-branch=main")
        git(root, "add", "-A")
        git(root, "commit", "--quiet", "-m", "Generate acme")
        (root / FILE).write_text(text(mine), encoding="utf-8")
        git(root, "commit", "--quiet", "--allow-empty", "-am", "My edits")
        old = Render(files={FILE: text(BASE)}, commit="a" * 40, version="1")
        new = Render(files={FILE: text(theirs)}, commit="b" * 40, version="2")
        try:
            result = merge_renders(Repository(root), CONFIG, old, new)
            conflicts = result.conflicts
        except StarterConflictError as error:
            conflicts = error.update.conflicts
        merged = (root / FILE).read_text(encoding="utf-8").splitlines()
        mine_only = [line for line in mine if line not in BASE]
        assert all(line in merged for line in mine_only), (conflicts, merged)
        if conflicts:
            assert conflicts == (FILE,) and "<<<<<<< HEAD" in merged
        else:
            assert not any(line.startswith("<<<<<<<") for line in merged)
            assert git(root, "status", "--porcelain") == ""
