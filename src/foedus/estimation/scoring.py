"""Answers for user rows: will this ally fight, who wins this dispute.

- :func:`score_commitments`: rows ``ally, partner, adversary, year`` (the partner is at war
  with the adversary, several adversaries separated by ``;``) get ``p_respond``, the
  honouring model's probability that the ally fights on the partner's side, with a 90 %
  interval (``lower``, ``upper``) from 2,000 draws of its coefficients;
- :func:`score_outcomes`: rows ``side_a, side_b, year`` (states separated by ``;``; an
  optional ``hostility`` column, 1-5, default 4, a use of force) get ``p_a_wins,
  p_b_wins, p_stalemate`` from the outcome model.

States are read as everywhere in foedus, year-aware (:meth:`foedus.data.states.StateSystem.lookup`):
a bare integer is a COW code, otherwise a name, a COW abbreviation or ``iso3:XXX``; any
year from 1816 (the 1840s' Bavaria or the Two Sicilies included). Both need the data folder
(features come from the datasets); the coefficients are the shipped estimates unless others
are passed. Bad input raises :class:`~foedus.errors.InputError` naming the row, the column,
what is wrong and how to fix it.

The honouring model answers for an ally *whose casus foederis arose*: it does not check
that the two share an alliance or that its conditions hold (the row asserts the war; whether
the ally is bound is :func:`foedus.obligations.obligations`'s question).

Examples
--------
>>> rows = pd.DataFrame({"ally": ["UKG"], "partner": ["FRN"], "adversary": ["GMY"], "year": [1914]})
>>> out = score_commitments(rows)                    # doctest: +SKIP
>>> list(out.columns)                                # doctest: +SKIP
['ally', 'partner', 'adversary', 'year', 'p_respond', 'lower', 'upper']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from foedus.errors import FoedusError, InputError
from foedus.estimation import honouring, outcome
from foedus.estimation.estimates import Estimates
from foedus.estimation.panel import FIRST_YEAR, LAST_YEAR, panel
from foedus.seeds import SeedLike, as_generator

DRAWS = 2000
NMC_LAST_YEAR = 2022


def _check_columns(frame: pd.DataFrame, needed: tuple[str, ...], source: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns)) or 'none'})",
            hint=f"the header must name {', '.join(needed)}",
        )


def _year(value: object, where: str) -> int:
    text = str(value).strip()
    try:
        year = int(float(text)) if text and float(text) == int(float(text)) else None
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            f"{where}, column year: {value!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}",
            hint="write a four-digit year, e.g. 1914",
        )
    return year


def _states(value: object, year: int, where: str, column: str) -> tuple[int, ...]:
    from foedus.data.states import StateSystem

    system = StateSystem.from_data()
    parts = [] if value is None or value != value else [p.strip() for p in str(value).split(";") if p.strip()]
    if not parts:
        raise InputError(
            f"{where}, column {column}: empty", hint="name a state (COW code, name or abbreviation)"
        )
    codes = []
    for part in parts:
        query: str | int = int(part) if part.isdigit() else part
        try:
            codes.append(system.lookup(query, year).ccode)
        except FoedusError as exc:
            hint = exc.hint or f"name a state that was in the COW state system in {year}"
            raise InputError(f"{where}, column {column}: {exc.message}", hint=hint) from None
    return tuple(codes)


def _rows(frame: pd.DataFrame, columns: tuple[str, ...], source: str) -> list[tuple[int, dict]]:
    """Each row's year and resolved states, or an InputError naming the first bad cell."""
    out = []
    for i, (_, row) in enumerate(frame.iterrows(), start=1):
        where = f"{source} row {i}"
        year = _year(row["year"], where)
        states = {c: _states(row[c], year, where, c) for c in columns}
        _distinct(states, year, where)
        out.append((year, states))
    return out


def _distinct(states: dict[str, tuple[int, ...]], year: int, where: str) -> None:
    """Refuse a row that names one state in two columns, however it is written (``USA``,
    ``2`` and ``United States`` are one state)."""
    from foedus.data.states import StateSystem

    columns = list(states)
    for a, first in enumerate(columns):
        for second in columns[a + 1 :]:
            both = sorted(set(states[first]) & set(states[second]))
            if both:
                name = StateSystem.from_data().lookup(both[0], year).abb
                hint = "each column names a different state"
                raise InputError(f"{where}: {first} and {second} both name {name}", hint=hint)


def _interval(draws: np.ndarray, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    a = (1 - level) / 2
    return np.quantile(draws, a, axis=0), np.quantile(draws, 1 - a, axis=0)


def score_commitments(
    frame: pd.DataFrame, *, estimates: Estimates | None = None, source: str = "input", seed: SeedLike = 0
) -> pd.DataFrame:
    """``p_respond, lower, upper`` for each ``ally, partner, adversary, year`` row, in order.

    Parameters
    ----------
    frame : DataFrame
        Columns ``ally``, ``partner``, ``adversary`` (states; ``;`` separates several
        adversaries) and ``year``; other columns are kept.
    estimates : Estimates, optional
        Default: :meth:`Estimates.shipped`.
    source : str
        How errors name the input (a file name).
    seed : int, optional
        Seeds the coefficient draws of the interval: same seed, same interval.
    """
    _check_columns(frame, ("ally", "partner", "adversary", "year"), source)
    model = (estimates or Estimates.shipped()).models["honouring"]
    parsed = _rows(frame, ("ally", "partner", "adversary"), source)
    rows = pd.DataFrame(
        {
            "ally": [s["ally"][0] for _, s in parsed],
            "partner": [s["partner"][0] for _, s in parsed],
            "adversaries": [s["adversary"] for _, s in parsed],
            "year": [y for y, _ in parsed],
        }
    )
    rows["signed"] = rows.year
    raw = honouring.ally_columns(rows)
    raw["named_threat"] = [
        honouring.threat_named(a, p, adv, y)
        for a, p, adv, y in zip(rows.ally, rows.partner, rows.adversaries, rows.year, strict=True)
    ]
    design = honouring.design(raw.assign(**{c: 0.0 for c in honouring.RAW_COLUMNS if c not in raw}))
    X = design[list(model.features)].to_numpy()
    draws = model.probabilities(X, model.draw(DRAWS, as_generator(seed)))[:, :, 1]
    lower, upper = _interval(draws)
    return frame.reset_index(drop=True).assign(
        p_respond=model.probabilities(X)[:, 1], lower=lower, upper=upper
    )


def score_outcomes(
    frame: pd.DataFrame, *, estimates: Estimates | None = None, source: str = "input"
) -> pd.DataFrame:
    """``p_a_wins, p_b_wins, p_stalemate`` for each ``side_a, side_b, year`` row, in order.

    Side A is the side that acts first. Each side's capability components are summed over
    its states (the model was fitted on one state a side: several are an extrapolation).
    Years after 2022 take NMC's 2022 values. ``hostility`` (optional, 1-5) is what the
    dispute becomes: 4 (use of force) unless given, 5 for a war.
    """
    _check_columns(frame, ("side_a", "side_b", "year"), source)
    model = (estimates or Estimates.shipped()).models["outcome"]
    parsed = _rows(frame, ("side_a", "side_b"), source)
    hostility = _hostility(frame, source)
    states = pd.DataFrame(
        [
            (i, side, code, min(year, NMC_LAST_YEAR))
            for i, (year, s) in enumerate(parsed)
            for side in ("a", "b")
            for code in s[f"side_{side}"]
        ],
        columns=["row", "side", "ccode", "year"],
    )
    panel()
    raw = outcome.side_shares(states).reset_index(drop=True)
    raw["year"] = [y for y, _ in parsed]
    raw["hostility"] = hostility
    P = model.predict(outcome.design(raw))
    return frame.reset_index(drop=True).assign(p_a_wins=P[:, 1], p_b_wins=P[:, 2], p_stalemate=P[:, 0])


def _hostility(frame: pd.DataFrame, source: str) -> np.ndarray:
    if "hostility" not in frame:
        return np.full(len(frame), 4.0)
    values = pd.to_numeric(frame.hostility, errors="coerce")
    bad = ~values.isin([1, 2, 3, 4, 5])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{source} row {i + 1}, column hostility: {frame.hostility.iloc[i]!r} "
            "is not a MID hostility level",
            hint="1 none, 2 threat, 3 display, 4 use of force, 5 war",
        )
    return values.to_numpy(dtype=float)
