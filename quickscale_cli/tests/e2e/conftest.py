"""Projects made by `quickscale create` from the bare QuickScale repository of testsupport.git, each installed
into a fresh venv once per test session and shared by every test that asks for the same modules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from testsupport.projects import InstalledProject, create_and_install

# Every module alone (with what it requires), all of them together, and the pairs that interact:
# per-seat billing (teams + billing), team-scoped API resources (teams + api), emails of auth and teams
# through notifications.
COMBINATIONS = (
    "auth",
    "auth,teams",
    "auth,billing",
    "notifications",
    "auth,api",
    "auth,teams,billing",
    "auth,teams,api",
    "auth,notifications,teams",
    "auth,teams,billing,notifications,api",
)
# Combinations created with a theme (no extra projects): the starter theme over every module, and over the
# modules whose pages it restyles without dj-stripe's slow migrations, for the browser checks.
THEMES = {"auth,teams,billing,notifications,api": "starter", "auth,notifications,teams": "starter"}


@pytest.fixture(scope="session")
def created(tmp_path_factory, upstream_seed, git_env) -> Callable[[str], InstalledProject]:
    """`created("auth,teams")`: `quickscale create demo --modules auth,teams` (with its THEMES theme), installed
    (made on first use)."""
    projects: dict[str, InstalledProject] = {}

    def project(modules: str) -> InstalledProject:
        if modules not in projects:
            parent = tmp_path_factory.mktemp("created-" + modules.replace(",", "-"))
            theme = THEMES.get(modules)
            projects[modules] = create_and_install("demo", modules, parent, upstream_seed, git_env, theme=theme)
        return projects[modules]

    return project


@pytest.fixture
def demo(created) -> InstalledProject:
    """`quickscale create demo --modules auth`."""
    return created("auth")
