"""`quickscale embed-core`."""

from __future__ import annotations

import shutil
from pathlib import Path

from quickscale_cli.output import info, success


def run_embed_core(repo: str | None, ref: str | None, prefix: str, dry_run: bool) -> None:
    from quickscale_core.sharing import embed_core

    result = embed_core(Path.cwd(), repo=repo, ref=ref, prefix=prefix, dry_run=dry_run)
    record = result.record
    source = f"{record.repo} ({record.ref}, commit {result.upstream_commit[:7]})"
    if result.dry_run:
        info(f"Would embed {source} under {record.prefix}/ with:")
        for command in result.commands:
            info(f"  {command}")
        info("Dry run: nothing was changed.")
        return
    success(f"Embedded {source} under {record.prefix}/")
    info("Recorded it as [tool.quickscale] in pyproject.toml, with quickscale-core as an editable path dependency.")
    info("\nNext steps:")
    for step in install_steps(record.prefix, uv_available=shutil.which("uv") is not None):
        info(f"  {step}")


def install_steps(prefix: str, uv_available: bool) -> list[str]:
    """The commands that install the embedded quickscale_core into the project's environment."""
    install = "uv sync" if uv_available else f"pip install -e {prefix}/quickscale_core -e ."
    return [install, "python -c 'import quickscale_core; print(quickscale_core.__file__)'"]
