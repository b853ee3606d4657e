"""Project name validation: what a user sees for good and bad names."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quickscale_core.errors import InvalidProjectNameError
from quickscale_core.utils import MAX_NAME_LENGTH, naming_advice, suggest_name, validate_project_name


@pytest.mark.parametrize("name", ["acme", "x", "my_app", "client2", "a" * MAX_NAME_LENGTH, "Acme"])
def test_valid_names_are_returned_unchanged(name):
    assert validate_project_name(name) == name


@pytest.mark.parametrize(
    ("name", "expected_words", "suggestion"),
    [
        ("1abc", "not a valid Python package name", "project_1abc"),
        ("my-app", "not a valid Python package name", "my_app"),
        ("My App", "not a valid Python package name", "my_app"),
        ("class", "Python keyword", "class_project"),
        ("match", "Python keyword", "match_project"),
        ("json", "standard library", "json_project"),
        ("email", "standard library", "email_project"),
        ("os", "standard library", "os_project"),
        ("test", "standard library", "test_project"),
        ("django", "shadow a package the project depends on", "django_project"),
        ("environ", "shadow a package the project depends on", "environ_project"),
        ("whitenoise", "shadow a package the project depends on", "whitenoise_project"),
        ("psycopg", "shadow a package the project depends on", "psycopg_project"),
        ("pytest", "shadow a package the project depends on", "pytest_project"),
        ("users", "already used by a folder", "users_project"),
        ("templates", "already used by a folder", "templates_project"),
    ],
)
def test_invalid_names_say_why_and_what_to_use(name, expected_words, suggestion):
    with pytest.raises(InvalidProjectNameError) as raised:
        validate_project_name(name)
    message = str(raised.value)
    assert expected_words in message
    assert f'use "{suggestion}" instead.' in message
    validate_project_name(suggestion)  # the suggestion itself is accepted


@pytest.mark.parametrize(
    ("name", "expected_words"),
    [
        ("", "empty"),
        ("a" * 300, "300 characters long"),
        ("a" * (MAX_NAME_LENGTH + 1), f"more than the {MAX_NAME_LENGTH} allowed"),
        ("a/b", "is a path"),
        ("..", "is a path"),
        ("../acme", "is a path"),
        ("a\\b", "is a path"),
        (".hidden", "is a path"),
        ("quickscale_tools", "shadow a package"),
    ],
)
def test_unfixable_names_get_no_suggestion(name, expected_words):
    with pytest.raises(InvalidProjectNameError) as raised:
        validate_project_name(name)
    assert expected_words in str(raised.value)
    assert "instead" not in str(raised.value)


def test_unprintable_characters_are_escaped_in_one_line():
    with pytest.raises(InvalidProjectNameError) as raised:
        validate_project_name("bad\nname\ud800")
    message = str(raised.value)
    assert "\n" not in message
    assert "\\n" in message
    message.encode("utf-8")  # printable on any UTF-8 terminal


def test_long_names_are_shortened_in_messages():
    with pytest.raises(InvalidProjectNameError) as raised:
        validate_project_name("-" * 50)
    assert "-" * 37 + "..." in str(raised.value)


def test_upper_case_gets_advice_and_lower_case_none():
    assert naming_advice("acme") is None
    assert "acme" in naming_advice("Acme")


def test_suggest_name_gives_nothing_when_nothing_is_left():
    assert suggest_name("---") is None
    assert suggest_name("acme") is None  # already fine


@given(st.text(max_size=80))
def test_any_text_is_either_accepted_or_refused_with_one_sentence(name):
    try:
        accepted = validate_project_name(name)
    except InvalidProjectNameError as error:
        message = str(error)
        assert message.endswith(".")
        assert "\n" not in message
        suggestion = suggest_name(name)
        if suggestion is not None:
            assert validate_project_name(suggestion) == suggestion
    else:
        assert accepted == name
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
        assert len(name) <= MAX_NAME_LENGTH


# The names the review found accepted although `uv sync` then failed ("shadowed by your project").
STARTER_CLOSURE = [
    "asgiref",
    "sqlparse",
    "packaging",
    "typing_extensions",
    "pygments",
    "faker",
    "pluggy",
    "iniconfig",
    "virtualenv",
    "identify",
    "nodeenv",
    "cfgv",
    "distlib",
    "filelock",
    "platformdirs",
    "django_environ",
    "yaml",
    "pyyaml",
    "Faker",
]
AUTH_CLOSURE = ["requests", "qrcode", "fido2", "oauthlib", "allauth", "django_allauth", "jwt", "cryptography"]


@pytest.mark.parametrize("name", STARTER_CLOSURE)
def test_every_name_in_the_starters_dependency_closure_is_refused_with_a_suggestion(name):
    with pytest.raises(
        InvalidProjectNameError, match=r"would shadow .*a package the project depends on; use \""
    ) as error:
        validate_project_name(name)
    suggestion = str(error.value).split('use "')[1].split('"')[0]
    assert validate_project_name(suggestion) == suggestion


@pytest.mark.parametrize("name", AUTH_CLOSURE)
def test_names_in_a_chosen_modules_closure_are_refused_only_with_that_module(name):
    with pytest.raises(InvalidProjectNameError, match="a package the project depends on"):
        validate_project_name(name, modules=["auth"])
    if name not in ("allauth",):  # allauth is also on the general list
        assert validate_project_name(name) == name


def test_an_unknown_module_adds_no_names():
    assert validate_project_name("acme", modules=["not_a_module"]) == "acme"


@pytest.mark.slow
def test_the_dependency_names_file_is_in_step_with_the_pins():
    """Resolves every pin's closure with uv against the package index: fails when a closure changed."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "update-dependency-names"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
