"""Errors that carry a message a user can act on.

Every error raised for bad input names *where* (file, key, dataset), *what was
expected* and *how to fix it*. The CLI turns any :class:`FoedusError` into a one-line
message on stderr and exit code 2, with no traceback.
"""

from __future__ import annotations


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
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


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
