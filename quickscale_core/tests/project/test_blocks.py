"""The pure block functions: markers in each comment syntax, insert, replace, remove, hand-edit detection."""

from __future__ import annotations

import pytest

from quickscale_core.errors import ProjectLayoutError
from quickscale_core.project.blocks import (
    block_hash,
    block_text,
    comment_syntax,
    file_text,
    find_anchor,
    insert_block,
    only_block,
    parse_blocks,
    remove_block,
    replace_block,
)

SETTINGS = 'DEBUG = False\n\n# quickscale anchor: settings\n\nLOGIN_URL = "/mine/"\n'


def by_name(name: str) -> tuple:
    return (0, name)


@pytest.mark.parametrize(
    ("path", "opening", "closing"),
    [
        (
            "acme/settings/base.py",
            "# >>> quickscale: auth module, settings (",
            "# <<< quickscale: auth module, settings",
        ),
        ("pyproject.toml", "# >>> quickscale: auth module, settings (", "# <<< quickscale: auth module, settings"),
        (".env.example", "# >>> quickscale: auth module, settings (", "# <<< quickscale: auth module, settings"),
        ("docker-compose.yml", "# >>> quickscale: auth module, settings (", "# <<< quickscale: auth module, settings"),
        (
            "templates/base.html",
            "{# >>> quickscale: auth module, settings (",
            "{# <<< quickscale: auth module, settings #}",
        ),
        ("README.md", "<!-- >>> quickscale: auth module, settings (", "<!-- <<< quickscale: auth module, settings -->"),
        (
            "static/css/site.css",
            "/* >>> quickscale: auth module, settings (",
            "/* <<< quickscale: auth module, settings */",
        ),
        ("static/js/site.js", "// >>> quickscale: auth module, settings (", "// <<< quickscale: auth module, settings"),
    ],
)
def test_markers_use_the_files_comment_syntax_and_parse_back(path, opening, closing):
    text = block_text("auth", "settings", "line one\nline two\n", comment_syntax(path))
    lines = text.splitlines()
    assert lines[0].startswith(opening)
    assert "[" + block_hash("line one\nline two\n") + "]" in lines[0]
    assert lines[-1] == closing
    [block] = parse_blocks(f"before\n{text}after\n", path)
    assert (block.module, block.anchor, block.body, block.start, block.end) == (
        "auth",
        "settings",
        "line one\nline two\n",
        1,
        4,
    )
    assert not block.edited


def test_a_file_without_a_known_comment_syntax_is_refused_in_one_sentence():
    with pytest.raises(ProjectLayoutError, match=r"cannot mark its lines in data\.json"):
        comment_syntax("data.json")


def test_insert_puts_the_block_right_below_the_anchor_and_remove_takes_exactly_it_out():
    new = insert_block(SETTINGS, "base.py", "auth", "settings", "AUTH = 1\n", by_name)
    assert new.startswith("DEBUG = False\n\n# quickscale anchor: settings\n# >>> quickscale: auth module, settings (")
    assert "AUTH = 1\n# <<< quickscale: auth module, settings\n\nLOGIN_URL" in new
    [block] = parse_blocks(new, "base.py")
    assert remove_block(new, block) == SETTINGS


def test_blocks_at_one_anchor_are_kept_in_rank_order_whatever_the_order_of_insertion():
    one = insert_block(SETTINGS, "base.py", "teams", "settings", "TEAMS = 1\n", by_name)
    both = insert_block(one, "base.py", "auth", "settings", "AUTH = 1\n", by_name)
    other_way = insert_block(
        insert_block(SETTINGS, "base.py", "auth", "settings", "AUTH = 1\n", by_name),
        "base.py",
        "teams",
        "settings",
        "TEAMS = 1\n",
        by_name,
    )
    assert both == other_way
    assert [block.module for block in parse_blocks(both, "base.py")] == ["auth", "teams"]


def test_blocks_take_the_anchors_indentation():
    text = 'dependencies = [\n    "Django",\n    # quickscale anchor: dependencies\n]\n'
    new = insert_block(text, "pyproject.toml", "auth", "dependencies", '"quickscale-module-auth",\n', by_name)
    assert "    # >>> quickscale: auth module, dependencies (" in new
    assert '\n    "quickscale-module-auth",\n    # <<< quickscale: auth module, dependencies\n]\n' in new
    [block] = parse_blocks(new, "pyproject.toml")
    assert not block.edited and block.indent == "    "


def test_replace_swaps_the_body_and_its_hash():
    text = insert_block(SETTINGS, "base.py", "auth", "settings", "AUTH = 1\n", by_name)
    [block] = parse_blocks(text, "base.py")
    replaced = replace_block(text, "base.py", block, "AUTH = 2\n")
    [new] = parse_blocks(replaced, "base.py")
    assert new.body == "AUTH = 2\n" and not new.edited
    assert new.recorded_hash != block.recorded_hash
    assert remove_block(replaced, new) == SETTINGS


def test_an_edit_inside_a_block_is_detected_and_an_untouched_block_is_not():
    text = insert_block(SETTINGS, "base.py", "auth", "settings", "AUTH = 1\n", by_name)
    assert not parse_blocks(text, "base.py")[0].edited
    assert parse_blocks(text.replace("AUTH = 1", "AUTH = 3"), "base.py")[0].edited
    assert parse_blocks(text.replace("AUTH = 1\n", "AUTH = 1\nMINE = 2\n"), "base.py")[0].edited


def test_a_missing_anchor_is_a_clear_error():
    with pytest.raises(ProjectLayoutError, match=r'base\.py has no "quickscale anchor: settings" comment line'):
        insert_block("DEBUG = False\n", "base.py", "auth", "settings", "AUTH = 1\n", by_name)


@pytest.mark.parametrize("cut", ["opening", "closing"])
def test_a_marker_without_its_partner_is_a_clear_error(cut):
    text = insert_block(SETTINGS, "base.py", "auth", "settings", "AUTH = 1\n", by_name)
    lines = text.splitlines(keepends=True)
    marker = ">>>" if cut == "opening" else "<<<"
    broken = "".join(line for line in lines if marker not in line)
    with pytest.raises(ProjectLayoutError, match=r"base\.py line \d+ has .*restore the block's marker lines"):
        parse_blocks(broken, "base.py")


def test_a_whole_file_is_one_block_and_only_that():
    text = file_text("widgets", '"""Widgets."""\n', "acme/widgets.py")
    [block] = parse_blocks(text, "acme/widgets.py")
    assert block.anchor == "file" and block.body == '"""Widgets."""\n'
    assert only_block(text, block)
    assert not only_block(text + "MINE = 1\n", parse_blocks(text + "MINE = 1\n", "acme/widgets.py")[0])


def test_find_anchor_returns_line_and_indentation():
    assert find_anchor("a\n  {# quickscale anchor: nav (x) #}\n", "nav") == (1, "  ")
    assert find_anchor("a\n", "nav") is None
