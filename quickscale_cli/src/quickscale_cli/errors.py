"""The one place where core errors, interruptions and usage mistakes become messages and exit codes."""

from __future__ import annotations

import errno
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from quickscale_cli.output import error_line

EXIT_FAILURE = 1
EXIT_USAGE = 2

# What is true after an interruption, per command: each one cleans up before it exits.
INTERRUPTED = {
    "init": "Interrupted; nothing was written.",
    "create": "Interrupted; nothing was written.",
    "embed-core": "Interrupted; the repository is back as it was before embed-core.",
    "update-core": "Interrupted; the branch is back as it was before update-core.",
    "update-starter": "Interrupted; the branch is back as it was before update-starter.",
    "sync-push": (
        "Interrupted; this project was not changed, but a push that had started may have created the branch "
        "upstream (check with git ls-remote)."
    ),
}
NOTHING_CHANGED = "Interrupted; nothing was changed."
COMMAND_KEY = "quickscale.command"
# SIGTERM (kill, a closing CI job) and SIGHUP (a closed terminal) stop a command like Ctrl-C does.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
# Disk problems that can happen anywhere a file is written (git's own writes included).
DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})


class Interrupted(KeyboardInterrupt):
    """A stop signal, raised where the program is so every cleanup (finally, except BaseException) runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def raise_interrupted(signum: int, frame) -> None:
    raise Interrupted(signum)


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Interrupted (the previous handlers come back afterwards)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = {signum: signal.signal(signum, raise_interrupted) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def exit_code_for(error: BaseException) -> int:
    from quickscale_core.errors import InvalidInputError

    if isinstance(error, KeyboardInterrupt):
        return 128 + getattr(error, "signum", signal.SIGINT)
    return EXIT_USAGE if isinstance(error, InvalidInputError) else EXIT_FAILURE


def interrupted_message(command: str | None) -> str:
    return INTERRUPTED.get(command or "", NOTHING_CHANGED)


def current_folder_problem() -> str | None:
    try:
        os.getcwd()
    except FileNotFoundError:
        return "The current folder no longer exists; cd to an existing folder and run the command again."
    return None


class QuickScaleGroup(click.Group):
    """A click group that reports QuickScale errors, interruptions and usage mistakes as one line, never a traceback."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[COMMAND_KEY] = name
        return name, command, rest

    def invoke(self, ctx: click.Context):
        with stop_signals_interrupt():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context):
        try:
            from quickscale_core.errors import QuickScaleError

            problem = current_folder_problem()
            if problem:
                error_line(problem)
                ctx.exit(EXIT_FAILURE)
            return super().invoke(ctx)
        except QuickScaleError as error:
            # Errors made of several problems (quickscale.yml, a manifest) print one line each.
            for problem in getattr(error, "problems", (str(error),)):
                error_line(problem)
            ctx.exit(exit_code_for(error))
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else ctx.command_path
            error_line(f"{error.format_message().rstrip('.')}; see {where} --help.")
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt as error:
            error_line(interrupted_message(ctx.meta.get(COMMAND_KEY)))
            ctx.exit(exit_code_for(error))
        except OSError as error:
            if error.errno not in DISK_ERRORS:
                raise
            where = f" ({error.filename})" if error.filename else ""
            error_line(f"{error.strerror}{where}; free some space or fix the permissions and run the command again.")
            ctx.exit(EXIT_FAILURE)
