"""QuickScale modules: read their manifests, choose them, and wire them into a project."""

from quickscale_core.modules.catalog import find_modules, resolve_selection
from quickscale_core.modules.manifest import ModuleManifest, load_manifest

__all__ = ["ModuleManifest", "find_modules", "load_manifest", "resolve_selection"]
