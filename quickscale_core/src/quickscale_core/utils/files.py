"""The single place that writes a generated tree to disk, atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from quickscale_core.errors import OutputLocationError, TargetExistsError

EXECUTABLE_FILES = frozenset({"manage.py"})


def write_tree(files: Mapping[PurePosixPath, str], target: Path) -> Path:
    """Write `files` (relative path -> text) as a new directory `target`.

    Everything is written to a hidden temporary directory beside `target` and
    renamed into place at the end, so an error at any point leaves nothing
    behind, and an existing `target` is never touched.
    """
    target = Path(target)
    _refuse_existing(target)
    parent = target.parent
    if not parent.is_dir():
        raise OutputLocationError(f'The folder "{parent}" does not exist; create it first or choose another place.')
    staging = make_staging_folder(parent, target.name)
    try:
        _write_files(files, staging)
        _refuse_existing(target)
        os.rename(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputLocationError(
                f'Cannot write the project in "{parent}" ({error.strerror}); nothing was left there, so free some '
                "space or choose another folder and run the command again."
            ) from None
        raise
    return target


def make_staging_folder(parent: Path, name: str) -> Path:
    """A new hidden folder in `parent` to build `name` in before it is renamed into place."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{name[:16]}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise OutputLocationError(
            f'Cannot write in "{parent}" ({error.strerror}); choose a folder you can write to.'
        ) from None


def _refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        kind = "folder" if target.is_dir() else "file"
        raise TargetExistsError(
            f'A {kind} named "{target.name}" already exists here; choose another name or move it away first.'
        )


def _write_files(files: Mapping[PurePosixPath, str], root: Path) -> None:
    for relative, content in sorted(files.items()):
        path = root.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
        if relative.name in EXECUTABLE_FILES:
            path.chmod(0o755)
    # mkdtemp creates 0o700; give the project the usual permissions.
    root.chmod(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_files(root: Path, files: Mapping[str, str]) -> None:
    """Give existing files below `root` new contents, each replaced atomically (write, then rename)."""
    for relative, content in files.items():
        path = Path(root, relative)
        staging = path.with_name(f".{path.name}.quickscale-tmp")
        try:
            staging.write_text(content, encoding="utf-8", newline="\n")
            staging.chmod(path.stat().st_mode & 0o7777)
            os.replace(staging, path)
        finally:
            staging.unlink(missing_ok=True)


def write_new_file(path: Path, content: str) -> Path:
    """Write `content` as the new file `path`, atomically; an existing file (or anything else there) is never touched.

    The text goes to a hidden file beside `path` first and is then hard-linked
    into place, which fails instead of replacing whatever appeared there meanwhile.
    """
    path = Path(path)
    _refuse_existing(path)
    try:
        descriptor, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputLocationError(
            f'Cannot write in "{path.parent}" ({error.strerror}); choose a folder you can write to.'
        ) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.chmod(staging, 0o666 & ~_umask())
        os.link(staging, path)
    except FileExistsError:
        _refuse_existing(path)
        raise
    except OSError as error:
        raise OutputLocationError(
            f'Cannot write "{path}" ({error.strerror}); free some space or fix the permissions.'
        ) from None
    finally:
        os.unlink(staging)
    return path


def apply_changes(root: Path, changes: Mapping[str, str | None]) -> None:
    """Write, create or (for None) delete files below `root`, each write atomic (write, then rename)."""
    for relative, content in changes.items():
        path = Path(root, relative)
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.quickscale-tmp")
        try:
            staging.write_text(content, encoding="utf-8", newline="\n")
            if path.exists():
                staging.chmod(path.stat().st_mode & 0o7777)
            else:
                staging.chmod(0o666 & ~_umask())
            os.replace(staging, path)
        finally:
            staging.unlink(missing_ok=True)
