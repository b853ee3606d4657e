"""A small QuickScale source folder on disk: module manifests (and a quickscale_core version) for config tests.

write_source(tmp_path / "quickscale")             # auth (no options) and billing (options, requires auth)
write_source(root, {"teams": TEAMS}, core="0.56.0")
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

AUTH = """\
name = "auth"
description = "Accounts"
version = "0.1.0"
core = ">=0.56,<0.57"
installed_apps = ["quickscale_modules.auth"]
"""

BILLING = """\
name = "billing"
description = "Subscriptions and payments"
version = "0.1.0"
core = ">=0.56,<0.57"
requires = ["auth"]
installed_apps = ["quickscale_modules.billing"]

[options.provider]
type = "string"
enum = ["stripe"]
default = "stripe"
description = "The payment provider"

[options.trial_days]
type = "integer"
minimum = 0
default = 14
description = "Days of free trial"
"""

MODULES = {"auth": AUTH, "billing": BILLING}


def write_source(root: Path, modules: Mapping[str, str] = MODULES, core: str | None = "0.56.0") -> Path:
    """Write the manifests `modules` (folder name -> module.toml text) below `root`/quickscale_modules."""
    for name, text in modules.items():
        folder = root / "quickscale_modules" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "module.toml").write_text(text, encoding="utf-8")
    if core is not None:
        init = root / "quickscale_core" / "src" / "quickscale_core" / "__init__.py"
        init.parent.mkdir(parents=True, exist_ok=True)
        init.write_text(f'__version__ = "{core}"\n', encoding="utf-8")
    return root
