"""Adding pulled-in modules to quickscale.yml keeps every line the user wrote, comments included."""

from __future__ import annotations

import pytest
import yaml

from quickscale_core.config.edit import add_modules
from quickscale_core.errors import ConfigError

USER_FILE = """\
# yaml-language-server: $schema=quickscale/quickscale_core/src/quickscale_core/schemas/quickscale.schema.json
# Acme's site: billing per seat, see ticket 42.
schema_version: 2
project:
  name: acme   # the Python package
modules:
    # Stripe in test mode until launch.
    billing:
        provider: stripe  # not paddle
    widgets: {}
    # keep this comment under the modules

theme: showcase_html
"""


def test_pulled_in_modules_are_added_as_lines_and_nothing_else_changes():
    edited = add_modules(USER_FILE, ["auth", "teams"])
    expected = USER_FILE.replace("    widgets: {}\n", "    widgets: {}\n    auth: {}\n    teams: {}\n")
    assert edited == expected
    assert list(yaml.safe_load(edited)["modules"]) == ["billing", "widgets", "auth", "teams"]


def test_after_a_nested_last_entry_the_line_goes_after_its_last_option():
    text = "schema_version: 2\nmodules:\n  billing:\n    provider: stripe # mine\n# end\n"
    assert add_modules(text, ["auth"]) == (
        "schema_version: 2\nmodules:\n  billing:\n    provider: stripe # mine\n  auth: {}\n# end\n"
    )


def test_a_file_without_a_final_newline_gets_its_line():
    assert add_modules("modules:\n  widgets: {}", ["auth"]) == "modules:\n  widgets: {}\n  auth: {}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("modules: {}  # none yet\n", "modules: {auth: {}}  # none yet\n"),
        ("modules: {widgets: {}}\ntheme: x\n", "modules: {widgets: {}, auth: {}}\ntheme: x\n"),
        ("modules: {\n  widgets: {},\n}\n", "modules: {\n  widgets: {}, auth: {}\n}\n"),
    ],
)
def test_a_flow_mapping_gets_the_items_before_its_closing_brace(text, expected):
    assert add_modules(text, ["auth"]) == expected


def test_nothing_to_add_returns_the_text_itself():
    assert add_modules(USER_FILE, []) is USER_FILE


def test_a_layout_it_cannot_edit_safely_is_one_sentence_and_no_rewrite():
    with pytest.raises(ConfigError, match=r"add auth: \{\} under modules: .* add them yourself"):
        add_modules("modules:\n", ["auth"])
