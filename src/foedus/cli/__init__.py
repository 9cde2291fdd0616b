"""The ``foedus`` command line: a thin shell over the library.

Every command calls library functions and formats their results; errors that are the
user's to fix (a bad year, an unknown country, a missing dataset) print one line on
stderr and exit with code 2. One module per command group; this file lists the commands in
the order ``foedus --help`` shows them.
"""

from __future__ import annotations

import sys

import typer

from foedus.cli import bargaining, coalitions, crisis, data, evidence, study, sweep, treaty, world
from foedus.cli.app import app
from foedus.errors import FoedusError

__all__ = ["app", "main"]

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
app.add_typer(__import__("foedus.cli.design", fromlist=["design_app"]).design_app, name="design")
# Assumptions, data and citations.
app.command("sweep")(sweep.sweep_cmd)
app.add_typer(data.data_app, name="data")
app.command()(data.cite)


def main() -> None:
    """Console entry point: run the app, turning user errors into one line and exit code 2."""
    try:
        app(standalone_mode=False)
    except FoedusError as exc:
        typer.echo(f"foedus: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("foedus: aborted", err=True)
        sys.exit(130)
    except Exception as exc:
        # Usage errors from typer's (vendored) click: they know how to show themselves.
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "show") and isinstance(code, int):
            exc.show()
            sys.exit(code)
        raise
