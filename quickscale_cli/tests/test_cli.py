"""The quickscale command as a user meets it, through Click's CliRunner."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import quickscale_cli
import quickscale_core
from quickscale_cli.commands.init import next_steps
from quickscale_cli.main import cli
from quickscale_core.scaffold import render_project


@pytest.fixture
def runner():
    return CliRunner()


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path below root with its bytes (None for folders)."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def assert_one_sentence_error(result, exit_code: int) -> str:
    assert result.exit_code == exit_code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and lines[0].endswith(".")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_version_matches_both_packages(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"quickscale {quickscale_core.__version__}\n"
    assert quickscale_cli.__version__ == quickscale_core.__version__


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["init", "--help"]])
def test_help_shows_an_example(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "quickscale init acme" in result.stdout


def test_init_creates_the_project_and_prints_next_steps(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("shutil.which", lambda tool: None)
    result = runner.invoke(cli, ["init", "acme"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Created the Django project acme in ./acme"
    assert lines[1:3] == ["", "Next steps:"]
    assert [line.strip() for line in lines[3:]] == next_steps("acme", uv_available=False)
    written = {path for path, content in tree(tmp_path / "acme").items() if content is not None}
    assert written == {str(path) for path in render_project("acme")}
    # init stays imperative: no quickscale.yml unless asked for (--interactive).
    assert "quickscale.yml" not in written and sorted(p.name for p in tmp_path.iterdir()) == ["acme"]


def test_next_steps_use_uv_when_it_is_installed(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("shutil.which", lambda tool: "/usr/bin/uv" if tool == "uv" else None)
    result = runner.invoke(cli, ["init", "acme"])
    assert "  uv sync" in result.stdout.splitlines()
    assert "  uv run pytest" in result.stdout.splitlines()


def test_upper_case_names_work_with_a_note_on_stderr(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init", "Acme"])
    assert result.exit_code == 0
    assert (tmp_path / "Acme").is_dir()
    assert 'consider "acme"' in result.stderr


def test_no_color_on_a_pipe(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init", "acme"])
    assert "\x1b[" not in result.output


def test_colour_on_a_terminal_unless_no_color(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    coloured = runner.invoke(cli, ["init", "acme"], color=True)
    assert "\x1b[" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(cli, ["init", "other"], color=True)
    assert plain.exit_code == 0
    assert "\x1b[" not in plain.output


BAD_NAMES = [
    ("1abc", 'use "project_1abc" instead'),
    ("my-app", 'use "my_app" instead'),
    ("class", "keyword"),
    ("json", "standard library"),
    ("django", "shadow a package"),
    ("test", "standard library"),
    ("", "empty"),
    ("a" * 300, "300 characters long"),
    ("a/b", "is a path"),
    ("../escape", "is a path"),
    ("..", "is a path"),
]


@pytest.mark.parametrize(("name", "words"), BAD_NAMES, ids=[n[:12] or "empty" for n, _ in BAD_NAMES])
def test_bad_names_give_one_sentence_exit_2_and_write_nothing(runner, tmp_path, monkeypatch, name, words):
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    result = runner.invoke(cli, ["init", name])
    assert words in assert_one_sentence_error(result, exit_code=2)
    assert list(tmp_path.rglob("*")) == [workdir]


@pytest.mark.parametrize("contents", [{}, {"notes.txt": b"keep me\n"}], ids=["empty folder", "folder with a file"])
def test_existing_folder_is_refused_with_exit_1_and_left_untouched(runner, tmp_path, monkeypatch, contents):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme").mkdir()
    for name, data in contents.items():
        (tmp_path / "acme" / name).write_bytes(data)
    before = tree(tmp_path)
    result = runner.invoke(cli, ["init", "acme"])
    assert 'named "acme" already exists' in assert_one_sentence_error(result, exit_code=1)
    assert tree(tmp_path) == before


def test_missing_name_is_a_usage_error(runner):
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.stderr


names = st.one_of(st.text(max_size=70), st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,70}", fullmatch=True))


@settings(max_examples=60, deadline=None)
@given(name=names)
def test_any_name_gives_a_whole_project_or_a_clean_error(name):
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        result = CliRunner().invoke(cli, ["init", name])
        entries = list(Path(folder).iterdir())
        if result.exit_code == 0:
            assert [entry.name for entry in entries] == [name]
            written = {p for p, c in tree(entries[0]).items() if c is not None}
            assert written == {str(path) for path in render_project(name)}
        else:
            assert result.exit_code in (1, 2)
            assert_one_sentence_error(result, exit_code=result.exit_code)
            assert entries == []


def test_the_command_line_also_runs_outside_the_main_thread(tmp_path, monkeypatch):
    # Signal handlers can only be set in the main thread; an embedding program may call the CLI elsewhere.
    import threading

    monkeypatch.chdir(tmp_path)
    results = []
    worker = threading.Thread(target=lambda: results.append(CliRunner().invoke(cli, ["init", "acme"])))
    worker.start()
    worker.join()
    assert results[0].exit_code == 0, results[0].output
    assert (tmp_path / "acme" / "manage.py").is_file()
