"""Shared utilities: project name validation and the one place that writes files."""

from quickscale_core.utils.files import apply_changes, replace_files, write_tree
from quickscale_core.utils.names import (
    MAX_NAME_LENGTH,
    naming_advice,
    suggest_name,
    validate_project_name,
)

__all__ = [
    "MAX_NAME_LENGTH",
    "apply_changes",
    "naming_advice",
    "replace_files",
    "suggest_name",
    "validate_project_name",
    "write_tree",
]
