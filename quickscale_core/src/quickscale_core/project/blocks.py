"""Delimited blocks: the lines QuickScale writes into a project file for a module, and where they go.

A block is one module's lines at one anchor of one file, between two marker
comments in the file's own comment syntax:

    # >>> quickscale: auth module, settings (written by quickscale generate from quickscale.yml) [4f2a91c0]
    ...
    # <<< quickscale: auth module, settings

The bracketed value is a short hash of the body as QuickScale wrote it, so a
hand edit inside the block (the hash no longer matches) can be told from an
outdated block. An anchor is a comment line of the starter, `quickscale anchor:
NAME`, that blocks are inserted directly below, in a fixed module order. A whole
file a module adds is one block at the pseudo-anchor `file`. Everything here is
pure: text in, text out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from quickscale_core.errors import ProjectLayoutError

FILE_ANCHOR = "file"
NOTE = "written by quickscale generate from quickscale.yml"
_NAME = r"[a-z][a-z0-9_-]*"
_OPEN = re.compile(
    rf"^(?P<indent>[ \t]*)\S+ >>> quickscale: (?P<module>{_NAME}) module, (?P<anchor>{_NAME}) \(.*\) "
    r"\[(?P<hash>[0-9a-f]{8})\]"
)
_CLOSE = re.compile(rf"^[ \t]*\S+ <<< quickscale: (?P<module>{_NAME}) module, (?P<anchor>{_NAME})\b")
_ANCHOR = re.compile(rf"^(?P<indent>[ \t]*)\S+ quickscale anchor: (?P<name>{_NAME})\b")
MARKER = ">>> quickscale: "
CLOSING_MARKER = "<<< quickscale: "


@dataclass(frozen=True)
class CommentSyntax:
    start: str
    end: str = ""

    def comment(self, text: str) -> str:
        return f"{self.start} {text} {self.end}" if self.end else f"{self.start} {text}"


HASH = CommentSyntax("#")
DJANGO_TEMPLATE = CommentSyntax("{#", "#}")
MARKDOWN = CommentSyntax("<!--", "-->")
CSS = CommentSyntax("/*", "*/")
SLASHES = CommentSyntax("//")

_BY_SUFFIX = {
    ".py": HASH,
    ".toml": HASH,
    ".yml": HASH,
    ".yaml": HASH,
    ".cfg": HASH,
    ".ini": HASH,
    ".sh": HASH,
    ".example": HASH,  # .env.example
    ".env": HASH,
    ".txt": HASH,
    ".html": DJANGO_TEMPLATE,
    ".md": MARKDOWN,
    ".css": CSS,
    ".js": SLASHES,
}
_BY_NAME = {"Dockerfile": HASH, ".env": HASH, ".gitignore": HASH, ".dockerignore": HASH}


def comment_syntax(path: str) -> CommentSyntax:
    """The comment syntax of the file at `path`, from its name; an error for files that cannot hold comments."""
    pure = PurePosixPath(path)
    syntax = _BY_NAME.get(pure.name) or _BY_SUFFIX.get(pure.suffix)
    if syntax is None:
        raise ProjectLayoutError(
            f"QuickScale cannot mark its lines in {path}: it knows no comment syntax for that kind of file; "
            "write that file's module lines into a Python, TOML, YAML, HTML, Markdown, CSS or JS file instead."
        )
    return syntax


def block_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


def label(module: str, anchor: str) -> str:
    return f"{module} module, {anchor}"


@dataclass(frozen=True)
class Block:
    """A block found in a file: lines `start` to `end` (inclusive, 0-based) of the file."""

    module: str
    anchor: str
    body: str
    recorded_hash: str
    start: int
    end: int
    indent: str

    @property
    def edited(self) -> bool:
        """True when the body is no longer what QuickScale wrote (someone changed it by hand)."""
        return block_hash(self.body) != self.recorded_hash

    @property
    def label(self) -> str:
        return label(self.module, self.anchor)


def indent_body(body: str, indent: str) -> str:
    """`body` (lines ending in newlines) with `indent` before every non-empty line."""
    lines = body.splitlines(keepends=True)
    return "".join(f"{indent}{line}" if line.strip() else line for line in lines)


def block_text(module: str, anchor: str, body: str, syntax: CommentSyntax, indent: str = "") -> str:
    """The lines of a block: opening marker with the body's hash, the body (indented), closing marker."""
    if body and not body.endswith("\n"):
        body += "\n"
    body = indent_body(body, indent)
    opening = syntax.comment(f">>> quickscale: {label(module, anchor)} ({NOTE}) [{block_hash(body)}]")
    closing = syntax.comment(f"<<< quickscale: {label(module, anchor)}")
    return f"{indent}{opening}\n{body}{indent}{closing}\n"


def parse_blocks(text: str, path: str) -> list[Block]:
    """Every block in `text` (the file at `path`), in file order; an error for a marker left without its partner."""
    if MARKER not in text and CLOSING_MARKER not in text:
        return []
    lines = text.splitlines(keepends=True)
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _OPEN.match(lines[index])
        if opening is None:
            if _CLOSE.match(lines[index]):
                raise _broken(path, index, "a closing marker line without its opening line")
            index += 1
            continue
        end = _closing_line(lines, index, opening, path)
        blocks.append(
            Block(
                module=opening["module"],
                anchor=opening["anchor"],
                body="".join(lines[index + 1 : end]),
                recorded_hash=opening["hash"],
                start=index,
                end=end,
                indent=opening["indent"],
            )
        )
        index = end + 1
    return blocks


def _closing_line(lines: list[str], start: int, opening: re.Match, path: str) -> int:
    for index in range(start + 1, len(lines)):
        if _OPEN.match(lines[index]):
            break
        closing = _CLOSE.match(lines[index])
        if closing and (closing["module"], closing["anchor"]) == (opening["module"], opening["anchor"]):
            return index
    raise _broken(path, start, f"the block of the {label(opening['module'], opening['anchor'])} has no closing line")


def _broken(path: str, index: int, what: str) -> ProjectLayoutError:
    return ProjectLayoutError(
        f"{path} line {index + 1} has {what}; restore the block's marker lines (git diff shows them) or delete "
        "the whole block, then run the command again."
    )


def find_anchor(text: str, anchor: str) -> tuple[int, str] | None:
    """(line index, indentation) of the `quickscale anchor: <anchor>` line in `text`, or None."""
    for index, line in enumerate(text.splitlines()):
        match = _ANCHOR.match(line)
        if match and match["name"] == anchor:
            return index, match["indent"]
    return None


def insert_block(text: str, path: str, module: str, anchor: str, body: str, rank: Callable[[str], tuple]) -> str:
    """`text` with a new block for `module` at `anchor`, placed among that anchor's blocks by `rank` of module."""
    found = find_anchor(text, anchor)
    if found is None:
        raise ProjectLayoutError(
            f'{path} has no "quickscale anchor: {anchor}" comment line, where the module blocks for it go; put '
            "it back (see docs/config.md, How modules are wired) and run the command again."
        )
    line, indent = found
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = line + 1
    for block in _run_after(text, path, line):
        if rank(block.module) >= rank(module):
            break
        at = block.end + 1
    new = block_text(module, anchor, body, comment_syntax(path), indent)
    return "".join([*lines[:at], new, *lines[at:]])


def _run_after(text: str, path: str, line: int) -> list[Block]:
    """The blocks that follow the anchor at `line` directly, one after the other."""
    run, expected = [], line + 1
    for block in parse_blocks(text, path):
        if block.start == expected:
            run.append(block)
            expected = block.end + 1
    return run


def replace_block(text: str, path: str, block: Block, body: str) -> str:
    """`text` with `block`'s lines replaced by a block of the same module and anchor holding `body`."""
    lines = text.splitlines(keepends=True)
    new = block_text(block.module, block.anchor, body, comment_syntax(path), block.indent)
    return "".join([*lines[: block.start], new, *lines[block.end + 1 :]])


def remove_block(text: str, block: Block) -> str:
    """`text` without `block`'s lines (markers included)."""
    lines = text.splitlines(keepends=True)
    return "".join([*lines[: block.start], *lines[block.end + 1 :]])


def file_text(module: str, body: str, path: str) -> str:
    """The whole text of a file a module adds: one block holding `body`."""
    return block_text(module, FILE_ANCHOR, body, comment_syntax(path))


def only_block(text: str, block: Block) -> bool:
    """True when `text` holds nothing but `block` (blank lines aside)."""
    return not remove_block(text, block).strip()
