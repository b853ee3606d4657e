"""Reading a small YAML file safely: plain mappings, sequences and scalars, each with its line and column.

PyYAML's event API is used instead of its loaders so that nothing is ever
constructed from a tag, anchors and aliases are refused before any expansion
(no alias bombs), duplicate keys are caught, and every value keeps the place
where it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quickscale_core.errors import ConfigError

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_PROBLEMS = 50

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Mark:
    """A place in the file, both counted from 1."""

    line: int
    column: int


START = Mark(1, 1)


@dataclass
class Document:
    """The data of a YAML file and where each part of it was written."""

    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def value_mark(self, path: Path_) -> Mark:
        """Where the value at `path` starts (the nearest written parent for a missing one)."""
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, START)

    def key_mark(self, path: Path_) -> Mark:
        """Where the key of the value at `path` is written."""
        return self.keys.get(path) or self.value_mark(path)


@dataclass
class _Node:
    kind: str  # "scalar", "mapping", "sequence" or "alias"
    mark: Mark
    value: Any = None
    items: list = field(default_factory=list)


Problem = tuple[Mark, str]


def problem(label: str, mark: Mark, sentence: str) -> str:
    """One reported problem, in the FILE:LINE:COL form editors and terminals link to."""
    return f"{label}:{mark.line}:{mark.column}: {sentence}"


def report(label: str, problems: list[Problem]) -> ConfigError:
    """`problems` as one ConfigError, in the order they appear in the file (the first MAX_PROBLEMS of them)."""
    problems = sorted(set(problems))
    lines = [problem(label, mark, sentence) for mark, sentence in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"{label}: {len(problems) - MAX_PROBLEMS} more problems are not shown; fix these first.")
    return ConfigError(lines)


def read_yaml(path: Path, label: str) -> Document:
    """Read `path` (shown to the user as `label`); raise ConfigError listing every problem found."""
    text = _read_text(path, label)
    problems: list[Problem] = []
    root = _parse(text, problems)
    document = Document(data=None)
    if root is not None and not problems:
        document.data = _convert(root, (), document, problems)
    if problems:
        raise report(label, problems)
    return document


def _read_text(path: Path, label: str) -> str:
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(
            f"{label}: there is no such file; run quickscale init --interactive to write one, or name another file."
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"{label}: is a folder, not a file; name the quickscale.yml file itself.") from None
    except OSError as error:
        raise ConfigError(f"{label}: cannot be read ({error.strerror}); check its permissions.") from None
    if len(raw) > MAX_BYTES:
        size = Path(path).stat().st_size
        raise ConfigError(
            problem(
                label,
                START,
                f"the file is {size / 1_000_000:.1f} MB, over the 1 MB limit; "
                "a quickscale.yml holds a few lines, so check that this is the right file.",
            )
        )
    if b"\x00" in raw:
        raise ConfigError(problem(label, _mark_at(raw, raw.index(b"\x00")), "the file is binary, not YAML text."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            problem(label, _mark_at(raw, error.start), "the file is not UTF-8 text; save it as UTF-8.")
        ) from None


def _mark_at(raw: bytes, offset: int) -> Mark:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return Mark(before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1)


def _mark(yaml_mark) -> Mark:
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


def _parse(text: str, problems: list[Problem]) -> _Node | None:
    """The root node of the only document in `text` (None when there is none or it cannot be read)."""
    stack: list[_Node] = []
    root: _Node | None = None
    documents = 0
    try:
        loader = yaml.SafeLoader(text)  # checks every character up front
        while not isinstance(event := loader.get_event(), yaml.StreamEndEvent):
            documents += isinstance(event, yaml.DocumentStartEvent)
            if documents > 1:
                problems.append(
                    (_mark(event.start_mark), "the file holds more than one YAML document (---); keep one.")
                )
                return None
            problems += _event_problems(event, already_refused_anchors=_ANCHORS in {p[1] for p in problems})
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
            node = _node_for(event, loader, problems)
            if node is None:
                continue
            if stack:
                stack[-1].items.append(node)
            else:
                root = node
            if node.kind in ("mapping", "sequence"):
                stack.append(node)
            if len(stack) > MAX_DEPTH:
                problems.append((node.mark, f"values are nested more than {MAX_DEPTH} levels deep; use a few."))
                return None
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error))
        return None
    except yaml.reader.ReaderError as error:
        problems.append(_character_problem(text, error))
        return None
    return root


_ANCHORS = "anchors and aliases (&name, *name) are not allowed in quickscale.yml; write each value out."


def _event_problems(event: yaml.Event, already_refused_anchors: bool) -> list[Problem]:
    problems: list[Problem] = []
    uses_anchor = isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
    if uses_anchor and not already_refused_anchors:
        problems.append((_mark(event.start_mark), _ANCHORS))
    if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag:
        problems.append(
            (_mark(event.start_mark), f"YAML tags such as {event.tag} are not allowed; write a plain value.")
        )
    return problems


def _character_problem(text: str, error: yaml.reader.ReaderError) -> Problem:
    character = error.character if isinstance(error.character, str) else chr(error.character)
    offset = len(text[: error.position].encode("utf-8"))
    return _mark_at(
        text.encode("utf-8"), offset
    ), f"the character U+{ord(character):04X} is not allowed in YAML; remove it."


def _node_for(event, loader: yaml.SafeLoader, problems: list[Problem]) -> _Node | None:
    mark = _mark(event.start_mark)
    if isinstance(event, yaml.MappingStartEvent):
        return _Node("mapping", mark)
    if isinstance(event, yaml.SequenceStartEvent):
        return _Node("sequence", mark)
    if isinstance(event, yaml.AliasEvent):
        return _Node("alias", mark)
    if isinstance(event, yaml.ScalarEvent):
        return _Node("scalar", mark, value=_scalar_value(event, loader, problems))
    return None


def _scalar_value(event: yaml.ScalarEvent, loader: yaml.SafeLoader, problems: list[Problem]) -> Any:
    """The value of a scalar as yaml.safe_load reads it, except that dates stay text."""
    if event.style is not None or event.tag:
        return event.value
    tag = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    kind = tag.rsplit(":", 1)[-1]
    if kind == "merge":
        problems.append((_mark(event.start_mark), "merge keys (<<) are not allowed; write the keys out."))
        return event.value
    if kind in ("null", "bool", "int", "float"):
        return loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, event.value))
    return event.value


def _syntax_problem(error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    reason = (error.problem or error.context or "unreadable YAML").rstrip(".")
    if "\\t" in reason or "\t" in reason or "tab" in reason:
        return _mark(mark), f"invalid YAML: {reason}; indent with spaces, YAML does not allow tabs."
    context = ""
    if error.context and error.problem and error.context_mark:
        opened = _mark(error.context_mark)
        context = f" ({error.context} at line {opened.line}, column {opened.column})"
    return _mark(mark), f"invalid YAML: {reason}{context}; fix the syntax there."


def _convert(node: _Node, path: Path_, document: Document, problems: list[Problem]) -> Any:
    document.values[path] = node.mark
    if node.kind == "scalar":
        return node.value
    if node.kind == "sequence":
        return [_convert(item, (*path, index), document, problems) for index, item in enumerate(node.items)]
    if node.kind == "alias":
        return None
    mapping: dict[str, Any] = {}
    for key_node, value_node in zip(node.items[::2], node.items[1::2], strict=True):
        key = key_node.value
        if key_node.kind != "scalar" or not isinstance(key, str):
            shown = "a mapping or list" if key_node.kind != "scalar" else f"{key!r}"
            problems.append((key_node.mark, f"keys must be text, and {shown} is not; quote it."))
            continue
        if key in mapping:
            first = document.keys[(*path, key)]
            problems.append((key_node.mark, f"the key {key} appears twice (first on line {first.line}); keep one."))
            continue
        document.keys[(*path, key)] = key_node.mark
        mapping[key] = _convert(value_node, (*path, key), document, problems)
    return mapping
