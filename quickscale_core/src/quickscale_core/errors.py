"""Every error a user can cause, as one typed exception each.

The message of each exception is one sentence that says what is wrong and what
to do. The CLI maps the types to exit codes in one place
(`quickscale_cli.errors`); nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable


class QuickScaleError(Exception):
    """Base class: a problem the user can fix, described in `str(error)`."""


class InvalidInputError(QuickScaleError):
    """The command was given a value it cannot accept (exit code 2)."""


class InvalidProjectNameError(InvalidInputError):
    """A project name that would not make a working Django project."""


class TargetExistsError(QuickScaleError):
    """The place the project would be written to is already taken."""


class OutputLocationError(QuickScaleError):
    """The output folder is missing or cannot be written to."""


# --- Modules -----------------------------------------------------------------


class ModuleSelectionError(InvalidInputError):
    """The modules asked for cannot be used together (unknown, repeated, missing a requirement)."""


class ProblemsError(QuickScaleError):
    """An error made of several one-sentence problems, all reported at once (one line each)."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


class ModuleManifestError(ProblemsError):
    """A module's manifest (module.toml) cannot be read or breaks the manifest schema."""


class ProjectLayoutError(QuickScaleError):
    """A project file QuickScale has to edit no longer has the shape it generated."""


# --- quickscale.yml ------------------------------------------------------------


class ConfigError(ProblemsError):
    """quickscale.yml cannot be used; each problem reads "FILE:LINE:COL: one sentence." (exit code 1).

    Not an InvalidInputError: the command line was fine, the file it names is not.
    """


# --- Code sharing (git subtree) ------------------------------------------------


class GitUnavailableError(QuickScaleError):
    """git, `git subtree` or a git identity is missing on this machine."""


class NotAGitRepositoryError(InvalidInputError):
    """The command was run outside a git working tree (or in one without commits)."""


class DirtyWorkingTreeError(QuickScaleError):
    """The repository has uncommitted changes that a subtree operation could mix up or lose."""


class SharingUsageError(InvalidInputError):
    """A sharing command cannot apply here: bad prefix or branch, unknown QuickScale repo, not (or already) embedded."""


class GitCommandError(QuickScaleError):
    """A git command failed; the message carries git's own reason."""


class SubtreeConflictError(QuickScaleError):
    """`update-core` stopped with merge conflicts; the repository is left in git's merge state."""

    def __init__(self, message: str, files: tuple[str, ...]) -> None:
        super().__init__(message)
        self.files = files


# --- quickscale.yml and quickscale generate --------------------------------------


class ThemeSelectionError(InvalidInputError):
    """A theme or frontend that does not exist was asked for."""


class FrontendModulesError(ThemeSelectionError):
    """The chosen frontend of a theme needs a module the project leaves out (a React frontend needs the api)."""


class ThemeManifestError(ProblemsError):
    """A theme's manifest (theme.toml) cannot be read or breaks the theme schema, or a theme file cannot be used."""


class BlockEditedError(QuickScaleError):
    """Lines inside QuickScale's blocks were edited by hand; generate will not overwrite them."""

    def __init__(self, message: str, edits: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.edits = edits  # (file, block label) pairs


class ModuleRemovalError(QuickScaleError):
    """A module cannot be removed: another module needs it, or its tables are still in the local database."""


# --- quickscale update-starter ----------------------------------------------------


class MergeInProgressError(QuickScaleError):
    """The repository is in the middle of a merge (or another operation git has to finish first)."""


class StarterConflictError(QuickScaleError):
    """`update-starter` stopped with merge conflicts; the repository is left in git's merge state."""

    def __init__(self, message: str, update: object) -> None:
        super().__init__(message)
        self.update = update  # the StarterUpdate: every file's status and the commands to finish or undo
