"""`quickscale validate [FILE]`."""

from __future__ import annotations

from pathlib import Path

from quickscale_cli.output import success


def run_validate(file: Path) -> None:
    from quickscale_core.config.load import load_config

    config = load_config(file)
    modules = ", ".join(config.modules) or "none"
    success(f"{file} is valid: project {config.name}, modules {modules}.")
