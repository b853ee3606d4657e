"""What generated a project is recorded, so the pristine render of that version is reproduced exactly."""

from __future__ import annotations

from quickscale_core.config import CONFIG_FILE
from quickscale_core.config.load import load_config
from quickscale_core.project import pristine
from quickscale_core.sharing.git import Repository
from quickscale_core.sharing.record import read_record
from testsupport.git import git

from .conftest import project_tree


def test_the_recorded_commit_and_answers_reproduce_the_generated_files_exactly(projects, upstream_seed):
    made = projects("auth")
    repository = Repository(made)
    record = read_record((made / "pyproject.toml").read_text(encoding="utf-8"))
    commit = pristine.recorded_commit(repository, "quickscale")
    assert commit == git(upstream_seed, "rev-parse", "main")  # the starter commit's QuickScale-Commit trailer
    render = pristine.render_at(repository, commit, str(upstream_seed), load_config(made / CONFIG_FILE), record)
    assert {path: text.encode() for path, text in render.files.items()} == project_tree(made)
