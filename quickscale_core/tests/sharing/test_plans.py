"""The pure parts of code sharing: prefixes, repository choice, git output parsing, the pyproject record."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quickscale_core.errors import ProjectLayoutError, SharingUsageError
from quickscale_core.sharing.git import git_reason
from quickscale_core.sharing.plans import (
    Commit,
    FileChange,
    absolute_if_local,
    fetch_command,
    find_embedded_split,
    normalize_prefix,
    parse_commits,
    parse_default_branch,
    parse_name_status,
    parse_porcelain,
    resolve_repo,
    shell_line,
    subtree_add_command,
    subtree_merge_command,
    subtree_push_command,
)
from quickscale_core.sharing.record import SubtreeRecord, add_record, read_record, require_record
from quickscale_core.sharing.source import installed_checkout

A, B = "a" * 40, "b" * 40
PYPROJECT = '[project]\nname = "acme"\ndependencies = [\n    "Django==5.2.19",\n]\n'


@pytest.mark.parametrize(
    ("given_prefix", "expected"),
    [("quickscale", "quickscale"), ("quickscale/", "quickscale"), ("vendor/qs", "vendor/qs"), ("q-s_1.x", "q-s_1.x")],
)
def test_prefixes_are_normalised(given_prefix, expected):
    assert normalize_prefix(given_prefix) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "/",
        "..",
        "../qs",
        "a/../b",
        ".",
        ".git",
        "a\\b",
        "/abs",
        " /qs/ ",
        "-x",
        "a/-x",
        'q"s',
        "q's",
        "q\ns",
        "a//b",
        ".hidden",
        "q s",
        "q\ts",
    ],
)
def test_prefixes_outside_the_project_are_refused(bad):
    with pytest.raises(SharingUsageError, match="give --prefix a relative folder inside the project"):
        normalize_prefix(bad)


def test_repo_order_is_explicit_then_checkout_then_environment(tmp_path):
    env = {"QUICKSCALE_REPO": "https://example.invalid/qs.git"}
    assert resolve_repo("given", tmp_path, env) == "given"
    assert resolve_repo(None, tmp_path, env) == str(tmp_path)
    assert resolve_repo(None, None, env) == "https://example.invalid/qs.git"
    assert resolve_repo(" ", None, {"QUICKSCALE_REPO": " x "}) == "x"


def test_no_repo_anywhere_names_both_ways_to_set_one():
    with pytest.raises(SharingUsageError) as error:
        resolve_repo(None, None, {})
    assert "--repo" in str(error.value) and "QUICKSCALE_REPO" in str(error.value)


def test_local_repo_paths_become_absolute_and_urls_stay(tmp_path):
    (tmp_path / "qs.git").mkdir()
    assert absolute_if_local("qs.git", tmp_path) == str(tmp_path / "qs.git")
    assert absolute_if_local("https://example.invalid/qs.git", tmp_path) == "https://example.invalid/qs.git"
    assert absolute_if_local("git@example.invalid:me/qs.git", tmp_path) == "git@example.invalid:me/qs.git"
    assert absolute_if_local("missing.git", tmp_path) == "missing.git"


def test_commands_are_the_documented_manual_ones():
    assert shell_line(fetch_command("/r x", "main")) == "git fetch --no-tags --end-of-options '/r x' main"
    assert shell_line(subtree_add_command("FETCH_HEAD", "main", "qs")) == (
        "git subtree add --prefix=qs --squash -m 'Embed the QuickScale repository (main) under qs/ with git subtree'"
        " -- FETCH_HEAD"
    )
    assert shell_line(subtree_merge_command("FETCH_HEAD", "v1", "qs")) == (
        "git subtree merge --prefix=qs --squash -m 'Update the embedded QuickScale repository (v1) under qs/ with "
        "git subtree' -- FETCH_HEAD"
    )
    assert shell_line(subtree_push_command("/r", "fix-x", "qs")) == "git subtree push --prefix=qs -- /r fix-x"


def test_default_branch_is_read_from_ls_remote():
    output = "ref: refs/heads/trunk\tHEAD\n0123abcd\tHEAD\n"
    assert parse_default_branch(output) == "trunk"
    assert parse_default_branch("0123abcd\tHEAD\n") is None


def test_newest_squash_for_the_prefix_wins():
    log = (
        "c3\x00Merge commit 'x'\n\x1e"
        "s2\x00Squashed 'other/' changes\n\ngit-subtree-dir: other\ngit-subtree-split: o2\n\x1e"
        f"s1\x00Squashed 'qs/' changes from a..b\n\ngit-subtree-dir: qs/\ngit-subtree-split: {B}\n\x1e"
        f"s0\x00Squashed 'qs/' content\n\ngit-subtree-dir: qs\ngit-subtree-split: {A}\n\x1e"
    )
    assert find_embedded_split(log, "qs") == ("s1", B)
    assert find_embedded_split(log, "absent") is None


def test_a_split_trailer_that_is_not_a_commit_id_is_ignored():
    # Commit messages are project data: an option-looking trailer must never reach git.
    log = (
        "s1\x00Squashed\n\ngit-subtree-dir: qs\ngit-subtree-split: --output=/tmp/x\n\x1e"
        f"s0\x00Squashed\n\ngit-subtree-dir: qs\ngit-subtree-split: {A}\n\x1e"
    )
    assert find_embedded_split(log, "qs") == ("s0", A)


def test_git_listings_are_parsed():
    assert parse_commits("abc\x00Fix: x\x00y\n\ndef\x00Second\n") == (
        Commit("abc", "Fix: x\x00y"),
        Commit("def", "Second"),
    )
    assert parse_name_status("M\ta.py\nR100\told.py\tnew.py\nbogus\n", "qs") == (
        FileChange("M", "qs/a.py"),
        FileChange("R", "qs/new.py"),
    )
    assert parse_name_status("A\tb.py\n") == (FileChange("A", "b.py"),)
    assert parse_porcelain(" M a.py\n?? new file.txt\n\n") == ("a.py", "new file.txt")


def test_git_reason_of_a_refused_push_is_the_rejection_not_the_summary():
    rejected = " ! [rejected]        HEAD -> fix (non-fast-forward)\nerror: failed to push some refs to '/r'\n"
    assert git_reason(subprocess.CompletedProcess([], 1, stdout="", stderr=rejected)) == "non-fast-forward"
    hook = "remote: Only reviewed branches, please.\n ! [remote rejected] HEAD -> fix (pre-receive hook declined)\n"
    assert git_reason(subprocess.CompletedProcess([], 1, stdout="", stderr=hook)) == "pre-receive hook declined"
    denied = "git@host: Permission denied (publickey).\nfatal: Could not read from remote repository.\n"
    assert "Permission denied" in git_reason(subprocess.CompletedProcess([], 128, stdout="", stderr=denied))


def test_git_reason_prefers_fatal_lines():
    result = subprocess.CompletedProcess([], 128, stdout="", stderr="hint: x\nfatal: no such ref.\n")
    assert git_reason(result) == "no such ref"
    assert git_reason(subprocess.CompletedProcess([], 1, stdout="CONFLICT in a\n", stderr="")) == "CONFLICT in a"
    assert git_reason(subprocess.CompletedProcess([], 3, stdout="", stderr="")) == "exit code 3"


# --- [tool.quickscale] ------------------------------------------------------------------------------------


def test_record_round_trips_and_keeps_the_rest_of_the_file():
    record = SubtreeRecord(repo="/srv/quickscale.git", ref="main", prefix="quickscale")
    text = add_record(PYPROJECT, record)
    assert text.startswith(PYPROJECT)
    assert read_record(text) == record
    assert tomllib.loads(text)["project"]["dependencies"] == ["Django==5.2.19"]


def test_no_record_means_not_embedded():
    assert read_record(PYPROJECT) is None
    with pytest.raises(SharingUsageError, match="run quickscale embed-core first"):
        require_record(PYPROJECT)


def test_a_second_record_is_refused():
    text = add_record(PYPROJECT, SubtreeRecord("r", "main", "qs"))
    with pytest.raises(SharingUsageError, match=r"already has a \[tool\.quickscale\] table"):
        add_record(text, SubtreeRecord("r", "main", "qs"))


def test_incomplete_record_and_broken_toml_are_layout_errors():
    with pytest.raises(ProjectLayoutError, match="lacks ref, prefix"):
        read_record(PYPROJECT + '\n[tool.quickscale]\nrepo = "r"\nprefix = ""\n')
    with pytest.raises(ProjectLayoutError, match="not valid TOML"):
        read_record("[project\n")


@settings(max_examples=50)
@given(st.text(), st.text())
def test_any_repo_and_ref_survive_the_toml_writer(repo, ref):
    record = SubtreeRecord(repo=repo or "r", ref=ref or "main", prefix="qs")
    assert read_record(add_record(PYPROJECT, record)) == record


# --- where the QuickScale repository is by default ---------------------------------------------------------


def test_the_editable_install_of_this_checkout_is_the_default_repo():
    assert installed_checkout() == Path(__file__).resolve().parents[3]


def test_a_package_in_some_other_git_repository_is_not_a_checkout(tmp_path):
    site = tmp_path / "client" / ".venv" / "lib" / "site-packages" / "quickscale_core"
    site.mkdir(parents=True)
    (tmp_path / "client" / ".git").mkdir()
    assert installed_checkout(site / "__init__.py") is None
    assert installed_checkout(tmp_path / "elsewhere" / "quickscale_core" / "__init__.py") is None


def test_a_checkout_is_recognised_by_its_layout(tmp_path):
    package = tmp_path / "qs" / "quickscale_core" / "src" / "quickscale_core"
    package.mkdir(parents=True)
    (tmp_path / "qs" / ".git").write_text("gitdir: elsewhere\n")  # a worktree has a .git file
    assert installed_checkout(package / "__init__.py") == tmp_path / "qs"
