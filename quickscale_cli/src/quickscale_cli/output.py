"""Printing: colour only on a terminal, and never when NO_COLOR is set."""

from __future__ import annotations

import os

import click


def _colour() -> bool | None:
    # None lets click decide (colour on a terminal only); NO_COLOR forces it off.
    return False if os.environ.get("NO_COLOR") else None


def info(message: str = "") -> None:
    click.echo(message, color=_colour())


def success(message: str) -> None:
    click.echo(click.style(message, fg="green", bold=True), color=_colour())


def note(message: str) -> None:
    click.echo(click.style(message, fg="yellow"), err=True, color=_colour())


def error_line(message: str) -> None:
    click.echo(click.style(f"Error: {message}", fg="red"), err=True, color=_colour())
