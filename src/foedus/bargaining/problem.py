"""The bargaining problem: actors, their clout, positions and saliences on one or more issues.

A :class:`BargainingProblem` is a frozen specification; solvers are free functions in
the sibling modules (``bdm``, ``compromise``, ``median``, ``nash``, ``ktab``) reached
through :func:`foedus.bargaining.forecast`, and they return a
:class:`~foedus.bargaining.result.ForecastResult`.

Conventions
-----------
- ``capability`` c_i > 0 on any scale (only ratios matter).
- ``position`` x_i has shape ``(n_actors, n_dims)`` on the stated ``scale`` (e.g. 0–100).
- ``salience`` s_id in [0, 1] (files on a 0–100 scale are divided by 100 when read),
  shape ``(n_actors, n_dims)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foedus import limits
from foedus.errors import InputError


@dataclass(frozen=True, eq=False)
class BargainingProblem:
    """Actors with capability, position and salience on ``n_dims`` issue dimensions.

    Parameters
    ----------
    actors : tuple of str
        Actor names, unique.
    capability : array_like, shape (n,)
        Positive capabilities (clout), any scale.
    position : array_like, shape (n,) or (n, d)
        Positions on each dimension, inside ``scale``.
    salience : array_like, shape (n,) or (n, d)
        Saliences in [0, 1].
    scale : (float, float)
        The ends of the issue scale, e.g. ``(0, 100)``.
    dimensions : tuple of str, optional
        Names of the dimensions (default ``("issue",)`` or ``dim1..dimd``).
    name : str
        A label for the issue (used in reports and multi-issue files).
    source : str, optional
        Where the inputs came from (file path, scenario key) for error messages.
    metadata : dict
        Reader's notes (salience scale, dropped actors, ...), recorded in provenance.
    reference_point : array_like, shape (d,), optional
        The status quo (reversion point) on each dimension, on the issue scale; NaN
        where unknown. Read by the procedural model; the others ignore it.
    voting_rule : str, optional
        The Council's decision rule: ``"QMV"`` (qualified majority), ``"unanimity"``
        or ``"majority"`` (DEU's ``Unan`` is read as unanimity).
    procedure : str, optional
        The legislative procedure, e.g. ``"COD"`` (co-decision) or ``"CNS"``
        (consultation).
    proposal : str, optional
        The legislative proposal the issue belongs to (issues of one proposal are
        linked in the exchange model).

    Raises
    ------
    InputError
        On NaN, non-positive capability, salience outside [0, 1], a position outside the
        scale, duplicate actor names, fewer than two actors or shape mismatches.

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 2], [0, 100], [1, 0.5], scale=(0, 100))
    >>> p.n_actors, p.n_dims
    (2, 1)
    """

    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    scale: tuple[float, float] = (0.0, 100.0)
    dimensions: tuple[str, ...] = ()
    name: str = "issue"
    source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    reference_point: np.ndarray | None = None
    voting_rule: str | None = None
    procedure: str | None = None
    proposal: str | None = None

    def __post_init__(self) -> None:
        where = f"{self.source}: " if self.source else ""
        actors = tuple(str(a) for a in self.actors)
        cap = np.asarray(self.capability, dtype=float)
        pos = np.asarray(self.position, dtype=float)
        sal = np.asarray(self.salience, dtype=float)
        if pos.ndim == 1:
            pos = pos[:, None]
        if sal.ndim == 1:
            sal = np.repeat(sal[:, None], pos.shape[1], axis=1)
        n = len(actors)
        if n < 2:
            raise InputError(f"{where}a bargaining problem needs at least two actors, got {n}")
        limits.ACTORS.check(n, f"{where}actors")
        if len(set(actors)) != n:
            dup = sorted({a for a in actors if actors.count(a) > 1})
            raise InputError(f"{where}duplicate actor name(s): {', '.join(dup)}")
        if cap.shape != (n,) or pos.shape[0] != n or sal.shape != pos.shape:
            raise InputError(
                f"{where}shapes disagree: {n} actors, capability {cap.shape}, "
                f"position {pos.shape}, salience {sal.shape}"
            )
        for label, arr in (("capability", cap), ("position", pos), ("salience", sal)):
            bad = ~np.isfinite(arr).reshape(n, -1).all(axis=1)
            if bad.any():
                raise InputError(
                    f"{where}{label} is missing or not a number for "
                    f"{', '.join(a for a, b in zip(actors, bad, strict=True) if b)}"
                )
        limits.check_magnitude(cap, f"{where}capability", actors)
        if (cap <= 0).any():
            who = [a for a, c in zip(actors, cap, strict=True) if c <= 0]
            raise InputError(f"{where}capability must be > 0; not so for {', '.join(who)}")
        if ((sal < 0) | (sal > 1)).any():
            who = [a for a, s in zip(actors, sal, strict=True) if ((s < 0) | (s > 1)).any()]
            raise InputError(
                f"{where}salience must lie in [0, 1] (files on 0-100 are divided by 100); "
                f"not so for {', '.join(who)}"
            )
        lo, hi = float(self.scale[0]), float(self.scale[1])
        if not lo < hi:
            raise InputError(f"{where}scale must be (low, high) with low < high, got {self.scale}")
        if ((pos < lo) | (pos > hi)).any():
            who = [a for a, x in zip(actors, pos, strict=True) if ((x < lo) | (x > hi)).any()]
            raise InputError(
                f"{where}positions must lie on the scale [{lo:g}, {hi:g}]; not so for {', '.join(who)}"
            )
        dims = tuple(self.dimensions) or (
            ("issue",) if pos.shape[1] == 1 else tuple(f"dim{k + 1}" for k in range(pos.shape[1]))
        )
        if len(dims) != pos.shape[1]:
            raise InputError(f"{where}{len(dims)} dimension names for {pos.shape[1]} dimensions")
        ref = self._reference(where, pos.shape[1], lo, hi)
        rule = _voting_rule(self.voting_rule, where)
        for arr in (cap, pos, sal, *(() if ref is None else (ref,))):
            arr.setflags(write=False)
        object.__setattr__(self, "reference_point", ref)
        object.__setattr__(self, "voting_rule", rule)
        if self.procedure is not None:
            object.__setattr__(self, "procedure", str(self.procedure).strip().upper() or None)
        if self.proposal is not None:
            object.__setattr__(self, "proposal", str(self.proposal).strip() or None)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "capability", cap)
        object.__setattr__(self, "position", pos)
        object.__setattr__(self, "salience", sal)
        object.__setattr__(self, "scale", (lo, hi))
        object.__setattr__(self, "dimensions", dims)

    def _reference(self, where: str, d: int, lo: float, hi: float) -> np.ndarray | None:
        if self.reference_point is None:
            return None
        ref = np.array(self.reference_point, dtype=float).reshape(-1)
        if ref.size == 1 and d > 1:
            ref = np.repeat(ref, d)
        if ref.shape != (d,):
            raise InputError(f"{where}reference_point has {ref.size} values for {d} dimensions")
        known = ref[np.isfinite(ref)]
        if ((known < lo) | (known > hi)).any():
            raise InputError(
                f"{where}reference_point {ref.tolist()} lies outside the scale [{lo:g}, {hi:g}]",
                hint="give the status quo on the issue's scale, or leave it empty when unknown",
            )
        if np.isnan(ref).all():
            return None
        return ref

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def n_dims(self) -> int:
        return int(self.position.shape[1])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (for provenance hashes and files)."""
        extra: dict[str, Any] = {
            k: v
            for k, v in (
                ("voting_rule", self.voting_rule),
                ("procedure", self.procedure),
                ("proposal", self.proposal),
            )
            if v is not None
        }
        if self.reference_point is not None:
            extra["reference_point"] = [None if np.isnan(v) else float(v) for v in self.reference_point]
        return {
            **extra,
            "name": self.name,
            "scale": list(self.scale),
            "dimensions": list(self.dimensions),
            "actors": [
                {
                    "actor": a,
                    "capability": float(self.capability[i]),
                    "position": [float(v) for v in self.position[i]],
                    "salience": [float(v) for v in self.salience[i]],
                }
                for i, a in enumerate(self.actors)
            ],
        }


VOTING_RULES = {
    "qmv": "QMV",
    "qualified majority": "QMV",
    "qualified_majority": "QMV",
    "unan": "unanimity",
    "unanimity": "unanimity",
    "majority": "majority",
    "simple majority": "majority",
    "sm": "majority",
}
"""Spellings of the Council's decision rule accepted on input, and what they mean."""


def _voting_rule(value: Any, where: str) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    rule = VOTING_RULES.get(str(value).strip().lower())
    if rule is None:
        raise InputError(
            f"{where}voting_rule {value!r} is not known",
            hint="use QMV (qualified majority), Unan / unanimity, or majority",
        )
    return rule
