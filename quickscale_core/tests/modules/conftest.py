from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MANIFEST = """\
name = "{name}"
description = "{name} things"
version = "0.1.0"
core = "{core}"
requires = {requires}
dependencies = ["django-thing==1.0"]
installed_apps = ["quickscale_modules.{name}", "thing"]
middleware = ["thing.middleware.ThingMiddleware"]
url_prefix = "{name}/"
urls = "quickscale_modules.{name}.urls"
settings = '''
THING_ENABLED = env.bool("THING_ENABLED", default=True)
'''

[env]
THING_KEY = "Key for the {name} service."

[readme]
section = '''
## The {name} module

Things.
'''
"""


@pytest.fixture
def make_repo(tmp_path):
    """A fake QuickScale repo with the given modules: make_repo(auth=[], billing=["auth"])."""

    def make(core: str = ">=0.56,<0.57", **modules: list[str]) -> Path:
        root = tmp_path / "repo"
        for name, requires in modules.items():
            folder = root / "quickscale_modules" / name
            folder.mkdir(parents=True)
            text = MANIFEST.format(name=name, core=core, requires=repr(list(requires)).replace("'", '"'))
            (folder / "module.toml").write_text(textwrap.dedent(text))
        return root

    return make
