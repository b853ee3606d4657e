"""ProjectGenerator end to end in-process: validate, render, write."""

from __future__ import annotations

import pytest

from quickscale_core.errors import InvalidProjectNameError, TargetExistsError
from quickscale_core.scaffold import ProjectGenerator, render_project


def test_generate_writes_exactly_the_rendered_files(tmp_path):
    target = ProjectGenerator().generate("acme", tmp_path)
    assert target == tmp_path / "acme"
    written = {p.relative_to(target).as_posix(): p.read_text() for p in target.rglob("*") if p.is_file()}
    assert written == {str(path): content for path, content in render_project("acme").items()}


def test_generate_accepts_a_string_path(tmp_path):
    assert ProjectGenerator().generate("acme", str(tmp_path)).is_dir()


def test_invalid_name_writes_nothing(tmp_path):
    with pytest.raises(InvalidProjectNameError):
        ProjectGenerator().generate("my-app", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_second_generation_is_refused(tmp_path):
    ProjectGenerator().generate("acme", tmp_path)
    with pytest.raises(TargetExistsError):
        ProjectGenerator().generate("acme", tmp_path)
