"""`quickscale validate` on a good file and on a table of bad ones, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.modulesource import AUTH, BILLING, write_source

GOOD = """\
schema_version: 2
project:
  name: acme
  version: 0.1.0
theme: null
frontend:
  source: null
  variant: null
modules:
  auth: {}
  billing:
    provider: stripe
quickscale:
  repo: https://git.example.invalid/quickscale.git
  ref: main
  prefix: quickscale
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

# (id, file content, "LINE:COL", words the one message must contain)
BAD_FILES = [
    (
        "project-not-a-mapping",
        edit("project:\n  name: acme\n  version: 0.1.0\n", "project: acme\n"),
        "2:10",
        'project must be a mapping, not "acme"',
    ),
    (
        "version-is-a-number",
        edit("version: 0.1.0", "version: 1.0"),
        "4:12",
        "project.version must be text, not the number 1.0; quote it",
    ),
    ("theme-is-a-boolean", edit("theme: null", "theme: yes"), "5:8", "theme must be text or null, not true"),
    (
        "modules-is-a-list",
        edit("modules:\n  auth: {}\n  billing:\n    provider: stripe\n", "modules: [auth]\n"),
        "9:10",
        "modules must be a mapping or null, not a list",
    ),
    (
        "module-options-not-a-mapping",
        edit("auth: {}", "auth: [social]"),
        "10:9",
        "modules.auth must be a mapping or null, not a list",
    ),
    ("misspelt-top-level-key", GOOD + "modul: {}\n", "17:1", "unknown key modul; did you mean modules?"),
    (
        "unknown-top-level-key",
        GOOD + "colour: red\n",
        "17:1",
        "unknown key colour; the keys here are frontend, modules, project, quickscale, schema_version, theme",
    ),
    (
        "misspelt-nested-key",
        edit("  version: 0.1.0", "  verison: 0.1.0"),
        "4:3",
        "unknown key project.verison; did you mean project.version?",
    ),
    (
        "deprecated-features",
        GOOD + "features: [auth]\n",
        "17:1",
        "features is no longer supported; list the project's modules under modules: instead",
    ),
    (
        "deprecated-components",
        GOOD + "components: [admin]\n",
        "17:1",
        "components is no longer supported; list the project's modules under modules: instead",
    ),
    (
        "deprecated-technologies",
        GOOD + "technologies: [htmx]\n",
        "17:1",
        "technologies is no longer supported; choose the frontend with frontend.variant instead",
    ),
    (
        "deprecated-primary",
        GOOD + "primary: react\n",
        "17:1",
        "primary is no longer supported; choose the frontend with frontend.variant instead",
    ),
    (
        "stray-frontend-key",
        edit("  variant: null", "  variant: null\n  build_system: vite"),
        "9:3",
        "frontend.build_system is not supported; a frontend has only source (its folder) and variant",
    ),
    (
        "frontend-theme",
        edit("  variant: null", "  variant: null\n  theme: dark"),
        "9:3",
        "frontend.theme is not supported; set the theme with the top-level theme: key",
    ),
    (
        "unclosed-flow-mapping",
        edit("auth: {}", "auth: {social: true"),
        "11:10",
        "invalid YAML: expected ',' or '}', but got ':' (while parsing a flow mapping at line 10, column 9)",
    ),
    (
        "bad-indentation",
        edit("  version: 0.1.0", "   version: 0.1.0"),
        "4:11",
        "invalid YAML: mapping values are not allowed here",
    ),
    ("tab-indentation", edit("  version: 0.1.0", "\tversion: 0.1.0"), "4:1", "indent with spaces"),
    (
        "duplicate-key",
        edit("  version: 0.1.0", "  version: 0.1.0\n  name: other"),
        "5:3",
        "the key name appears twice (first on line 3); keep one",
    ),
    (
        "anchor-and-alias",
        edit("auth: {}", "auth: &opts {}\n  teams: *opts"),
        "10:9",
        "anchors and aliases (&name, *name) are not allowed",
    ),
    ("alias-bomb", BOMB, "1:4", "anchors and aliases (&name, *name) are not allowed"),
    ("ten-megabytes", GOOD + "# " + "x" * 10_000_000 + "\n", "1:1", "the file is 10.0 MB, over the 1 MB limit"),
    ("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "3:1", "the file is binary, not YAML text"),
    ("not-utf8", edit("name: acme", "name: caf\u00e9").encode("latin-1"), "3:12", "not UTF-8 text; save it as UTF-8"),
    ("empty-file", "", "1:1", "the file is empty"),
    ("comments-only", "# nothing here\n", "1:1", "the file is empty"),
    ("list-at-top-level", "- auth\n- billing\n", "1:1", "the top level must be a mapping of keys"),
    (
        "wrong-schema-version",
        edit("schema_version: 2", "schema_version: 1"),
        "1:17",
        "schema_version must be 2 (this QuickScale reads version 2 files), not the number 1",
    ),
    (
        "schema-version-as-text",
        edit("schema_version: 2", 'schema_version: "2.0"'),
        "1:17",
        'schema_version must be 2 (this QuickScale reads version 2 files), not "2.0"',
    ),
    (
        "missing-schema-version",
        edit("schema_version: 2\n", ""),
        "1:1",
        "the file is missing the required key schema_version",
    ),
    ("missing-project-name", edit("  name: acme\n", ""), "3:3", "project is missing the required key name"),
    ("missing-quickscale-ref", edit("  ref: main\n", ""), "14:3", "quickscale is missing the required key ref"),
    (
        "name-with-dash",
        edit("name: acme", "name: my-app"),
        "3:9",
        'project.name: "my-app" is not a valid Python package name',
    ),
    (
        "name-shadows-a-dependency",
        edit("name: acme", "name: django"),
        "3:9",
        'project.name: "django" would shadow a package the project depends on',
    ),
    (
        "unknown-module",
        edit("auth: {}", "auth: {}\n  teams: {}"),
        "11:3",
        "there is no module named teams; available modules: auth, billing",
    ),
    (
        "misspelt-module",
        edit("auth: {}", "auth: {}\n  bililng: {}"),
        "11:3",
        "there is no module named bililng (did you mean billing?); available modules: auth, billing",
    ),
    (
        "bad-module-option-value",
        edit("provider: stripe", "provider: paypal"),
        "12:15",
        'modules.billing.provider must be one of "stripe", not "paypal"',
    ),
    (
        "bad-module-option-type",
        edit("provider: stripe", "provider: stripe\n    trial_days: soon"),
        "13:17",
        'modules.billing.trial_days must be a whole number, not "soon"',
    ),
    (
        "unknown-module-option",
        edit("provider: stripe", "provider: stripe\n    currency: eur"),
        "13:5",
        "unknown option modules.billing.currency; the options of billing are provider, trial_days",
    ),
    (
        "option-of-optionless-module",
        edit("auth: {}", "auth: {social: true}"),
        "10:10",
        "unknown option modules.auth.social; the module auth takes no options",
    ),
    ("merge-key", edit("  version: 0.1.0", "  <<: {version: 0.1.0}"), "4:3", "merge keys (<<) are not allowed"),
    (
        "explicit-tag",
        edit("theme: null", "theme: !!python/object/apply:os.system [true]"),
        "5:8",
        "YAML tags such as tag:yaml.org,2002:python/object/apply:os.system are not allowed",
    ),
    ("two-documents", GOOD + "---\nschema_version: 2\n", "17:1", "more than one YAML document"),
    (
        "option-looking-repo",
        edit("repo: https://git.example.invalid/quickscale.git", "repo: --upload-pack=touch"),
        "14:9",
        "quickscale.repo must be a URL or a path that does not start with - or a space",
    ),
    (
        "prefix-is-a-path",
        edit("prefix: quickscale", "prefix: ../elsewhere"),
        "16:11",
        "quickscale.prefix must be a plain folder name inside the project",
    ),
    ("key-that-is-not-text", GOOD + "1: one\n", "17:1", "keys must be text, and 1 is not; quote it"),
    ("control-character", edit("name: acme", "name: ac\x07me"), "3:11", "the character U+0007 is not allowed"),
    ("deep-nesting", edit("auth: {}", "auth: {a: " + "[" * 40 + "]" * 40 + "}"), "10:", "nested more than 32 levels"),
]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with an embedded QuickScale copy offering auth and billing."""
    write_source(tmp_path / "quickscale")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(*args: str):
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_good_file_is_valid(project):
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 0, result.output
    assert result.stdout == "quickscale.yml is valid: project acme, modules auth, billing.\n"
    assert result.stderr == ""


@pytest.mark.parametrize(("content", "where", "words"), [case[1:] for case in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_each_bad_file_gets_one_clear_message(project, content, where, words):
    path = project / "quickscale.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = validate()
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: quickscale.yml:{where}"), lines[0]
    assert words in lines[0]
    assert lines[0].endswith((".", "?")) and "Traceback" not in result.stderr


def test_every_problem_is_reported_at_once_in_file_order(project):
    text = edit("schema_version: 2", "schema_version: 3").replace("name: acme", "name: my-app")
    text = text.replace("provider: stripe", "provider: paypal") + "features: [auth]\n"
    (project / "acme.yml").write_text(text)
    result = validate("acme.yml")
    assert result.exit_code == 1
    places = [line.split(": ", 2)[1] for line in result.stderr.splitlines()]
    assert places == ["acme.yml:1:17", "acme.yml:3:9", "acme.yml:12:15", "acme.yml:17:1"]


def test_missing_file_says_how_to_make_one(project):
    result = validate()
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: quickscale.yml: there is no such file; run quickscale init --interactive to write one, "
        "or name another file.\n"
    )


def test_a_folder_is_not_a_file(project):
    result = validate(".")
    assert result.exit_code == 1
    assert "is a folder, not a file" in result.stderr


def test_a_broken_module_manifest_is_named_by_its_path_in_the_project(project):
    broken = AUTH.replace("installed_apps", "instaled_apps")
    write_source(project / "quickscale", {"auth": broken, "billing": BILLING})
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: quickscale.yml:10:3: the module auth cannot be used: The module manifest "
        "quickscale/quickscale_modules/auth/module.toml: unknown key instaled_apps; did you mean installed_apps?"
    ]


def test_modules_are_checked_against_the_source_core_version(project):
    write_source(project / "quickscale", core="0.57.0")
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 1
    assert "the module auth needs quickscale-core <0.57,>=0.56, but the project's QuickScale source has 0.57.0" in (
        result.stderr
    )


def test_without_an_embedded_copy_the_recorded_repo_is_read(tmp_path, monkeypatch, isolated_git):
    source = write_source(tmp_path / "source")
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Modules"]):
        subprocess.run(["git", *command], cwd=source, check=True)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    local = GOOD.replace("https://git.example.invalid/quickscale.git", "../source")
    (project / "quickscale.yml").write_text(local)
    assert validate().exit_code == 0
    (project / "quickscale.yml").write_text(local.replace("auth: {}", "auth: {}\n  teams: {}"))
    result = validate()
    assert result.exit_code == 1
    assert "there is no module named teams; available modules: auth, billing." in result.stderr


def test_an_unreachable_source_is_one_sentence(project, isolated_git):
    (project / "quickscale").rename(project / "elsewhere")
    (project / "quickscale.yml").write_text(edit("repo: https://git.example.invalid/quickscale.git", "repo: ./nowhere"))
    result = validate()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: quickscale.yml:9:1: the modules cannot be checked: ")


def test_the_real_process_prints_no_traceback(project):
    """A separate Python process, not CliRunner: a hostile file ends in one line and exit 1."""
    (project / "quickscale.yml").write_text(BOMB)
    script = "from quickscale_cli.main import cli; cli()"
    result = subprocess.run([sys.executable, "-c", script, "validate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
