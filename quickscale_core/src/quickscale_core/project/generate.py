"""`quickscale generate`: make the project in a folder match its quickscale.yml, one commit per step.

In a folder holding only quickscale.yml it builds the project (starter commit,
embedded QuickScale copy, one commit per module) in a staging folder and moves
it in at the end. In a generated project it removes, updates and adds modules.
Every refusal happens before anything is written, and a failure half-way puts
the repository back where it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import quickscale_core
from quickscale_core.config import CONFIG_FILE, ProjectConfig
from quickscale_core.config.edit import add_modules
from quickscale_core.config.load import SOURCE_ORIGIN, load_config
from quickscale_core.errors import (
    BlockEditedError,
    DirtyWorkingTreeError,
    ModuleRemovalError,
    ModuleSelectionError,
    NotAGitRepositoryError,
    ProjectLayoutError,
)
from quickscale_core.modules.catalog import find_modules
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.project import data
from quickscale_core.project.plan import Edit, Plan, Step, installed_modules, plan_changes, wanted_modules
from quickscale_core.project.pristine import COMMIT_TRAILER
from quickscale_core.project.render import project_theme, render_starter
from quickscale_core.sharing.git import (
    Repository,
    displayed,
    git_reason,
    require_identity,
    require_safe_ref,
    require_safe_repo,
    require_subtree,
    run_git,
)
from quickscale_core.sharing.operations import embed_core
from quickscale_core.sharing.plans import absolute_if_local
from quickscale_core.sharing.record import read_record
from quickscale_core.themes.catalog import missing_modules, require_theme_modules
from quickscale_core.utils import apply_changes, validate_project_name, write_tree

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class ProjectPlan:
    """What generate would do in an existing project, worked out without writing anything."""

    root: Path
    config: ProjectConfig
    texts: Mapping[str, str]
    plan: Plan
    new_config: str | None  # quickscale.yml's new text when modules were pulled in
    removals: tuple[data.Removal, ...] = ()

    @property
    def nothing_to_do(self) -> bool:
        return self.plan.nothing_to_do


@dataclass(frozen=True)
class GenerateResult:
    root: Path
    created: bool
    commits: tuple[str, ...]
    pulled_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    removals: tuple[data.Removal, ...] = ()

    @property
    def nothing_to_do(self) -> bool:
        return not self.commits


def generate(folder: Path | str, *, keep_data: bool = False) -> GenerateResult:
    """Converge the project in `folder` to `folder/quickscale.yml` (create it when the folder has nothing else)."""
    folder = Path(folder).resolve()
    config = load_config(folder / CONFIG_FILE)
    if is_new_project(folder):
        return create_here(folder, config)
    return apply_plan(plan_project(folder, config, keep_data=keep_data))


def is_new_project(folder: Path) -> bool:
    """True for a folder holding nothing but quickscale.yml; an error for one holding other files but no project."""
    others = [entry.name for entry in folder.iterdir() if entry.name != CONFIG_FILE]
    if not others:
        return True
    if (folder / PYPROJECT).is_file():
        return False
    raise ProjectLayoutError(
        f"{folder} holds other files but no generated project (no {PYPROJECT}); run generate in a folder that "
        f"holds only {CONFIG_FILE}, or in a project QuickScale generated."
    )


# --- a new project -----------------------------------------------------------------------------------------


def create_here(folder: Path, config: ProjectConfig) -> GenerateResult:
    """Build the project in a staging folder beside `folder`, then move its files into `folder`."""
    config_text = (folder / CONFIG_FILE).read_text(encoding="utf-8")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name[:16]}.", suffix=".tmp", dir=folder.parent))
    try:
        result = build_project(staging / folder.name, config, config_text, base=folder)
        for entry in sorted((staging / folder.name).iterdir()):
            os.replace(entry, folder / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replace(result, root=folder)


def build_project(target: Path, config: ProjectConfig, config_text: str, base: Path) -> GenerateResult:
    """Create the new project `target`: starter commit, embedded QuickScale (embed-core), a commit per module.

    `base` is the folder a relative repository path in the config is relative to.
    """
    validate_project_name(config.name)
    require_subtree(target.parent)
    require_identity(target.parent)
    source = replace(config.source, repo=absolute_if_local(config.source.repo, base))
    with fetched_tree(source.repo, source.ref) as tree:
        wanted, _ = wanted_modules(config.modules, find_modules(tree), set())  # refuse a bad choice before writing
        theme = project_theme(config, tree)
        if theme:
            require_theme_modules(*theme, wanted)
        files = {**render_starter(config.name, tree), CONFIG_FILE: config_text}
        rendered_from = run_git(tree, "rev-parse", "HEAD").stdout.strip()
        themed = files
        if theme:
            themed = {**render_starter(config.name, tree, theme, config.modules), CONFIG_FILE: config_text}
    write_tree({PurePosixPath(path): text for path, text in files.items()}, target)
    repository = Repository(target)
    repository.git("init", "--quiet", "--initial-branch=main")
    repository.git("add", "--all")
    repository.git("commit", "--quiet", "-m", starter_message(config.name, rendered_from))
    if theme:
        apply_changes(target, {path: text for path, text in themed.items() if files.get(path) != text})
        repository.git("add", "--all")
        manifest, frontend = theme
        message = f"Add the {manifest.name} theme ({frontend.name} frontend): {manifest.description}"
        repository.git("commit", "--quiet", "-m", message)
    embed_core(target, source.repo, source.ref, source.prefix)
    result = apply_plan(plan_project(target, config))
    commits = tuple(repository.output("log", "--first-parent", "--reverse", "--format=%s").splitlines())
    return replace(result, created=True, commits=commits)


def _require_theme_support(tree: Path, config: ProjectConfig, wanted: Mapping[str, Mapping]) -> None:
    theme = project_theme(config, tree)
    if theme and (missing := missing_modules(*theme, wanted)):
        names = ", ".join(missing)
        manifest, frontend = theme
        raise ModuleRemovalError(
            f"Cannot remove {names}: the project's {manifest.name} theme ({frontend.name} frontend) needs "
            f"{'them' if len(missing) > 1 else 'it'}; keep {names} under modules: in {CONFIG_FILE}."
        )


def starter_message(name: str, commit: str) -> str:
    """The starter commit's message; its trailer records the exact QuickScale commit the files were rendered from."""
    return f"Generate {name} with quickscale {quickscale_core.__version__}\n\n{COMMIT_TRAILER}: {commit}\n"


@contextmanager
def fetched_tree(repo: str, ref: str) -> Iterator[Path]:
    """A shallow clone of the QuickScale repository `repo` at `ref`, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="quickscale-tree-") as folder:
        repo_origin, ref_origin = SOURCE_ORIGIN
        safe_ref = require_safe_ref(Path(folder), ref, ref_origin)
        clone = ["clone", "--quiet", "--depth", "1", "--branch", safe_ref, "--end-of-options"]
        result = run_git(Path(folder), *clone, require_safe_repo(repo, repo_origin), "tree", check=False)
        if result.returncode != 0:
            raise ModuleSelectionError(
                f"Cannot read the QuickScale repository {displayed(repo)} at {displayed(ref)} ({git_reason(result)}); "
                "check quickscale.repo and quickscale.ref in quickscale.yml."
            )
        yield Path(folder, "tree")


# --- an existing project -----------------------------------------------------------------------------------


def plan_project(root: Path, config: ProjectConfig, *, keep_data: bool = False, check_data: bool = True) -> ProjectPlan:
    """Everything generate would do in the generated project `root`; raises on anything it must refuse."""
    repository = open_project(root)
    pyproject = (root / PYPROJECT).read_text(encoding="utf-8")
    record = read_record(pyproject)
    if record is None:
        raise ProjectLayoutError(
            f"This project does not embed QuickScale (no [tool.quickscale] in {PYPROJECT}); run quickscale "
            "embed-core first."
        )
    if record.prefix != config.source.prefix:
        raise ProjectLayoutError(
            f"{CONFIG_FILE} says the QuickScale copy is in {config.source.prefix}/, but the project embeds it in "
            f"{record.prefix}/ ([tool.quickscale]); set quickscale.prefix to {record.prefix} in {CONFIG_FILE}."
        )
    catalog = find_modules(root / record.prefix)
    texts = project_texts(repository, record.prefix)
    present = installed_modules(texts)
    wanted, pulled_in = wanted_modules(config.modules, catalog, set(present))
    _require_theme_support(root / record.prefix, config, wanted)
    _require_core_support(
        [catalog[name] for name in wanted if name not in present], catalog.core_version, record.prefix
    )
    plan = replace(plan_changes(texts, wanted, catalog, config.name, record.prefix), pulled_in=pulled_in)
    if plan.edits:
        raise edited_error(plan.edits)
    removals = tuple(
        data.removal(step.module, present[step.module], _remaining_blocks(present, wanted), root, record.prefix)
        for step in plan.steps
        if step.action == "remove"
    )
    if check_data and not keep_data:
        data.require_no_data(root, removals)
    new_config = None
    if pulled_in:
        # The user's file with the pulled-in modules added as lines: their comments and layout stay.
        new_config = add_modules((root / CONFIG_FILE).read_text(encoding="utf-8"), list(pulled_in))
    return ProjectPlan(root=root, config=config, texts=texts, plan=plan, new_config=new_config, removals=removals)


def _remaining_blocks(present, wanted) -> list:
    return [item for name, items in present.items() if name in wanted for item in items]


def _require_core_support(manifests: list[ModuleManifest], core_version: str | None, prefix: str) -> None:
    """Modules run on the project's embedded quickscale-core, so its version is the one they must support."""
    version = core_version or quickscale_core.__version__
    for manifest in manifests:
        if not manifest.supports_core(version):
            raise ModuleSelectionError(
                f"The module {manifest.name} needs quickscale-core {manifest.core}, but the embedded copy in "
                f"{prefix}/ has {version}; update the embedded copy (quickscale update-core) or the module."
            )


def edited_error(edits: tuple[Edit, ...]) -> BlockEditedError:
    files = sorted({edit.path for edit in edits})
    return BlockEditedError(
        f"generate changed nothing: {len(edits)} QuickScale block(s) in {', '.join(files)} were edited by hand "
        "or are in the way, and generate never overwrites your lines.",
        tuple((edit.path, f"{edit.label}: {edit.why}") for edit in edits),
    )


def open_project(root: Path) -> Repository:
    """The git repository whose top folder is `root`, refusing uncommitted changes other than quickscale.yml."""
    result = run_git(root, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0 or Path(result.stdout.strip()).resolve() != root.resolve():
        raise NotAGitRepositoryError(
            f'"{root}" is not the top folder of a git repository; run generate where quickscale.yml and the '
            "project's .git are."
        )
    repository = Repository(root)
    if repository.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        raise NotAGitRepositoryError("The repository has no commits yet; commit your project first.")
    require_identity(root)
    changes = [path for path in repository.uncommitted() if path != CONFIG_FILE]
    if changes:
        shown = ", ".join(changes[:3]) + (" ..." if len(changes) > 3 else "")
        raise DirtyWorkingTreeError(
            f"The working tree has uncommitted changes ({shown}); commit or stash them (changes to {CONFIG_FILE} "
            "may stay) and run the command again."
        )
    return repository


def project_texts(repository: Repository, prefix: str) -> dict[str, str]:
    """The text of every tracked file outside the embedded copy (binary files left out)."""
    listed = repository.git("ls-files", "-z").stdout.split("\0")
    texts = {}
    for path in listed:
        if not path or path == f"{prefix}" or path.startswith(f"{prefix}/"):
            continue
        try:
            texts[path] = (repository.root / path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
    return texts


def apply_plan(project: ProjectPlan) -> GenerateResult:
    """Make each step's changes and commit them; on any failure, put the repository back as it was."""
    root, steps = project.root, project.plan.steps
    repository = Repository(root)
    if not steps:
        return GenerateResult(root=root, created=False, commits=(), warnings=project.plan.warnings)
    head = repository.head()
    config_before = (root / CONFIG_FILE).read_text(encoding="utf-8")
    created: list[str] = []
    try:
        for index, step in enumerate(steps):
            created += [path for path, text in step.changes.items() if text is not None and path not in project.texts]
            apply_changes(root, step.changes)
            if index == 0 and project.new_config is not None:
                apply_changes(root, {CONFIG_FILE: project.new_config})
            repository.git("add", "--all")
            repository.git("commit", "--quiet", "-m", _message(step, project.plan.pulled_in))
    except BaseException:
        repository.git("reset", "--quiet", "--hard", head, check=False)
        apply_changes(root, dict.fromkeys(created))
        apply_changes(root, {CONFIG_FILE: config_before})
        raise
    return GenerateResult(
        root=root,
        created=False,
        commits=tuple(_message(step, project.plan.pulled_in) for step in steps),
        pulled_in=project.plan.pulled_in,
        warnings=project.plan.warnings,
        removals=project.removals,
    )


def _message(step: Step, pulled_in: Mapping[str, tuple[str, ...]]) -> str:
    if step.action == "add" and step.module in pulled_in:
        return f"{step.message} (required by {', '.join(pulled_in[step.module])})"
    return step.message
