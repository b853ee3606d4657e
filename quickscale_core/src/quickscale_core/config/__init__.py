"""`quickscale.yml`: the declarative description of what QuickScale assembled in a project.

`model` holds the typed form (ProjectConfig) that the generator works from;
loading and validating the YAML text lives beside it.
"""

from quickscale_core.config.model import CONFIG_FILE, SCHEMA_VERSION, ProjectConfig, QuickScaleSource

__all__ = ["CONFIG_FILE", "SCHEMA_VERSION", "ProjectConfig", "QuickScaleSource"]
