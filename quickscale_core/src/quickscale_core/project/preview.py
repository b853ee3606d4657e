"""`quickscale preview`: what generate would do, as a unified diff per file plus a summary; writes nothing.

In a generated project the plan is worked out in memory. In a folder holding
only quickscale.yml the project is built in a temporary folder elsewhere, then
described file by file, and the temporary folder is removed.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quickscale_core.config import CONFIG_FILE
from quickscale_core.config.load import load_config
from quickscale_core.project.data import Removal
from quickscale_core.project.generate import build_project, is_new_project, plan_project, project_texts
from quickscale_core.sharing.git import Repository


@dataclass(frozen=True)
class Preview:
    diffs: tuple[str, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    commits: tuple[str, ...]
    pulled_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    removals: tuple[Removal, ...] = ()
    embedded: str | None = None

    @property
    def nothing_to_do(self) -> bool:
        return not self.commits


def preview(folder: Path | str) -> Preview:
    folder = Path(folder).resolve()
    config = load_config(folder / CONFIG_FILE)
    if is_new_project(folder):
        return _preview_new(folder, config)
    project = plan_project(folder, config, check_data=False)
    after = dict(project.texts)
    for step in project.plan.steps:
        for path, text in step.changes.items():
            if text is None:
                after.pop(path, None)
            else:
                after[path] = text
    if project.new_config is not None:
        after[CONFIG_FILE] = project.new_config
    commits = tuple(
        f"{step.message} (required by {', '.join(project.plan.pulled_in[step.module])})"
        if step.action == "add" and step.module in project.plan.pulled_in
        else step.message
        for step in project.plan.steps
    )
    before = {**project.texts, CONFIG_FILE: (folder / CONFIG_FILE).read_text(encoding="utf-8")}
    if not commits:
        after = before
    return _describe(
        before,
        after,
        commits=commits,
        pulled_in=project.plan.pulled_in,
        warnings=project.plan.warnings,
        removals=project.removals,
    )


def _preview_new(folder: Path, config) -> Preview:
    with tempfile.TemporaryDirectory(prefix="quickscale-preview-") as scratch:
        target = Path(scratch, folder.name)
        text = (folder / CONFIG_FILE).read_text(encoding="utf-8")
        result = build_project(target, config, text, base=folder)
        repository = Repository(target)
        after = project_texts(repository, config.source.prefix)
        embedded = len(repository.output("ls-files", "--", config.source.prefix).splitlines())
    return _describe(
        {CONFIG_FILE: text},
        after,
        commits=result.commits,
        pulled_in=result.pulled_in,
        warnings=result.warnings,
        embedded=f"{config.source.prefix}/ ({embedded} files, git subtree add --squash of {config.source.repo})",
    )


def _describe(before: Mapping[str, str], after: Mapping[str, str], **summary) -> Preview:
    paths = sorted(set(before) | set(after))
    diffs = []
    for path in paths:
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        lines = difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"a/{path}" if old is not None else "/dev/null",
            tofile=f"b/{path}" if new is not None else "/dev/null",
        )
        diffs.append("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    return Preview(
        diffs=tuple(diffs),
        added=tuple(p for p in paths if p not in before and p in after),
        changed=tuple(p for p in paths if p in before and p in after and before[p] != after[p]),
        removed=tuple(p for p in paths if p in before and p not in after),
        **summary,
    )
