"""Loading and writing quickscale.yml: round trips, defaults, the schema line, the shipped schema."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from quickscale_core.config import ProjectConfig, QuickScaleSource
from quickscale_core.config.load import config_schema, dump_config, load_config
from quickscale_core.errors import ConfigError, InvalidProjectNameError
from quickscale_core.modules import find_modules
from quickscale_core.modules.manifest import manifest_schema
from quickscale_core.utils import validate_project_name
from testsupport.configcases import BAD_FILES, GOOD
from testsupport.modulesource import AUTH, BILLING, write_source

CONFIG = ProjectConfig(
    name="acme",
    source=QuickScaleSource(repo="https://git.example.invalid/quickscale.git", ref="main"),
    modules={"auth": {}, "billing": {"provider": "stripe", "trial_days": 14}},
)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return find_modules(write_source(tmp_path_factory.mktemp("source")))


def test_the_file_starts_with_the_schema_line_and_a_pointer_to_the_commands():
    lines = dump_config(CONFIG).splitlines()
    assert lines[0] == (
        "# yaml-language-server: $schema=quickscale/quickscale_core/src/quickscale_core/schemas/quickscale.schema.json"
    )
    assert "quickscale validate" in lines[1] and "quickscale generate" in lines[1] and "docs/config.md" in lines[1]
    keys = [line.split(":")[0] for line in lines[2:] if line and not line.startswith(" ")]
    assert keys == ["schema_version", "project", "theme", "frontend", "modules", "quickscale"]


def test_the_schema_line_follows_the_prefix():
    config = ProjectConfig(name="acme", source=QuickScaleSource(repo="r", ref="main", prefix="vendor"))
    assert dump_config(config).startswith("# yaml-language-server: $schema=vendor/quickscale_core/")


def test_module_options_get_their_defaults(tmp_path, catalog):
    path = tmp_path / "quickscale.yml"
    text = dump_config(CONFIG).replace("billing:\n    provider: stripe\n    trial_days: 14", "billing: {}")
    path.write_text(text)
    assert "billing: {}" in path.read_text()
    assert load_config(path, catalog=catalog).modules["billing"] == {"provider": "stripe", "trial_days": 14}


def test_a_null_module_entry_means_no_options(tmp_path, catalog):
    path = tmp_path / "quickscale.yml"
    path.write_text(dump_config(CONFIG).replace("auth: {}", "auth:"))
    assert load_config(path, catalog=catalog).modules["auth"] == {}


def test_a_dumped_file_passes_an_independent_schema_checker(tmp_path):
    """check-jsonschema (a separate implementation of the CLI) accepts what dump_config writes."""
    path = tmp_path / "quickscale.yml"
    path.write_text(dump_config(CONFIG))
    schema = tmp_path / "schema.json"
    schema.write_text((Path(__file__).parents[2] / "src/quickscale_core/schemas/quickscale.schema.json").read_text())
    checker = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    result = subprocess.run([checker, "--schemafile", str(schema), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    path.write_text(dump_config(CONFIG) + "features: [auth]\n")
    assert subprocess.run([checker, "--schemafile", str(schema), str(path)], capture_output=True).returncode == 1


def test_shipped_schemas_are_valid_draft_2020_12():
    for schema in (config_schema(), manifest_schema()):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_the_error_lists_every_problem(tmp_path):
    path = tmp_path / "quickscale.yml"
    path.write_text("schema_version: 3\nproject: {name: 1acme}\nquickscale: {repo: r}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    label = str(path)
    assert [problem.split(": ", 1)[0] for problem in raised.value.problems] == [
        f"{label}:1:17",
        f"{label}:2:17",
        f"{label}:3:13",
    ]
    assert str(raised.value) == "\n".join(raised.value.problems)


def _valid_name(name: str) -> bool:
    try:
        validate_project_name(name)
    except InvalidProjectNameError:
        return False
    return True


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
configs = st.builds(
    ProjectConfig,
    name=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(_valid_name),
    version=texts,
    theme=st.none(),  # a named theme is checked against the catalog (tests/themes)
    frontend_source=st.none() | texts,
    frontend_variant=st.none(),
    modules=st.sampled_from([{}, {"auth": {}}, None]).flatmap(
        lambda chosen: (
            st.just(chosen)
            if chosen is not None
            else st.fixed_dictionaries({"provider": st.just("stripe"), "trial_days": st.integers(0, 10**6)}).map(
                lambda options: {"auth": {}, "billing": options}
            )
        )
    ),
    source=st.builds(
        QuickScaleSource,
        repo=texts.filter(
            lambda text: not text[0].isspace() and text[0] != "-" and "\n" not in text and "\r" not in text
        ),
        ref=st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,20}", fullmatch=True),
        prefix=st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}", fullmatch=True),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(config=configs)
def test_load_reads_back_what_dump_writes(tmp_path, catalog, config):
    path = tmp_path / "quickscale.yml"
    path.write_text(dump_config(config), encoding="utf-8")
    assert load_config(path, catalog=catalog) == config


@pytest.mark.parametrize(("content", "where", "words"), [case[1:] for case in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_each_bad_file_is_one_problem_at_its_place(tmp_path, content, where, words):
    write_source(tmp_path / "quickscale")
    path = tmp_path / "quickscale.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert len(raised.value.problems) == 1, raised.value.problems
    assert raised.value.problems[0].startswith(f"{path}:{where}")
    assert words in raised.value.problems[0]


def test_the_good_file_loads_with_defaults(tmp_path):
    write_source(tmp_path / "quickscale")
    (tmp_path / "quickscale.yml").write_text(GOOD)
    config = load_config(tmp_path / "quickscale.yml")
    assert config.modules == {"auth": {}, "billing": {"provider": "stripe", "trial_days": 14}}
    assert config.source == QuickScaleSource("https://git.example.invalid/quickscale.git", "main", "quickscale")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: None, "there is no such file"),
        (lambda path: path.mkdir(), "is a folder, not a file"),
    ],
)
def test_a_missing_file_or_a_folder_is_one_sentence(tmp_path, make, words):
    path = tmp_path / "quickscale.yml"
    make(path)
    with pytest.raises(ConfigError, match=words):
        load_config(path)


def _problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return raised.value.problems


def test_an_option_without_a_default_must_be_given(tmp_path):
    needs_plan = BILLING.replace('default = "stripe"\n', "")
    write_source(tmp_path / "quickscale", {"auth": AUTH, "billing": needs_plan})
    (tmp_path / "quickscale.yml").write_text(GOOD.replace("    provider: stripe\n", "    trial_days: 3\n"))
    assert _problems(tmp_path / "quickscale.yml") == (
        f"{tmp_path / 'quickscale.yml'}:11:3: "
        "the module billing needs the option provider (The payment provider); add it.",
    )


def test_a_broken_manifest_is_reported_on_its_module(tmp_path):
    broken = AUTH.replace("installed_apps", "instaled_apps") + 'readme = "oops"\n'
    write_source(tmp_path / "quickscale", {"auth": broken, "billing": BILLING})
    (tmp_path / "quickscale.yml").write_text(GOOD)
    assert _problems(tmp_path / "quickscale.yml") == (
        f"{tmp_path / 'quickscale.yml'}:10:3: the module auth cannot be used: The module manifest "
        "quickscale/quickscale_modules/auth/module.toml: readme must be a table, not a string; "
        "fix its value (and 1 more).",
    )


def test_without_an_embedded_copy_the_recorded_repository_is_cloned(tmp_path, isolated_git):
    source = write_source(tmp_path / "source")
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Modules"]):
        subprocess.run(["git", *command], cwd=source, check=True)
    project = tmp_path / "project"
    project.mkdir()
    (project / "quickscale.yml").write_text(GOOD.replace("https://git.example.invalid/quickscale.git", "../source"))
    assert load_config(project / "quickscale.yml").modules["billing"]["trial_days"] == 14
    (project / "quickscale.yml").write_text(GOOD.replace("https://git.example.invalid/quickscale.git", "../nowhere"))
    (problem,) = _problems(project / "quickscale.yml")
    assert problem.startswith(
        f"{project / 'quickscale.yml'}:9:1: the modules cannot be checked: Cannot read the modules"
    )


def test_a_flood_of_problems_is_cut_short(tmp_path):
    path = tmp_path / "quickscale.yml"
    path.write_text("".join(f"key{index}: 1\n" for index in range(200)))
    problems = _problems(path)
    assert len(problems) == 51
    assert problems[-1] == f"{path}: 153 more problems are not shown; fix these first."
