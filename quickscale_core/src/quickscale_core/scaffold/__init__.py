"""Project scaffolding: render the starter template, then write it atomically."""

from quickscale_core.scaffold.generator import ProjectGenerator
from quickscale_core.scaffold.render import render_project

__all__ = ["ProjectGenerator", "render_project"]
