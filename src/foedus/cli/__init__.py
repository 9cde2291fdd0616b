"""The ``foedus`` command line: a thin shell over the library.

Every command calls library functions and formats their results; errors that are the
user's to fix (a bad year, an unknown country, a missing dataset, a usage error) print at
most three short lines on stderr and exit with code 2; an unexpected error prints one line
and exits with code 1 (``foedus --debug`` or ``FOEDUS_DEBUG=1`` shows its traceback). The
contract is ``docs/limits.md``'s, tested by ``tests/contract``. One module per command
group; this file lists the commands in the order ``foedus --help`` shows them.
"""

from __future__ import annotations

import os
import sys

import typer
import typer._click as click
import typer.main

from foedus.cli import bargaining, coalitions, crisis, data, design, evidence, study, sweep, treaty, world
from foedus.cli.app import app
from foedus.errors import FoedusError

__all__ = ["app", "main", "run"]

# The study: the main job and its shells over run_study.
app.command()(study.demo)
app.command()(study.report)
app.command()(study.serve)
# Its parts, one question each.
app.command()(world.world)
app.add_typer(treaty.treaty_app, name="treaty")
app.command()(treaty.obligations)
app.command()(crisis.simulate)
app.command()(crisis.compare)
app.command()(bargaining.forecast)
app.command()(coalitions.landscape)
app.command()(coalitions.power)
app.command()(coalitions.burden)
app.command()(coalitions.similarity)
# The evidence behind the crisis models: fit, backtest, score rows of your own.
app.command()(evidence.calibrate)
app.command()(evidence.backtest)
app.add_typer(evidence.score_app, name="score")
# What would work: search the space of pact designs.
app.add_typer(design.design_app, name="design")
# Assumptions, data and citations.
app.command("sweep")(sweep.sweep_cmd)
app.add_typer(data.data_app, name="data")
app.command()(data.cite)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app and exit with the contract's code (``docs/limits.md``).

    0: done; 2: refused (bad input, a missing dataset, a usage error: at most three short
    lines on stderr, no traceback); 1: a sweep's tasks failed, or an unexpected error (one
    line; ``--debug`` or ``FOEDUS_DEBUG=1`` shows the traceback instead); 130: interrupted.
    """
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``) and return its exit code.

    What :func:`main` does without exiting, so that tests run commands in-process.
    """
    from foedus.cli.app import _state

    args = list(sys.argv[1:] if argv is None else argv)
    _state.update(quiet=False, debug=_debug_env())
    try:
        code = _command().main(args=args, prog_name="foedus", standalone_mode=False)
    except FoedusError as exc:
        typer.echo(f"foedus: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        # "foedus treaty" alone: the help on stdout, one line on stderr
        typer.echo(exc.format_message())
        command = exc.ctx.command_path.partition(" ")[2]
        typer.echo(
            f"foedus: error: {command + ': ' if command else ''}give a command (see the list above)", err=True
        )
        return 2
    except click.exceptions.ClickException as exc:
        typer.echo(_usage_line(exc), err=True)
        return exc.exit_code
    except typer.Abort:
        typer.echo("foedus: aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("foedus: interrupted", err=True)
        return 130
    except BrokenPipeError:  # "foedus cite | head": the reader left; say nothing more
        _silence_stdout()
        return 1
    except Exception as exc:
        if _state.get("debug") or "--debug" in args:
            raise
        typer.echo(f"foedus: error: {_unexpected(exc)} (run with --debug for the traceback)", err=True)
        return 1
    if code == 130:  # typer turns Ctrl-C into Exit(130), which standalone_mode=False returns
        typer.echo("foedus: interrupted", err=True)
    return code if isinstance(code, int) else 0


_COMMAND: list[click.Command] = []


def _command() -> click.Command:
    """The app as a click command (built once)."""
    if not _COMMAND:
        _COMMAND.append(typer.main.get_command(app))
    return _COMMAND[0]


def _debug_env() -> bool:
    return os.environ.get("FOEDUS_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _usage_line(exc: click.exceptions.ClickException) -> str:
    """A usage error in one line: the command, what was wrong, where the help is."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path.partition(" ")[2] if ctx is not None else ""
    where = f"{command}: " if command else ""
    message = " ".join(exc.format_message().split())
    message = message if len(message) <= 200 else message[:197] + "..."
    see = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"foedus: error: {where}{message}{see}"


def _unexpected(exc: BaseException) -> str:
    """An unexpected error as a short phrase: its type and the start of its message."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= 150 else text[:147] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
