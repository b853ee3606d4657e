from __future__ import annotations

import subprocess

import pytest

from quickscale_core.errors import ModuleManifestError, ModuleSelectionError
from quickscale_core.modules import find_modules, load_manifest, resolve_selection
from quickscale_core.modules.catalog import load_catalog, parse_module_list
from quickscale_core.modules.manifest import ModuleBlock, ModuleFile
from testsupport.git import REPO_ROOT
from testsupport.modulesource import write_source


def test_manifest_fields_are_read(make_repo):
    manifest = find_modules(make_repo(auth=[]))["auth"]
    assert manifest.distribution == "quickscale-module-auth"
    assert manifest.app_label == "quickscale_auth"
    assert manifest.installed_apps == ("quickscale_modules.auth", "thing")
    assert manifest.settings == 'THING_ENABLED = env.bool("THING_ENABLED", default=True)'
    assert manifest.env == {"THING_KEY": "Key for the auth service."}
    assert manifest.readme.startswith("## The auth module")
    assert manifest.supports_core("0.56.0") and not manifest.supports_core("0.57.0")


def test_catalog_is_sorted_by_name(make_repo):
    assert list(find_modules(make_repo(teams=[], auth=[]))) == ["auth", "teams"]


def test_repo_without_modules_has_an_empty_catalog(tmp_path):
    assert find_modules(tmp_path) == {}


BASE = """\
name = "auth"
description = "Accounts"
version = "0.1.0"
core = ">=0.56,<0.57"
installed_apps = ["quickscale_modules.auth"]
url_prefix = "accounts/"
urls = "quickscale_modules.auth.urls"
"""


def manifest_text(*edits: tuple[str, str], extra: str = "") -> str:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text + extra


# (id, module.toml text, the one problem it must be refused for)
BROKEN_MANIFESTS = [
    ("readme-not-a-table", manifest_text(extra='readme = "oops"\n'), "readme must be a table, not a string"),
    (
        "misspelt-key",
        manifest_text(("installed_apps", "instaled_apps")),
        "unknown key instaled_apps; did you mean installed_apps?",
    ),
    ("unknown-key", manifest_text(extra='xyzzy = "red"\n'), "unknown key xyzzy; the keys here are blocks, context_"),
    (
        "unknown-readme-key",
        manifest_text(extra='[readme]\ntext = "x"\n'),
        "unknown key readme.text; the keys here are section.",
    ),
    (
        "absolute-url-prefix",
        manifest_text(('"accounts/"', '"/accounts/"')),
        'url_prefix must be "" or a relative path ending in "/"',
    ),
    ("url-prefix-without-slash", manifest_text(('"accounts/"', '"accounts"')), "url_prefix must be"),
    ("url-prefix-with-quote", manifest_text(('"accounts/"', "'acc\"ounts/'")), "url_prefix must be"),
    ("url-prefix-not-text", manifest_text(('"accounts/"', "5")), "url_prefix must be a string, not a number"),
    ("urls-not-text", manifest_text(('"quickscale_modules.auth.urls"', "[1]")), "urls must be a string, not a list"),
    (
        "urls-breaking-out",
        manifest_text(('"quickscale_modules.auth.urls"', """'x"); import os; ("'""")),
        "urls must be a dotted Python path such as package.module",
    ),
    (
        "app-breaking-out",
        manifest_text(('["quickscale_modules.auth"]', """['a", "b']""")),
        "installed_apps.0 must be a dotted Python path",
    ),
    (
        "middleware-with-space",
        manifest_text(extra='middleware = ["my middleware"]\n'),
        "middleware.0 must be a dotted Python path",
    ),
    (
        "context-processor-not-dotted",
        manifest_text(extra='context_processors = ["a..b"]\n'),
        "context_processors.0 must be a dotted Python path",
    ),
    ("nav-escaping", manifest_text(extra='nav = "../base.html"\n'), "nav must be a template path ending in .html"),
    ("settings-not-text", manifest_text(extra="settings = 1\n"), "settings must be a string, not a number"),
    (
        "env-lower-case",
        manifest_text(extra='[env]\nsecret = "x"\n'),
        "env has the key 'secret', but each key there must be an upper-case variable name such as API_KEY.",
    ),
    (
        "env-comment-on-two-lines",
        manifest_text(extra='[env]\nAPI_KEY = "key\\nEVIL=1"\n'),
        "env.API_KEY must be a one-line comment",
    ),
    (
        "option-with-reference",
        manifest_text(extra='[options.provider]\nanyOf = [{ "$ref" = "https://x.invalid/s.json" }]\n'),
        "options.provider uses $ref or $dynamicRef; write the schema fragment out in full.",
    ),
    (
        "option-bad-schema",
        manifest_text(extra='[options.provider]\ntype = "strng"\n'),
        "options.provider is not a valid JSON Schema",
    ),
    (
        "option-bad-default",
        manifest_text(extra='[options.provider]\ntype = "string"\nenum = ["stripe"]\ndefault = "x"\n'),
        "options.provider.default does not match its own schema",
    ),
    (
        "files-missing-template",
        manifest_text(extra='[[files]]\npath = "acme/celery.py"\n'),
        "files.0 is missing the required key(s) template; add them.",
    ),
    (
        "files-escaping",
        manifest_text(extra='[[files]]\npath = "../x.py"\ntemplate = "project/x.j2"\n'),
        "files.0.path must be a relative path inside the folder",
    ),
    (
        "blocks-unknown-key",
        manifest_text(
            extra='[[blocks]]\nfile = "docker-compose.yml"\nanchor = "services"\ntemplate = "t.j2"\nwhere = "x"\n'
        ),
        "unknown key blocks.0.where",
    ),
    (
        "loose-dependency",
        manifest_text(extra='dependencies = ["django-thing>=1"]\n'),
        "dependencies entry 'django-thing>=1' is not an exact pin; write it as name==version.",
    ),
    (
        "url-dependency",
        manifest_text(extra='dependencies = ["thing @ https://x.invalid/t.whl"]\n'),
        "is not an exact pin",
    ),
    ("bad-requirement", manifest_text(extra='dependencies = ["not a requirement!"]\n'), "is not a valid requirement"),
    ("requires-not-a-list", manifest_text(extra='requires = "billing"\n'), "requires must be a list, not a string"),
    (
        "name-not-folder",
        manifest_text(('name = "auth"', 'name = "other"')),
        'name "other" does not match its folder "auth"',
    ),
    (
        "missing-name",
        manifest_text(('name = "auth"\n', "")),
        "the manifest is missing the required key(s) name; add them.",
    ),
    ("empty-description", manifest_text(('"Accounts"', '""')), "description must be one non-empty line"),
    ("bad-core", manifest_text(('">=0.56,<0.57"', '"nonsense"')), "core 'nonsense' is not a PEP 440 version range"),
    ("bad-version", manifest_text(('"0.1.0"', '"one"')), "version 'one' is not a PEP 440 version"),
    ("not-toml", "name = [", "is not valid TOML"),
]


@pytest.mark.parametrize(("text", "words"), [c[1:] for c in BROKEN_MANIFESTS], ids=[c[0] for c in BROKEN_MANIFESTS])
def test_broken_manifests_are_refused_naming_the_file_and_the_key(tmp_path, text, words):
    path = tmp_path / "auth" / "module.toml"
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(ModuleManifestError) as raised:
        load_manifest(path, shown="quickscale_modules/auth/module.toml")
    problems = raised.value.problems
    assert len(problems) == 1, problems
    assert problems[0].startswith("The module manifest quickscale_modules/auth/module.toml")
    assert words in problems[0] and problems[0].endswith((".", "?"))


def test_the_new_keys_are_read(tmp_path):
    extra = """\
context_processors = ["quickscale_modules.auth.context_processors.account"]
nav = "quickscale_auth/_nav.html"

[options.social]
type = "boolean"
default = false

[[files]]
path = "{{ project_name }}/celery.py"
template = "project/celery.py.j2"

[[blocks]]
file = "docker-compose.yml"
anchor = "services"
template = "project/docker-compose.worker.yml.j2"
"""
    path = tmp_path / "auth" / "module.toml"
    path.parent.mkdir()
    path.write_text(manifest_text(extra=extra))
    manifest = load_manifest(path)
    assert manifest.context_processors == ("quickscale_modules.auth.context_processors.account",)
    assert manifest.nav == "quickscale_auth/_nav.html"
    assert manifest.options == {"social": {"type": "boolean", "default": False}}
    assert manifest.files == (ModuleFile("{{ project_name }}/celery.py", "project/celery.py.j2"),)
    assert manifest.blocks == (ModuleBlock("docker-compose.yml", "services", "project/docker-compose.worker.yml.j2"),)
    assert manifest.complete_options({}) == {"social": False}


def test_the_repository_modules_are_valid():
    catalog = find_modules(REPO_ROOT)
    assert "auth" in catalog and catalog.broken == {}


def test_one_bad_manifest_leaves_the_others_usable(make_repo):
    root = make_repo(auth=[], teams=[])
    (root / "quickscale_modules" / "teams" / "module.toml").write_text('name = "teams"\nreadme = "oops"\n')
    evil = root / "quickscale_modules" / "..evil"
    evil.mkdir()
    (evil / "module.toml").write_text('name = "..evil"\n')
    catalog = find_modules(root, shown="")
    assert list(catalog) == ["auth"]
    assert sorted(catalog.broken) == ["..evil", "teams"]
    assert "the module folder name '..evil' is not a lower-case Python identifier" in str(catalog.broken["..evil"])
    assert [m.name for m in resolve_selection(["auth"], catalog)] == ["auth"]
    with pytest.raises(ModuleManifestError, match=r"quickscale_modules/teams/module\.toml"):
        resolve_selection(["auth", "teams"], catalog)


def test_a_cloned_catalog_names_manifests_inside_the_repository(tmp_path, isolated_git):
    source = write_source(tmp_path / "source", {"auth": BASE.replace("installed_apps", "instaled_apps")})
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Modules"]):
        subprocess.run(["git", *command], cwd=source, check=True)
    catalog = load_catalog(str(source), ref="main")
    message = str(catalog.broken["auth"])
    assert message.startswith("The module manifest quickscale_modules/auth/module.toml: unknown key instaled_apps")
    assert "quickscale-catalog-" not in message and str(tmp_path) not in message


def test_an_empty_repository_says_so(tmp_path, isolated_git):
    subprocess.run(["git", "init", "--quiet", "--bare", str(tmp_path / "empty.git")], check=True)
    with pytest.raises(ModuleSelectionError) as raised:
        load_catalog(str(tmp_path / "empty.git"))
    assert str(raised.value) == (
        f"The repository {tmp_path / 'empty.git'} is empty (it has no files yet); "
        "check --repo, or push QuickScale to it first."
    )


def test_a_repository_without_modules_says_so(tmp_path, isolated_git):
    other = tmp_path / "other"
    other.mkdir()
    (other / "README.md").write_text("Not QuickScale\n")
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Other"]):
        subprocess.run(["git", *command], cwd=other, check=True)
    with pytest.raises(ModuleSelectionError, match="has no quickscale_modules folder, so it is not a QuickScale"):
        load_catalog(str(other))


def test_compatibility_is_checked_against_the_source_core_version(tmp_path):
    catalog = find_modules(write_source(tmp_path / "source", core="0.57.0"))
    assert catalog.core_version == "0.57.0"
    with pytest.raises(ModuleSelectionError, match=r"but the QuickScale source has 0\.57\.0"):
        resolve_selection(["auth"], catalog)
    assert resolve_selection(["auth"], find_modules(write_source(tmp_path / "same", core="0.56.3")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("auth", ["auth"]), ("auth,billing", ["auth", "billing"]), (" auth , billing ", ["auth", "billing"])],
)
def test_module_lists_are_split(text, expected):
    assert parse_module_list(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "is empty"), (" , ", "is empty"), ("auth,,billing", "empty entry"), ("auth,auth", "more than once")],
)
def test_bad_module_lists_are_refused(text, words):
    with pytest.raises(ModuleSelectionError, match=words):
        parse_module_list(text)


def test_unknown_module_lists_the_available_ones(make_repo):
    catalog = find_modules(make_repo(auth=[], teams=[]))
    with pytest.raises(ModuleSelectionError) as raised:
        resolve_selection(["nope"], catalog)
    assert str(raised.value) == "There is no module named nope; available modules: auth, teams."


def test_missing_required_module_is_refused(make_repo):
    catalog = find_modules(make_repo(auth=[], billing=["auth"]))
    with pytest.raises(ModuleSelectionError, match="billing requires auth; add it to --modules"):
        resolve_selection(["billing"], catalog)


def test_required_modules_come_first(make_repo):
    catalog = find_modules(make_repo(auth=[], billing=["auth"]))
    assert [m.name for m in resolve_selection(["billing", "auth"], catalog)] == ["auth", "billing"]


def test_circular_requirements_are_refused(make_repo):
    catalog = find_modules(make_repo(a=["b"], b=["a"]))
    with pytest.raises(ModuleSelectionError, match="in a circle"):
        resolve_selection(["a", "b"], catalog)


def test_incompatible_core_is_refused(make_repo):
    catalog = find_modules(make_repo(core=">=9", auth=[]))
    with pytest.raises(ModuleSelectionError, match="needs quickscale-core >=9"):
        resolve_selection(["auth"], catalog)
