"""The `quickscale` executable: stop signals are handled before anything heavy is imported."""

from __future__ import annotations

import signal
import sys

STARTUP_INTERRUPTED = "Error: Interrupted; nothing was changed.\n"


class StartupInterrupted(KeyboardInterrupt):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame) -> None:
    raise StartupInterrupted(signum)


def main() -> None:
    """Run the command line; a Ctrl-C, SIGTERM or SIGHUP while it starts up ends it in one line, no traceback.

    Once a command runs, quickscale_cli.errors handles the same signals and cleans up.
    """
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    try:
        from quickscale_cli.main import cli
    except KeyboardInterrupt as error:
        sys.stderr.write(STARTUP_INTERRUPTED)
        raise SystemExit(128 + getattr(error, "signum", signal.SIGINT)) from None
    cli()
