"""ProjectGenerator: validate the name, render in memory, write once."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from quickscale_core.scaffold.render import render_project
from quickscale_core.utils import validate_project_name, write_tree


class ProjectGenerator:
    """Creates the QuickScale starter project."""

    def plan(self, project_name: str) -> dict[PurePosixPath, str]:
        """Validate `project_name` and return the files that would be written (a dry run)."""
        return render_project(validate_project_name(project_name))

    def generate(self, project_name: str, output_path: Path | str) -> Path:
        """Create `output_path/project_name` and return its path.

        Raises a `quickscale_core.errors.QuickScaleError` subclass, with nothing
        written, when the name is invalid or the target already exists.
        """
        files = self.plan(project_name)
        return write_tree(files, Path(output_path) / project_name)
