"""Adding modules to the text of quickscale.yml in place, so the user's comments, order and layout stay.

generate adds the modules that the chosen ones require. Rewriting the whole file
from its data would drop every comment, so the new entries are inserted as lines
(or, in a `{...}` mapping, as items) and the rest of the text is kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from quickscale_core.errors import ConfigError


def add_modules(text: str, names: Sequence[str]) -> str:
    """`text` with `name: {}` added under `modules:` for each of `names`, everything else left as it was."""
    if not names:
        return text
    modules = _modules_node(text)
    if modules is None or not isinstance(modules, yaml.MappingNode):
        raise _cannot_edit(names)
    if modules.flow_style or not modules.value:
        edited = _add_to_flow(text, modules, names)
    else:
        edited = _add_lines(text, modules, names)
    before = yaml.safe_load(text)["modules"] or {}
    if yaml.safe_load(edited).get("modules") != {**before, **{name: {} for name in names}}:
        raise _cannot_edit(names)
    return edited


def _modules_node(text: str) -> yaml.Node | None:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "modules":
            return value
    return None


def _add_lines(text: str, modules: yaml.MappingNode, names: Sequence[str]) -> str:
    """A block mapping: one line per module after the last line of its last entry, at its entries' indent."""
    indent = " " * modules.value[0][0].start_mark.column
    end_line = _last_line(modules)
    lines = text.splitlines(keepends=True)
    if not lines[end_line].endswith("\n"):
        lines[end_line] += "\n"
    added = [f"{indent}{name}: {{}}\n" for name in names]
    return "".join(lines[: end_line + 1] + added + lines[end_line + 1 :])


def _last_line(node: yaml.Node) -> int:
    """The 0-based line where `node`'s last value ends (a block mapping's own end mark is past its comments)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _add_to_flow(text: str, modules: yaml.MappingNode, names: Sequence[str]) -> str:
    """A `{...}` mapping: the items are added before its closing brace."""
    close = modules.end_mark.index - 1
    if text[close] != "}":
        raise _cannot_edit(names)
    items = ", ".join(f"{name}: {{}}" for name in names)
    at = len(text[:close].rstrip())  # after the last item (or the opening brace), before any line break
    separator = "" if not modules.value else " " if text[at - 1] == "," else ", "
    return text[:at] + separator + items + text[at:]


def _cannot_edit(names: Sequence[str]) -> ConfigError:
    wanted = ", ".join(f"{name}: {{}}" for name in names)
    return ConfigError(
        [
            f"quickscale.yml: generate needs to add {wanted} under modules: but cannot edit this layout without "
            "changing your lines; add them yourself and run generate again."
        ]
    )
