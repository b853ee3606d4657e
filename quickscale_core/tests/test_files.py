"""write_tree: all or nothing, and never over something that exists."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from quickscale_core.errors import OutputLocationError, TargetExistsError
from quickscale_core.utils import files as files_module
from quickscale_core.utils import write_tree

FILES = {
    PurePosixPath("manage.py"): "#!/usr/bin/env python\n",
    PurePosixPath("pkg/__init__.py"): "",
    PurePosixPath("pkg/sub/module.py"): "x = 'é'\n",
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_writes_every_file_with_its_content(tmp_path):
    target = write_tree(FILES, tmp_path / "acme")
    assert snapshot(target) == {str(k): v.encode() for k, v in FILES.items()}
    assert os.access(target / "manage.py", os.X_OK)
    assert not os.access(target / "pkg/__init__.py", os.X_OK)
    assert list(tmp_path.iterdir()) == [target]  # no staging folder left


def test_the_project_folder_gets_normal_permissions(tmp_path):
    target = write_tree(FILES, tmp_path / "acme")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~mask


@pytest.mark.parametrize("kind", ["empty folder", "folder with a file", "file", "dangling link"])
def test_existing_target_is_refused_and_left_byte_for_byte(tmp_path, kind):
    target = tmp_path / "acme"
    if kind == "file":
        target.write_bytes(b"precious")
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere")
    else:
        target.mkdir()
        if kind == "folder with a file":
            (target / "notes.txt").write_bytes(b"precious")
    before = sorted(p.name for p in tmp_path.iterdir()), snapshot(tmp_path)
    with pytest.raises(TargetExistsError, match='named "acme" already exists'):
        write_tree(FILES, target)
    assert (sorted(p.name for p in tmp_path.iterdir()), snapshot(tmp_path)) == before


def test_missing_parent_is_an_output_location_error(tmp_path):
    with pytest.raises(OutputLocationError, match="does not exist"):
        write_tree(FILES, tmp_path / "missing" / "acme")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_parent_is_an_output_location_error(tmp_path):
    parent = tmp_path / "not-a-folder"
    parent.write_text("x")
    with pytest.raises(OutputLocationError):
        write_tree(FILES, parent / "acme")


def test_a_failure_half_way_leaves_nothing(tmp_path, monkeypatch):
    calls = []
    real_write_text = Path.write_text

    def failing_write_text(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing_write_text)
    with pytest.raises(OutputLocationError, match=r"\(No space left on device\); nothing was left there"):
        write_tree(FILES, tmp_path / "acme")
    assert list(tmp_path.iterdir()) == []


def test_a_target_that_appears_during_writing_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "acme"
    real_write_files = files_module._write_files

    def write_then_race(files, root):
        real_write_files(files, root)
        target.mkdir()  # someone else creates it meanwhile

    monkeypatch.setattr(files_module, "_write_files", write_then_race)
    with pytest.raises(TargetExistsError):
        write_tree(FILES, target)
    assert [p.name for p in tmp_path.iterdir()] == ["acme"]
    assert list(target.iterdir()) == []
