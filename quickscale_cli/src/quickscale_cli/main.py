"""The `quickscale` command: parse arguments, call quickscale_core, print.

Heavy imports (Jinja2, the generator) happen inside the commands so that
`quickscale --version` and `--help` start fast.
"""

from __future__ import annotations

import click

from quickscale_cli import __version__
from quickscale_cli.errors import QuickScaleGroup


@click.group(cls=QuickScaleGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="quickscale", message="%(prog)s %(version)s")
def cli() -> None:
    """QuickScale: production-ready Django projects in under a second.

    \b
    Example:
      quickscale init acme
    """


@cli.command()
@click.argument("name")
def init(name: str) -> None:
    """Create the Django project NAME in a new folder NAME here.

    NAME must be a valid Python package name in lower case, such as acme or
    client_portal. Nothing is downloaded; an existing folder is never touched.

    \b
    Example:
      quickscale init acme
    """
    from quickscale_cli.commands.init import run_init

    run_init(name)
