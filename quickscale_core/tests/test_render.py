"""Rendering is pure: a name in, the files of the project out, nothing on disk."""

from __future__ import annotations

import tomllib
from pathlib import PurePosixPath

import pytest

import quickscale_core
from quickscale_core.errors import InvalidProjectNameError
from quickscale_core.scaffold import ProjectGenerator, render_project
from quickscale_core.scaffold.render import _template_sources


def test_every_template_becomes_one_file_with_the_name_in_place():
    files = render_project("acme")
    sources = _template_sources("project")
    assert len(files) == len(sources)
    expected = {PurePosixPath(s.replace("project_name", "acme").removesuffix(".j2")) for s in sources}
    assert set(files) == expected
    assert not any("project_name" in str(path) for path in files)
    assert not any(str(path).endswith(".j2") for path in files)


def test_the_name_is_substituted_in_contents():
    files = render_project("acme")
    assert any("acme" in content for content in files.values())
    assert not any("{{ project_name" in content for content in files.values())


def test_rendering_touches_no_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render_project("acme")
    assert list(tmp_path.iterdir()) == []


def test_rendering_is_deterministic():
    assert render_project("acme") == render_project("acme")


def test_plan_validates_before_rendering():
    with pytest.raises(InvalidProjectNameError):
        ProjectGenerator().plan("my-app")


def test_version_is_a_string():
    assert quickscale_core.__version__.count(".") == 2


def test_a_project_without_modules_does_not_depend_on_quickscale():
    files = render_project("acme")
    pyproject = tomllib.loads(files[PurePosixPath("pyproject.toml")])
    requirements = [*pyproject["project"]["dependencies"], *pyproject["dependency-groups"]["dev"]]
    assert not any(requirement.lower().startswith("quickscale") for requirement in requirements)
    python_sources = [text for path, text in files.items() if path.suffix == ".py"]
    assert python_sources
    assert not any("import quickscale" in text or "from quickscale" in text for text in python_sources)
