"""Pure planning of `quickscale generate`: the project's file texts and the wanted modules in, the steps out.

The current state is read from the files alone: a module is in the project when
one of its blocks is. Each step (remove, update or add one module) is the set of
file texts it changes, computed on the texts the steps before it left. Blocks
edited by hand are never changed: they are reported as edits instead.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from quickscale_core.errors import ModuleRemovalError, ModuleSelectionError
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.project.blocks import (
    FILE_ANCHOR,
    Block,
    find_anchor,
    indent_body,
    only_block,
    parse_blocks,
    remove_block,
    replace_block,
)
from quickscale_core.project.render import (
    BlockSpec,
    apply_spec,
    assigned_settings,
    module_blocks,
    module_rank,
    ordered,
)


@dataclass(frozen=True)
class Edit:
    """A place generate will not touch: a hand-edited block, or a file in the way of a module's file."""

    path: str
    label: str
    why: str


@dataclass(frozen=True)
class Step:
    action: str  # "add", "update" or "remove"
    module: str
    changes: Mapping[str, str | None]  # path -> new text; None removes the file
    message: str


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    edits: tuple[Edit, ...] = ()
    warnings: tuple[str, ...] = ()
    pulled_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def nothing_to_do(self) -> bool:
        return not self.steps and not self.edits


def installed_modules(texts: Mapping[str, str]) -> dict[str, list[tuple[str, Block]]]:
    """Module name -> its blocks, (path, block), found in the project's files."""
    found: dict[str, list[tuple[str, Block]]] = {}
    for path, text in sorted(texts.items()):
        for block in parse_blocks(text, path):
            found.setdefault(block.module, []).append((path, block))
    return found


def wanted_modules(
    configured: Mapping[str, Mapping], catalog: Mapping[str, ModuleManifest], installed: set[str]
) -> tuple[dict[str, Mapping], dict[str, tuple[str, ...]]]:
    """The modules the project should have: quickscale.yml's plus the ones they require (pulled in).

    Refuses unknown modules, and removing a module that a remaining one requires.
    """
    available = ", ".join(catalog) or "none"
    for name in configured:
        if name not in catalog:
            raise ModuleSelectionError(f"There is no module named {name}; available modules: {available}.")
    wanted = {name: dict(options or {}) for name, options in configured.items()}
    pulled_in: dict[str, list[str]] = {}
    needed_but_dropped: dict[str, list[str]] = {}
    pending = list(wanted)
    while pending:
        name = pending.pop(0)
        for required in catalog[name].requires:
            if required in wanted:
                continue
            if required not in catalog:
                raise ModuleSelectionError(
                    f"The module {name} requires {required}, which this QuickScale copy does not have; "
                    f"available modules: {available}."
                )
            if required in installed:
                needed_but_dropped.setdefault(required, []).append(name)
                continue
            pulled_in.setdefault(required, []).append(name)
            wanted[required] = {}
            pending.append(required)
    if needed_but_dropped:
        required, needers = next(iter(sorted(needed_but_dropped.items())))
        raise ModuleRemovalError(
            f"Cannot remove the {required} module: {', '.join(needers)} requires it; remove "
            f"{', '.join(needers)} from quickscale.yml too, or keep {required}."
        )
    return wanted, {name: tuple(sorted(by)) for name, by in pulled_in.items()}


def plan_changes(
    texts: Mapping[str, str],
    wanted: Mapping[str, Mapping],
    catalog: Mapping[str, ModuleManifest],
    project_name: str,
    prefix: str,
) -> Plan:
    """Remove (reverse order), update and add (required modules first) modules until `texts` match `wanted`."""
    rank = module_rank(catalog)
    work = dict(texts)
    present = installed_modules(work)
    steps: list[Step] = []
    edits: list[Edit] = []
    warnings: list[str] = []
    for name in sorted(set(present) - set(wanted), key=rank, reverse=True):
        changes = _converge(work, name, (), rank, edits)
        _record(steps, work, Step("remove", name, changes, f"Remove the {name} module"))
    for name in ordered(wanted, catalog):
        manifest = catalog[name]
        specs = module_blocks(manifest, wanted[name], project_name, prefix)
        changes = _converge(work, name, specs, rank, edits)
        if name in present:
            step = Step("update", name, changes, f"Update the {name} module: {', '.join(sorted(changes))}")
        else:
            step = Step("add", name, changes, f"Add the {name} module: {manifest.description}")
        if _record(steps, work, step):
            warnings += overridden_settings(work, specs)
    return Plan(steps=tuple(steps), edits=tuple(edits), warnings=tuple(warnings))


def _record(steps: list[Step], work: dict[str, str], step: Step) -> bool:
    changes = {path: text for path, text in step.changes.items() if text != work.get(path)}
    if not changes:
        return False
    steps.append(Step(step.action, step.module, changes, step.message))
    for path, text in changes.items():
        if text is None:
            work.pop(path, None)
        else:
            work[path] = text
    return True


def _converge(work: Mapping[str, str], module: str, specs, rank, edits: list[Edit]) -> dict[str, str | None]:
    """The changed texts that give `module` exactly the blocks `specs` (none: remove the module)."""
    changes: dict[str, str | None] = {}

    def current(path: str) -> str | None:
        return changes[path] if path in changes else work.get(path)

    wanted = {(spec.path, spec.anchor): spec for spec in specs}
    existing = [
        (path, block.anchor)
        for path, text in work.items()
        for block in parse_blocks(text, path)
        if block.module == module
    ]
    for path, anchor in existing:
        if (path, anchor) not in wanted:
            _drop(path, current(path), _find(current(path), path, module, anchor), changes, edits)
    for (path, anchor), spec in wanted.items():
        text = current(path)
        block = _find(text, path, module, anchor) if text is not None else None
        if block is None:
            if anchor == FILE_ANCHOR and text is not None:
                edits.append(Edit(path, f"{module} module", "the file exists and is not the module's: move it away"))
                continue
            changes[path] = apply_spec(text, spec, rank)
            continue
        new_body = indent_body(spec.body, block.indent)
        if block.body == new_body and not block.edited:
            continue
        if block.body != new_body and block.edited:
            edits.append(Edit(path, block.label, "edited inside the block"))
            continue
        changes[path] = replace_block(text, path, block, spec.body)
    return changes


def _drop(path: str, text: str, block: Block, changes: dict, edits: list[Edit]) -> None:
    if block.edited:
        edits.append(Edit(path, block.label, "edited inside the block"))
    elif block.anchor != FILE_ANCHOR:
        changes[path] = remove_block(text, block)
    elif only_block(text, block):
        changes[path] = None
    else:
        edits.append(Edit(path, block.label, "the file has lines outside the block: move them elsewhere"))


def _find(text: str, path: str, module: str, anchor: str) -> Block | None:
    for block in parse_blocks(text, path):
        if (block.module, block.anchor) == (module, anchor):
            return block
    return None


def overridden_settings(texts: Mapping[str, str], specs: tuple[BlockSpec, ...]) -> list[str]:
    """Warnings for settings a module's block sets that the project also assigns above the blocks."""
    warnings = []
    for spec in specs:
        text = texts.get(spec.path)
        anchor = find_anchor(text, spec.anchor) if spec.anchor == "settings" and text else None
        if anchor is None:
            continue
        names = set(assigned_settings(spec.body))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        above = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign) and node.lineno <= anchor[0]
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for name in sorted(names & above):
            warnings.append(
                f"{spec.path} sets {name} above the {spec.module} module's block, which overrides it; "
                "move your line below the module blocks to keep your value."
            )
    return warnings
