"""write_new_file: a new file appears whole or not at all, and nothing existing is ever replaced."""

from __future__ import annotations

import os

import pytest

from quickscale_core.errors import OutputLocationError, TargetExistsError
from quickscale_core.utils.files import write_new_file


def test_writes_the_text_with_the_usual_permissions(tmp_path):
    path = write_new_file(tmp_path / "quickscale.yml", "schema_version: 2\n")
    assert path.read_text() == "schema_version: 2\n"
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quickscale.yml"]


@pytest.mark.parametrize("kind", ["file", "folder", "dangling-link"])
def test_never_replaces_what_is_there(tmp_path, kind):
    path = tmp_path / "quickscale.yml"
    if kind == "file":
        path.write_text("mine\n")
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "nowhere")
    with pytest.raises(TargetExistsError, match=r'"quickscale\.yml" already exists here'):
        write_new_file(path, "theirs\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quickscale.yml"]
    if kind == "file":
        assert path.read_text() == "mine\n"


def test_a_place_it_cannot_write_in_is_one_sentence(tmp_path):
    (tmp_path / "file").write_text("not a folder\n")
    with pytest.raises(OutputLocationError, match=r"Not a directory.*choose a folder you can write to"):
        write_new_file(tmp_path / "file" / "quickscale.yml", "x\n")


def test_a_write_that_fails_partway_leaves_nothing(tmp_path):
    """Text that cannot be encoded fails inside the real write, after the staging file exists."""
    with pytest.raises(UnicodeEncodeError):
        write_new_file(tmp_path / "quickscale.yml", "half\ud800")
    assert list(tmp_path.iterdir()) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
