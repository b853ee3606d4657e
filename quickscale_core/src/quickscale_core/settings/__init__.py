"""Optional shared Django settings for projects that embed QuickScale's core (docs/code-sharing.md).

Generated projects are standalone and do not use this package. A project that
has embedded the core may inherit the project-independent defaults, so a change
made here reaches every client project with `quickscale update-core`:

    # <project>/settings/base.py, first lines
    from quickscale_core.settings.base import *  # noqa: F403

    # <project>/settings/production.py, after `from .base import *`
    from quickscale_core.settings.production import *  # noqa: F403

then delete the project's own copies of the settings it now inherits. Both
modules only define upper-case settings and import nothing from Django, and
`production` repeats nothing from `base`, so the project's overrides in base.py
survive the production import.
"""
