"""The `quickscale` command: parse arguments, call quickscale_core, print.

Heavy imports (Jinja2, the generator) happen inside the commands so that
`quickscale --version` and `--help` start fast.
"""

from __future__ import annotations

from pathlib import Path

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
@click.argument("name", required=False, metavar="NAME")
@click.option(
    "--interactive", is_flag=True, help="Ask for the name, modules and theme; write ./quickscale.yml (no project yet)."
)
@click.pass_context
def init(ctx: click.Context, name: str | None, interactive: bool) -> None:
    """Create the Django project NAME in a new folder NAME here.

    NAME must be a valid Python package name in lower case, such as acme or
    client_portal. Nothing is downloaded; an existing folder is never touched.
    With --interactive, a short wizard writes ./quickscale.yml instead, for
    quickscale generate to build the project from.

    \b
    Example:
      quickscale init acme
      quickscale init --interactive
    """
    if interactive:
        _init_interactive(name)
        return
    if name is None:
        raise click.MissingParameter(ctx=ctx, param=ctx.command.params[0])
    from quickscale_cli.commands.init import run_init

    run_init(name)


def _init_interactive(name: str | None) -> None:
    from quickscale_cli.commands.init import run_init_interactive

    run_init_interactive(name)


@cli.command()
@click.argument("file", default="quickscale.yml", type=click.Path(dir_okay=True, path_type=Path))
def validate(file: Path) -> None:
    """Check quickscale.yml (or FILE): every problem, with its line and column.

    Checks the keys and their types against the published schema, the project
    name, and each module and its options against the module catalogue of the
    project's QuickScale source (the embedded copy, else the recorded repo).
    Exits 1 when anything is wrong.

    \b
    Example:
      quickscale validate
      quickscale validate configs/acme.yml
    """
    from quickscale_cli.commands.validate import run_validate

    run_validate(file)


REPO_HELP = "QuickScale repository (URL or path); default: this checkout, else $QUICKSCALE_REPO."


@cli.command()
@click.argument("name")
@click.option("--modules", metavar="A,B", help="Comma-separated modules to wire in, such as auth (default: none).")
@click.option("--theme", metavar="T", help="Theme whose files are copied into the project (quickscale list themes).")
@click.option("--frontend", metavar="F", help="Frontend variant of the theme (default: the theme's first).")
@click.option("--repo", metavar="URL_OR_PATH", help=REPO_HELP)
@click.option("--ref", metavar="REF", help="Branch or tag of the QuickScale repository (default: its default branch).")
@click.option("--prefix", default="quickscale", show_default=True, help="Folder for the embedded QuickScale copy.")
def create(
    name: str,
    modules: str | None,
    theme: str | None,
    frontend: str | None,
    repo: str | None,
    ref: str | None,
    prefix: str,
) -> None:
    """Create the project NAME with QuickScale modules, as a git repository.

    Writes NAME/quickscale.yml (modules, and the QuickScale repository, ref and
    prefix), then runs quickscale generate there: the starter is committed, the
    QuickScale repository is embedded under PREFIX with git subtree (as
    embed-core does) and each module is wired in its own commit. Modules that a
    chosen module requires are added too.

    With --theme the theme's frontend files (templates, static files, views)
    are copied into the project in their own commit: they are yours to edit.

    \b
    Examples:
      quickscale create acme --modules auth
      quickscale create demo --modules auth,teams,billing --theme starter --frontend htmx
    """
    from quickscale_cli.commands.create import run_create

    run_create(name, modules, repo, ref, prefix, theme=theme, frontend=frontend)


@cli.command()
@click.option("--keep-data", is_flag=True, help="Remove modules even if their tables are in the local database.")
def generate(keep_data: bool) -> None:
    """Make the project in this folder match its quickscale.yml.

    In a folder holding only quickscale.yml it creates the project there. In a
    generated project it removes, updates and adds modules, one commit each,
    and says when there is nothing to do. It refuses on uncommitted changes
    (other than quickscale.yml) and never overwrites lines you edited inside
    its blocks.

    \b
    Example:
      quickscale generate
    """
    from quickscale_cli.commands.generate import run_generate

    run_generate(keep_data)


@cli.command()
def preview() -> None:
    """Show what quickscale generate would change here, writing nothing.

    Prints a unified diff per file, then a summary: files added, changed and
    removed, the commits generate would make, and modules pulled in because
    another module requires them. Exits 0 when there is nothing to do, 1 when
    generate would change something.

    \b
    Example:
      quickscale preview
    """
    from quickscale_cli.commands.preview import run_preview

    run_preview()


@cli.group(name="list")
def list_group() -> None:
    """List what a QuickScale repository offers.

    \b
    Example:
      quickscale list modules
    """


@list_group.command(name="modules")
@click.option("--repo", metavar="URL_OR_PATH", help=REPO_HELP)
@click.option("--ref", metavar="REF", help="Branch or tag to read (default: the checkout as it is).")
def list_modules(repo: str | None, ref: str | None) -> None:
    """List the modules, one line each: name, version, description.

    \b
    Example:
      quickscale list modules
    """
    from quickscale_cli.commands.modules import run_list_modules

    run_list_modules(repo, ref)


@list_group.command(name="themes")
@click.option("--repo", metavar="URL_OR_PATH", help=REPO_HELP)
@click.option("--ref", metavar="REF", help="Branch or tag to read (default: the checkout as it is).")
def list_themes(repo: str | None, ref: str | None) -> None:
    """List the themes, one line each: name, version, frontends, description.

    \b
    Example:
      quickscale list themes
    """
    from quickscale_cli.commands.modules import run_list_themes

    run_list_themes(repo, ref)


@cli.command()
@click.argument("name")
@click.option("--repo", metavar="URL_OR_PATH", help=REPO_HELP)
@click.option("--ref", metavar="REF", help="Branch or tag to read (default: the checkout as it is).")
def info(name: str, repo: str | None, ref: str | None) -> None:
    """Show the manifest of the module or theme NAME: version, dependencies, settings, frontends.

    \b
    Examples:
      quickscale info auth
      quickscale info starter
    """
    from quickscale_cli.commands.modules import run_info

    run_info(name, repo, ref)


@cli.command("embed-core")
@click.option(
    "--repo",
    metavar="URL_OR_PATH",
    help="QuickScale repository (default: this install's checkout, else $QUICKSCALE_REPO).",
)
@click.option("--ref", metavar="REF", help="Branch or tag to embed (default: the repository's default branch).")
@click.option("--prefix", default="quickscale", show_default=True, help="Folder of the embedded copy.")
@click.option("--dry-run", is_flag=True, help="Show what would happen and change nothing.")
def embed_core(repo: str | None, ref: str | None, prefix: str, dry_run: bool) -> None:
    """Embed the QuickScale repository in this project with git subtree.

    Run it at the top of a client project that is a committed git repository.
    It runs git subtree add --squash, records repo, ref and prefix under
    [tool.quickscale] in pyproject.toml and makes quickscale_core an editable
    path dependency; both steps are commits of their own.

    \b
    Example:
      quickscale embed-core --repo ~/src/quickscale --ref main
    """
    from quickscale_cli.commands.embed_core import run_embed_core

    run_embed_core(repo=repo, ref=ref, prefix=prefix, dry_run=dry_run)


@cli.command("update-core")
@click.option("--ref", metavar="REF", help="Branch or tag to pull (default: the ref in [tool.quickscale]).")
@click.option("--dry-run", is_flag=True, help="Only list the incoming commits and files.")
def update_core(ref: str | None, dry_run: bool) -> None:
    """Pull the latest QuickScale code into the embedded copy.

    Lists the incoming commits and the files they change, then runs git
    subtree pull --squash. Local edits in other files are kept; on a conflict
    it stops in git's merge state and says how to finish or abort.

    \b
    Example:
      quickscale update-core --dry-run
      quickscale update-core
    """
    from quickscale_cli.commands.update_core import run_update_core

    run_update_core(ref=ref, dry_run=dry_run)


@cli.command("update-starter")
@click.option(
    "--to", "to", metavar="REF", help="Branch or tag of quickscale.repo to update to (default: the embedded copy)."
)
@click.option("--dry-run", is_flag=True, help="List what would happen to each generated file; change nothing.")
def update_starter(to: str | None, dry_run: bool) -> None:
    """Bring QuickScale's later improvements of the generated files into this project, 3-way.

    Renders the files QuickScale generates (starter, module wiring) as the new
    version does, with this project's quickscale.yml, commits that render on
    the branch quickscale/pristine and merges it into yours: your edits stay,
    a line both changed is an ordinary git conflict (exit 1; git merge --abort
    undoes it). Files you never had from QuickScale are never touched. Run
    quickscale update-core first to move the embedded copy, or name --to.

    \b
    Example:
      quickscale update-starter --dry-run
      quickscale update-starter --to main
    """
    from quickscale_cli.commands.update_starter import run_update_starter

    run_update_starter(to=to, dry_run=dry_run)


@cli.command("sync-push")
@click.option("--branch", required=True, metavar="NAME", help="Branch to create in the QuickScale repository.")
@click.option("--repo", metavar="URL_OR_PATH", help="Push here instead of the repo in [tool.quickscale].")
@click.option("--dry-run", is_flag=True, help="Only list the commits that would be pushed.")
def sync_push(branch: str, repo: str | None, dry_run: bool) -> None:
    """Push this project's fixes to the embedded copy back as a branch.

    The commits that touched the embedded folder are pushed (git subtree push)
    to the QuickScale repository as branch NAME, for review there. The branch
    must always be named, so the default branch is only written when you ask
    for it; git refuses to overwrite a branch that has moved on.

    \b
    Example:
      quickscale sync-push --branch fix-login-redirect
    """
    from quickscale_cli.commands.sync_push import run_sync_push

    run_sync_push(branch=branch, repo=repo, dry_run=dry_run)
