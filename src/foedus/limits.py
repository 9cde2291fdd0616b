"""Limits on what one run may ask for, checked before any memory is allocated.

Every size a user can choose (draws, rounds, actors, sweep points, file sizes ...) is checked
here against a limit, so that ``--draws 1e12`` is refused in a millisecond with the reason,
instead of filling the machine's memory an hour later. Each :class:`Limit` has a default
that a laptop can afford, and an environment variable that raises (or lowers) it::

    FOEDUS_MAX_DRAWS=100000000 foedus simulate ...

The values that have a domain rather than a size (a seed, a year, a magnitude) are checked by
the functions below :data:`LIMITS`. ``docs/limits.md`` lists them all; a test keeps the page
and this module in step.

Examples
--------
>>> DRAWS.check(10_000, "--draws")
10000
>>> try:
...     DRAWS.check(10**12, "--draws")
... except InputError as exc:
...     print(exc.message)
--draws 1e12 would need ~32 TB; the limit is 1e7 (FOEDUS_MAX_DRAWS)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from foedus.errors import InputError

__all__ = [
    "LIMITS",
    "MAX_SEED",
    "MAX_VALUE",
    "Limit",
    "check_magnitude",
    "check_seed",
    "check_year",
    "human_bytes",
    "number",
    "whole",
]


def number(x: float) -> str:
    """A count as people write it: ``10,000`` below a million, ``1e12`` or ``2.5e9`` above.

    Examples
    --------
    >>> number(20000), number(10**12), number(2.5e9)
    ('20,000', '1e12', '2.5e9')
    """
    if abs(x) < 1_000_000:
        return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"
    mantissa, _, exponent = f"{x:.3g}".partition("e")
    if not exponent:  # .3g wrote a plain number (e.g. 1.23e+06 is 1230000)
        mantissa, _, exponent = f"{x:.2e}".partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def human_bytes(n: float) -> str:
    """``n`` bytes in decimal units: ``8 TB``, ``320 MB``.

    Examples
    --------
    >>> human_bytes(8e12), human_bytes(3.2e8), human_bytes(512)
    ('8 TB', '320 MB', '512 B')
    """
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:.0f} B"


def whole(value: Any, option: str, low: int = 1) -> int:
    """``value`` as an int, if it is a whole number ``>= low`` (``1e3`` and ``"5000"`` are).

    Raises
    ------
    InputError
        For a boolean, a fraction, NaN or infinity, text that is not a number, or a value
        below ``low``.

    Examples
    --------
    >>> whole("5000", "draws"), whole(1e3, "draws")
    (5000, 1000)
    """
    shown = _short(value)
    if isinstance(value, bool):
        raise InputError(f"{option}: expected a whole number, got {shown}")
    try:
        as_float = float(value)
        as_int = int(value) if isinstance(value, (int, np.integer)) else int(as_float)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{option}: expected a whole number, got {shown}") from None
    if not isinstance(value, (int, np.integer)) and as_float != as_int:
        raise InputError(f"{option}: expected a whole number, got {shown}")
    if as_int < low:
        raise InputError(f"{option}: expected a whole number >= {low}, got {number(as_int)}")
    return as_int


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass(frozen=True)
class Limit:
    """One limit: its name, default, environment variable, and the memory one unit takes.

    Parameters
    ----------
    name : str
        What is counted, in words ("Monte Carlo draws of a crisis simulation").
    env : str
        The environment variable that sets it.
    default : int
        The value without the variable.
    bytes_each : float
        Memory one unit needs, for the "would need ~8 TB" of the message (0: not said).
    """

    name: str
    env: str
    default: int
    bytes_each: float = 0.0

    @property
    def value(self) -> int:
        """The limit in force: the environment variable's value, or the default."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= 1):
            raise InputError(
                f"{self.env}={_short(raw, 24)} is not a positive number",
                hint=f"set it to a number such as {number(self.default)} (the default), or unset it",
            )
        return int(value)

    def check(self, value: Any, option: str, *, low: int = 1, need: float | None = None) -> int:
        """``value`` as an int if it is a whole number from ``low`` to the limit.

        ``option`` names it as the user wrote it (``--draws``, ``draws``); ``need`` is the
        memory it would take, when that is not ``value * bytes_each``.

        Raises
        ------
        InputError
            Not a whole number, below ``low``, or above the limit (the message says what it
            would need and which variable raises the limit).

        Examples
        --------
        >>> ROUNDS.check(3, "--rounds")
        3
        """
        n = whole(value, option, low)
        limit = self.value
        if n <= limit:
            return n
        need = need if need is not None else n * self.bytes_each
        cost = f"would need ~{human_bytes(need)}; the limit is" if need else "is above the limit of"
        raise InputError(
            f"{option} {number(n)} {cost} {number(limit)} ({self.env})",
            hint=f"ask for fewer, or set {self.env} higher if the machine can afford it",
        )


# ------------------------------------------------------------------------------- the limits
FILE_BYTES = Limit("size of an input file (scenario, treaty, places, issues), bytes", "FOEDUS_MAX_FILE_BYTES",
                   20_000_000, 1.0)  # fmt: skip
YAML_NODES = Limit("values in a YAML file, aliases expanded", "FOEDUS_MAX_YAML_NODES", 200_000)
YAML_DEPTH = Limit("nesting depth of a YAML file", "FOEDUS_MAX_YAML_DEPTH", 64)
CSV_ROWS = Limit("rows of a CSV file", "FOEDUS_MAX_CSV_ROWS", 1_000_000)
CSV_COLUMNS = Limit("columns of a CSV file", "FOEDUS_MAX_CSV_COLUMNS", 1_000)
DRAWS = Limit("Monte Carlo draws of a crisis simulation (per design)", "FOEDUS_MAX_DRAWS", 10_000_000, 32.0)
FORECAST_DRAWS = Limit("draws of a forecast's inputs (each runs the model)", "FOEDUS_MAX_FORECAST_DRAWS",
                       100_000, 1_000.0)  # fmt: skip
SAMPLES = Limit("Monte Carlo samples of a voting-power index", "FOEDUS_MAX_SAMPLES", 100_000_000)
ROUNDS = Limit("rounds of an iterative bargaining model", "FOEDUS_MAX_ROUNDS", 10_000)
ACTORS = Limit("actors of a bargaining problem", "FOEDUS_MAX_ACTORS", 2_000)
ISSUES = Limit("issues (or dimensions) in one bargaining file", "FOEDUS_MAX_ISSUES", 10_000)
POWER_CELLS = Limit("players x integer quota of an exact power index (table cells)", "FOEDUS_MAX_POWER_CELLS",
                    20_000_000, 40.0)  # fmt: skip
POWER_STEPS = Limit("players**2 x integer quota of an exact Shapley-Shubik index (steps)",
                    "FOEDUS_MAX_POWER_STEPS", 500_000_000)  # fmt: skip
LANDSCAPE_ACTORS = Limit("actors of a landscape (an actors x actors matrix)", "FOEDUS_MAX_LANDSCAPE_ACTORS",
                         2_000)  # fmt: skip
SWEEP_POINTS = Limit("tasks of a sweep (grid points or samples)", "FOEDUS_MAX_SWEEP_POINTS",
                     1_000_000, 1_000.0)  # fmt: skip

LIMITS: tuple[Limit, ...] = (
    FILE_BYTES, YAML_NODES, YAML_DEPTH, CSV_ROWS, CSV_COLUMNS, DRAWS, FORECAST_DRAWS, SAMPLES,
    ROUNDS, ACTORS, ISSUES, POWER_CELLS, POWER_STEPS, LANDSCAPE_ACTORS, SWEEP_POINTS,
)  # fmt: skip
"""Every limit, in the order ``docs/limits.md`` lists them."""


# ------------------------------------------------------------------------------- domains
MAX_SEED = 2**32 - 1
"""Seeds are 0 to 4,294,967,295: 32 bits, so that every seed can be typed, printed and stored."""

MAX_VALUE = 1e15
"""Largest capability (or other weight) accepted: weights are relative, and sums of larger
ones lose the small actors to rounding or overflow. Rescale (e.g. to millions) instead."""


def check_seed(seed: Any, option: str = "seed") -> int:
    """A seed as an int from 0 to :data:`MAX_SEED`.

    Examples
    --------
    >>> check_seed("42")
    42
    >>> try:
    ...     check_seed(-1, "--seed")
    ... except InputError as exc:
    ...     print(exc.message)
    --seed: expected a whole number from 0 to 4,294,967,295, got -1
    """
    try:
        n = whole(seed, option, low=0)
    except InputError:
        n = None
    if n is None or n > MAX_SEED:
        raise InputError(
            f"{option}: expected a whole number from 0 to {MAX_SEED:,}, got {_short(seed, 24)}",
            hint="any seed in that range gives its own reproducible answer",
        )
    return n


def check_year(year: Any, span: tuple[int, int], source: str, option: str = "year") -> int:
    """A year as an int inside ``span`` (the years ``source`` covers).

    Examples
    --------
    >>> try:
    ...     check_year(3000, (1816, 2024), "the COW state system v2024")
    ... except InputError as exc:
    ...     print(exc.message)
    year 3000 is outside the COW state system v2024 (1816-2024)
    """
    lo, hi = span
    try:
        n = whole(year, option, low=-(10**9))
    except InputError:
        raise InputError(
            f"{option}: expected a year, got {_short(year, 24)}", hint=f"choose a year from {lo} to {hi}"
        ) from None
    if not lo <= n <= hi:
        shown = str(n) if abs(n) < 10**6 else number(n)
        raise InputError(f"{option} {shown} is outside {source} ({lo}-{hi})",
                         hint=f"choose a year from {lo} to {hi}")  # fmt: skip
    return n


def check_magnitude(values: Any, what: str, names: Any = None) -> None:
    """Refuse weights above :data:`MAX_VALUE` (they are finite, but sums would overflow).

    Examples
    --------
    >>> check_magnitude([1.0, 2e6], "capability")
    >>> try:
    ...     check_magnitude([1.0, 1e308], "capability", ["A", "B"])
    ... except InputError as exc:
    ...     print(exc.message)
    capability above 1e15 for B
    """
    arr = np.atleast_1d(np.abs(np.asarray(values, dtype=float)))
    big = arr > MAX_VALUE
    if big.any():
        rows = np.flatnonzero(big.reshape(len(arr), -1).any(axis=1))
        who = [str(list(names)[i]) for i in rows] if names is not None else []
        raise InputError(
            f"{what} above {number(MAX_VALUE)}" + (f" for {', '.join(who[:5])}" if who else ""),
            hint="weights are relative: rescale them (e.g. to millions)",
        )
