from __future__ import annotations

import pytest

from quickscale_core.errors import ModuleManifestError, ModuleSelectionError
from quickscale_core.modules import find_modules, load_manifest, resolve_selection
from quickscale_core.modules.catalog import parse_module_list


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


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'other'\ndescription='d'\nversion='1'\ncore='>=0'", "does not match its folder"),
        ("description='d'\nversion='1'\ncore='>=0'", "missing 'name'"),
        ("name = 'auth'\ndescription=''\nversion='1'\ncore='>=0'", '"description" must be a non-empty string'),
        ("name = 'auth'\ndescription='d'\nversion='1'\ncore='nonsense'", "Invalid specifier"),
        ("name = 'auth'\ndescription='d'\nversion='1'\ncore='>=0'\nrequires='x'", "must be a list of strings"),
        ("name = [", "Invalid value"),
    ],
)
def test_broken_manifests_name_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "auth" / "module.toml"
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(ModuleManifestError) as raised:
        load_manifest(path)
    assert str(path) in str(raised.value) and problem in str(raised.value)


def test_unreadable_manifest(tmp_path):
    with pytest.raises(ModuleManifestError, match="No such file"):
        load_manifest(tmp_path / "auth" / "module.toml")


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
