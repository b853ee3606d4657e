"""`quickscale init --interactive` through a real pseudo-terminal, and refused without one."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.commands.init import _ask_modules
from quickscale_cli.main import cli
from quickscale_core.config.load import load_config
from quickscale_core.modules import find_modules
from testsupport.git import REPO_ROOT
from testsupport.modulesource import write_source

SCRIPT = "from quickscale_cli.main import cli; cli()"


class Terminal:
    """A quickscale process whose stdin, stdout and stderr are a pseudo-terminal."""

    def __init__(self, cwd: Path, env: dict[str, str], *args: str) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, *args], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave
        )
        os.close(slave)
        self.screen = ""

    def expect(self, text: str, timeout: float = 30) -> None:
        """Read the terminal until `text` has appeared (after what was already matched)."""
        end = time.monotonic() + timeout
        while text not in self.screen:
            remaining = end - time.monotonic()
            if remaining <= 0 or not select.select([self.master], [], [], remaining)[0]:
                raise AssertionError(f"{text!r} never appeared; the terminal shows:\n{self.screen}")
            try:
                chunk = os.read(self.master, 4096).decode("utf-8", "replace")
            except OSError:  # the process has closed the terminal
                chunk = ""
            if not chunk:
                raise AssertionError(f"{text!r} never appeared; the terminal shows:\n{self.screen}")
            self.screen += chunk.replace("\r\n", "\n")
        self.screen = self.screen[self.screen.index(text) + len(text) :]

    def answer(self, text: str) -> None:
        os.write(self.master, f"{text}\n".encode())

    def finish(self) -> int:
        try:
            while select.select([self.master], [], [], 5)[0] and (chunk := os.read(self.master, 4096)):
                self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        except OSError:
            pass
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


@pytest.fixture
def env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


@pytest.fixture
def here(tmp_path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_the_wizard_writes_quickscale_yml_and_shows_the_next_command(here, env):
    """The modules offered are this checkout's (the one the CLI runs from), as a user of it sees them."""
    terminal = Terminal(here, env, "init", "--interactive")
    terminal.expect("Project name (a Python package name, such as acme): ")
    terminal.answer("my-app")
    terminal.expect('use "my_app" instead.')
    terminal.expect("Project name (a Python package name, such as acme): ")
    terminal.answer("acme")
    terminal.expect("Accounts on django-allauth")
    terminal.expect("Modules to add (comma-separated, empty for none): ")
    terminal.answer("payroll")
    terminal.expect("There is no module named payroll; available modules: admin, api, auth, billing")
    terminal.expect("Modules to add (comma-separated, empty for none): ")
    terminal.answer("auth")
    terminal.expect("Themes (copied into the project, yours to edit):")
    terminal.expect("Theme (empty for none): ")
    terminal.answer("bulma")
    terminal.expect("There is no theme named bulma; available themes: starter, todo.")
    terminal.expect("Theme (empty for none): ")
    terminal.answer("")
    terminal.expect("Wrote quickscale.yml: project acme, modules auth.")
    terminal.expect("Next step:\n  quickscale generate")
    assert terminal.finish() == 0
    config = load_config(here / "quickscale.yml")
    assert config.name == "acme" and config.theme is None and dict(config.modules) == {"auth": {}}
    assert config.source.repo == str(REPO_ROOT) and config.source.prefix == "quickscale"
    branch = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True)
    assert config.source.ref == (branch.stdout.decode().strip() or "main")
    assert (here / "quickscale.yml").read_text().startswith("# yaml-language-server: $schema=quickscale/")


def test_required_modules_are_added_and_options_get_their_defaults(tmp_path):
    catalog = find_modules(write_source(tmp_path / "source"))
    with CliRunner().isolation(input="billing\n") as (output, *_):
        assert _ask_modules(catalog) == ["auth", "billing"]
    assert "Also added, as required: auth." in output.getvalue().decode()
    assert catalog["billing"].complete_options({}) == {"provider": "stripe", "trial_days": 14}


def test_no_module_is_a_valid_answer(tmp_path):
    catalog = find_modules(write_source(tmp_path / "source"))
    with CliRunner().isolation(input="\n"):
        assert _ask_modules(catalog) == []


def test_without_a_terminal_it_refuses_in_one_sentence(here, env):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "init", "--interactive"],
        cwd=here,
        env=env,
        input="acme\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "Error: quickscale init --interactive asks questions and needs a terminal; run it in one, "
        "or write quickscale.yml yourself (docs/config.md).\n"
    )
    assert list(here.iterdir()) == []


def test_an_existing_quickscale_yml_is_never_overwritten(here, env):
    (here / "quickscale.yml").write_text("mine\n")
    terminal = Terminal(here, env, "init", "--interactive")
    assert terminal.finish() == 1
    assert "quickscale.yml already exists here" in terminal.screen
    assert (here / "quickscale.yml").read_text() == "mine\n"
    assert sorted(p.name for p in here.iterdir()) == ["quickscale.yml"]


@pytest.fixture
def wizard(here, monkeypatch):
    """The wizard in this process, reading its answers from CliRunner's input as if typed at a terminal.

    The pseudo-terminal test above runs the real check; this one lets coverage see every branch.
    """
    monkeypatch.chdir(here)
    monkeypatch.setattr("quickscale_cli.commands.init.stdin_is_terminal", lambda: True)

    def run(answers: str, *args: str):
        return CliRunner().invoke(cli, ["init", "--interactive", *args], input=answers)

    return run


def test_in_process_the_wizard_offers_the_name_given_and_accepts_no_module(wizard, here):
    result = wizard("\n\n\n", "acme")
    assert result.exit_code == 0, result.output
    assert "Project name (a Python package name, such as acme) [acme]: " in result.stdout
    assert "Wrote quickscale.yml: project acme, modules none." in result.stdout
    assert dict(load_config(here / "quickscale.yml").modules) == {}


def test_in_process_bad_answers_are_asked_again(wizard, here):
    result = wizard("json\nacme\nauth,,x\nauth\nstarter\n")
    assert result.exit_code == 0, result.output
    assert (
        '"json" is a module of the Python standard library and would shadow it; use "json_project" instead.'
        in result.stderr
    )
    assert "has an empty entry; separate names with single commas." in result.stderr
    config = load_config(here / "quickscale.yml")
    assert (config.name, config.theme, config.frontend_variant) == ("acme", "starter", "htmx")


def test_in_process_ctrl_d_writes_nothing(wizard, here):
    result = wizard("acme\n")
    assert result.exit_code == 1
    assert list(here.iterdir()) == []


def test_a_source_without_modules_is_said_so(tmp_path):
    catalog = find_modules(write_source(tmp_path / "source", {}))
    with CliRunner().isolation() as (output, *_):
        assert _ask_modules(catalog) == []
    assert "Modules: this QuickScale source has none yet." in output.getvalue().decode()
