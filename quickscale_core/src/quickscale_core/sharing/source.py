"""Where the QuickScale repository is when the user does not say: the checkout this code runs from."""

from __future__ import annotations

from pathlib import Path

import quickscale_core

# Where quickscale_core's package folder sits inside a QuickScale checkout.
PACKAGE_IN_CHECKOUT = Path("quickscale_core", "src", "quickscale_core")


def installed_checkout(package_file: str | Path = quickscale_core.__file__) -> Path | None:
    """The QuickScale git checkout `package_file` belongs to (an editable install), else None.

    A wheel installed in a venv that happens to sit inside some other git repository
    (a client project's .venv) is not a checkout: the package must be at
    quickscale_core/src/quickscale_core below the repository root.
    """
    package_dir = Path(package_file).resolve().parent
    for folder in package_dir.parents:
        if (folder / ".git").exists():
            return folder if package_dir == folder / PACKAGE_IN_CHECKOUT else None
    return None
