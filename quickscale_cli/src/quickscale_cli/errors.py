"""The one place where core errors become messages and exit codes."""

from __future__ import annotations

import click

from quickscale_cli.output import error_line

EXIT_FAILURE = 1
EXIT_USAGE = 2


def exit_code_for(error: Exception) -> int:
    from quickscale_core.errors import InvalidInputError

    return EXIT_USAGE if isinstance(error, InvalidInputError) else EXIT_FAILURE


class QuickScaleGroup(click.Group):
    """A click group that reports QuickScale errors as one line, never a traceback."""

    def invoke(self, ctx: click.Context):
        from quickscale_core.errors import QuickScaleError

        try:
            return super().invoke(ctx)
        except QuickScaleError as error:
            # Errors made of several problems (quickscale.yml, a manifest) print one line each.
            for problem in getattr(error, "problems", (str(error),)):
                error_line(problem)
            ctx.exit(exit_code_for(error))
        except KeyboardInterrupt:
            error_line("Interrupted; nothing was left half-written.")
            ctx.exit(130)
