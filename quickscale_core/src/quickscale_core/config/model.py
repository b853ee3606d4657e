"""The typed form of `quickscale.yml` (schema_version 2).

    schema_version: 2
    project: {name: acme, version: 0.1.0}
    theme: null
    frontend: {source: null, variant: null}
    modules:
      auth: {}
      billing: {provider: stripe}
    quickscale: {repo: https://..., ref: main, prefix: quickscale}

Validation of the text (line and column of each problem) happens before a
ProjectConfig is built; the constructor only holds already-checked values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CONFIG_FILE = "quickscale.yml"
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class QuickScaleSource:
    """Where the embedded QuickScale copy comes from: repository (URL or path), branch or tag, folder."""

    repo: str
    ref: str
    prefix: str = "quickscale"


@dataclass(frozen=True)
class ProjectConfig:
    name: str
    source: QuickScaleSource
    version: str = "0.1.0"
    theme: str | None = None
    frontend_source: str | None = None
    frontend_variant: str | None = None
    # Module name -> its options (already checked against the module's option schema).
    modules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The plain data written to quickscale.yml, keys in the documented order."""
        return {
            "schema_version": SCHEMA_VERSION,
            "project": {"name": self.name, "version": self.version},
            "theme": self.theme,
            "frontend": {"source": self.frontend_source, "variant": self.frontend_variant},
            "modules": {name: dict(options) for name, options in self.modules.items()},
            "quickscale": {"repo": self.source.repo, "ref": self.source.ref, "prefix": self.source.prefix},
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ProjectConfig:
        """Build from data that has passed validation (see the validate step)."""
        project, frontend, source = data["project"], data.get("frontend") or {}, data["quickscale"]
        return cls(
            name=project["name"],
            version=str(project.get("version", "0.1.0")),
            theme=data.get("theme"),
            frontend_source=frontend.get("source"),
            frontend_variant=frontend.get("variant"),
            modules={name: dict(options or {}) for name, options in (data.get("modules") or {}).items()},
            source=QuickScaleSource(repo=source["repo"], ref=source["ref"], prefix=source.get("prefix", "quickscale")),
        )
