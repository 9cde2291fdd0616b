"""The crisis model's parameters for a block of Monte Carlo draws, as one typed object.

Every coefficient the crisis models read is a named :mod:`foedus.parameters` parameter
(``crisis.reliability.base``, ``deterrence.miles_per_day``, ...) with a default, a range and a
source, so that sweeps can vary any of them and results can report them. Inside the
simulation they travel as one :class:`Draws`: one field per parameter, each an ``(n, 1)``
column of its values in ``n`` draws (the response clause and depth shifts gathered in arrays),
so that the models read ``draws.reliability_base``, not a string key of a dict.

Examples
--------
>>> from foedus.parameters import resolve
>>> d = Draws.at_defaults(resolve())
>>> float(d.reliability_base[0, 0]), d.n
(0.41, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np

from foedus.parameters import Parameter, sample

__all__ = ["DEPTH_FLAGS", "FIELDS", "Draws"]

DEPTH_FLAGS = ("integrated_command", "bases", "military_aid", "organisation", "contributions")
"""The ATOP depth provisions that shift a bound member's response (in this order)."""

FIELDS: dict[str, str] = {
    "reliability_base": "crisis.reliability.base",
    "unbound_rate": "crisis.unbound.rate",
    "conditional": "crisis.obligation.conditional",
    "consult": "crisis.obligation.consult",
    "response_automatic": "crisis.response.automatic",
    "response_constitutional": "crisis.response.constitutional_processes",
    "distance_per_log": "crisis.distance.per_log",
    "reference_km": "crisis.distance.reference_km",
    "affinity": "crisis.affinity.per_unit",
    "dispute": "crisis.exposure.dispute",
    "nondemocratic_major": "crisis.regime.nondemocratic_major",
    "severity_grey_zone": "crisis.severity.grey_zone",
    "severity_major": "crisis.severity.major",
    "severity_total": "crisis.severity.total",
    "miles_per_day": "deterrence.miles_per_day",
    "contest_m": "deterrence.contest.m",
    "counterattack_trigger": "deterrence.counterattack.trigger",
}
"""Field of :class:`Draws` -> the registered parameter it holds."""


@dataclass(frozen=True)
class Draws:
    """Parameter values of ``n`` draws; every field is an ``(n, 1)`` array (``depth``: ``(n, 5)``).

    Build one with :meth:`from_values` (sampled values) or :meth:`at_defaults`.
    """

    reliability_base: np.ndarray
    unbound_rate: np.ndarray
    conditional: np.ndarray
    consult: np.ndarray
    response_automatic: np.ndarray
    response_constitutional: np.ndarray
    depth: np.ndarray
    distance_per_log: np.ndarray
    reference_km: np.ndarray
    affinity: np.ndarray
    dispute: np.ndarray
    nondemocratic_major: np.ndarray
    severity_grey_zone: np.ndarray
    severity_major: np.ndarray
    severity_total: np.ndarray
    miles_per_day: np.ndarray
    contest_m: np.ndarray
    counterattack_trigger: np.ndarray
    extra: Mapping[str, np.ndarray] = field(default_factory=dict)
    """The estimated models' own assumptions (``estimated.*`` parameters), ``(n, 1)`` each."""
    coef: Mapping[str, np.ndarray] = field(default_factory=dict)
    """Coefficient draws of the estimated models, ``(n, features, outcomes)`` each: draws of
    one group share a vector, so that a group's results show one plausible estimate."""
    group: int = 1
    """Consecutive draws that share one coefficient draw (1: each its own)."""

    @property
    def n(self) -> int:
        return int(self.reliability_base.shape[0])

    @classmethod
    def from_values(cls, params: Mapping[str, Parameter], values: np.ndarray) -> Draws:
        """From an ``(n, len(params))`` matrix of values, columns in ``params`` order."""
        col = {name: values[:, i : i + 1] for i, name in enumerate(params)}
        depth = np.hstack([col[f"crisis.depth.{f}"] for f in DEPTH_FLAGS])
        extra = {name: c for name, c in col.items() if name.startswith("estimated.")}
        return cls(depth=depth, extra=extra, **{f: col[name] for f, name in FIELDS.items()})

    def with_estimates(
        self, extra: Mapping[str, np.ndarray], coef: Mapping[str, np.ndarray], group: int
    ) -> Draws:
        """These draws with the estimated models' assumptions and coefficient draws (shared by
        ``group`` consecutive draws) added."""
        return replace(self, extra={**self.extra, **extra}, coef=dict(coef), group=group)

    def subset(self, rows: slice) -> Draws:
        """The draws ``rows`` selects (every field, the groups kept track of)."""
        step = rows.step or 1
        kept = {
            f.name: getattr(self, f.name)[rows]
            for f in fields(self)
            if f.name not in ("extra", "coef", "group")
        }
        group = self.group // step if self.group % step == 0 and (rows.start or 0) == 0 else 1
        return Draws(
            **kept,
            extra={k: v[rows] for k, v in self.extra.items()},
            coef={k: v[rows] for k, v in self.coef.items()},
            group=max(group, 1),
        )

    @classmethod
    def at_defaults(cls, params: Mapping[str, Parameter], n: int = 1) -> Draws:
        """Every parameter at its default value, ``n`` times."""
        return cls.from_values(params, np.repeat(np.array([[p.default for p in params.values()]]), n, axis=0))

    @classmethod
    def sampled(cls, params: Mapping[str, Parameter], uniforms: np.ndarray) -> Draws:
        """Split-uniform draws within every parameter's range (:func:`foedus.parameters.sample`)."""
        return cls.from_values(params, sample(params, uniforms))

    def severity(self, name: str) -> np.ndarray | float:
        """The logit shift of an event's severity (``limited`` is the reference, 0)."""
        shift = {
            "grey_zone": self.severity_grey_zone,
            "major": self.severity_major,
            "total": self.severity_total,
        }
        return shift.get(name, 0.0)

    def __post_init__(self) -> None:  # a programming error, not user input
        n = self.reliability_base.shape[0]
        for f in fields(self):
            if f.name in ("extra", "coef", "group"):
                continue
            if getattr(self, f.name).shape[0] != n:
                raise ValueError(f"Draws.{f.name}: {getattr(self, f.name).shape[0]} rows, expected {n}")
