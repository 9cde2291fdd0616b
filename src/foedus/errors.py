"""Errors that carry a message a user can act on.

Every error raised for bad input names *where* (file, key, dataset), *what was
expected* and *how to fix it*. The CLI turns any :class:`FoedusError` into a one-line
message on stderr and exit code 2, with no traceback. Whatever a message quotes, it stays
short: newlines become spaces, and a message longer than :data:`MAX_MESSAGE` characters (a
hint longer than :data:`MAX_HINT`) keeps its start (the file, line and key) and its end, with
``...`` between. ``str(error)`` is ``message (hint)``, wrapped at :data:`LINE` characters into
at most three lines, so that each stays under 300 with ``foedus: error:`` before the first.
"""

from __future__ import annotations

import textwrap

MAX_MESSAGE = 300
MAX_HINT = 480
LINE = 280


def _fit(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters (start ... end).

    Examples
    --------
    >>> _fit("a.yaml:3: got " + "x" * 300 + " (a list)", 40)
    'a.yaml:3: got xxxxxxxxx ... xxx (a list)'
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    head = (width - 5) * 2 // 3
    return f"{text[:head]} ... {text[len(text) - (width - 5 - head) :]}"


class FoedusError(Exception):
    """Base class for errors that foedus reports to users without a traceback.

    Parameters
    ----------
    message : str
        What is wrong, naming the file, key or dataset concerned.
    hint : str, optional
        How to fix it (a command to run, a value to use).
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        message = _fit(message, MAX_MESSAGE)
        super().__init__(message)
        self.message = message
        self.hint = _fit(hint, MAX_HINT) if hint else hint

    def __str__(self) -> str:
        line = f"{self.message} ({self.hint})" if self.hint else self.message
        if len(line) <= LINE:
            return line
        lines = textwrap.wrap(line, LINE, break_on_hyphens=False)
        if len(lines) > 3:
            lines = [*lines[:2], lines[2][: LINE - 4] + " ..."]
        return "\n".join(lines)


class InputError(FoedusError, ValueError):
    """Bad user input: an impossible parameter, a malformed file, an unknown key."""


class UnknownStateError(InputError, LookupError):
    """A country name, abbreviation or code that matches no state (or several)."""


class TasksFailedError(FoedusError):
    """Part of a finished run failed (a sweep's tasks): exit code 1, not 2, since the input was
    fine; the message says how many failed and where they are logged."""

    exit_code = 1


class DataError(FoedusError):
    """A dataset is missing, corrupt or cannot be read."""


class DataMissingError(DataError, FileNotFoundError):
    """A dataset file is not where the loaders looked for it."""


class ChecksumError(DataError):
    """A dataset file's sha256 differs from the one pinned in the registry."""
