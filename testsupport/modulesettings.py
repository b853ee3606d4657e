"""What the starter's settings/base.py offers a module's settings block, for the modules' own test projects.

A module's `settings` text (module.toml) runs in base.py, where `env` (django-environ) and `env_bool` exist;
the test projects that exec a manifest's settings import `env_bool` from here so they stay in step with it.
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """The starter's strict boolean: true/false and the usual spellings; anything else stops the start-up."""
    value = env.str(name, default="").strip().lower()
    if not value:
        return default
    if value in {"true", "1", "yes", "on"}:
        return True
    if value in {"false", "0", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"The {name} environment variable must be true or false, not {value!r}.")
