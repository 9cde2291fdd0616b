r"""Who comes: each candidate state's probability of fighting when the event happens.

:class:`ResponseModel` is the seam: a model gives, for every draw and candidate state, the
probability that the state uses force *if force is lawful for it* (legal limits, the
reservations, are applied by the simulation on top). :class:`AssumedResponse` is the model of
the first version, whose coefficients are assumptions or published base rates:

.. math:: p_k = \operatorname{logit}^{-1}\big(\eta^{\text{obl}}_k + \beta_d \ln(d_k / d_0)
          + \beta_a a_k + \beta_x x_k + \beta_r r_k + \beta_s(\text{severity})\big)

- :math:`\eta^{\text{obl}}` comes from the obligation: ``logit(crisis.reliability.base)``
  for a defence obligation whose conditions are met (so that with every other factor
  neutral a bound member responds at the published base rate, 0.41 for defence pacts,
  Berkemeier & Fuhrmann 2018), plus the response-clause shift (automatic >
  as-it-deems-necessary > constitutional processes) and the depth shifts (ATOP INTCOM,
  BASE, MILAID, ORGAN1, CONTRIB; Leeds & Anac 2005), minus ``conditional`` when the
  conditions are unknown, ``consult`` for a consultation-only obligation;
  ``logit(crisis.unbound.rate)`` for a state under no obligation. The levels are clamped so
  that a stronger obligation never gives a lower probability than a weaker one (defend ≥
  defend_if ≥ consult ≥ consult_if ≥ unbound). A member bound by several treaties takes
  the strongest, draw by draw;
- :math:`d_k` is the great-circle distance from its capital to the place (:math:`d_0` = 1000
  km: neutral), :math:`a_k = |x_k - x_{adv}| - |x_k - x_{prot}|` its affinity on UNGA ideal
  points with the state it would defend against the adversary (Bailey, Strezhnev & Voeten
  2017), :math:`x_k` whether it has its own territorial dispute with the adversary,
  :math:`r_k` whether it is a nondemocratic major power (Leeds 2003; only with ``regimes``).

Every coefficient is a named :mod:`foedus.parameters` parameter with a range; the docs page
``docs/models/response.md`` lists them with their sources.

References: Leeds, Long & Mitchell (2000); Leeds (2003); Berkemeier & Fuhrmann (2018);
Leeds & Anac (2005); Bailey, Strezhnev & Voeten (2017).

Examples
--------
>>> round(response_probability("defend"), 2)
0.41
>>> response_probability("defend", p_lawful=0.0)
0.0
>>> round(response_probability("not_bound"), 2)
0.05
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

import numpy as np

from foedus.crisis.draws import DEPTH_FLAGS, Draws
from foedus.crisis.problem import DEFENDER, LEVEL, RESPONSES, CrisisModel, CrisisProblem
from foedus.errors import InputError
from foedus.parameters import resolve

__all__ = ["RESPONSE_MODELS", "AssumedResponse", "ResponseModel", "Sides", "response_probability"]

_EPS = 1e-12


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1.0 - _EPS)
    return np.log(p) - np.log1p(-p)


def expit(x: np.ndarray) -> np.ndarray:
    """The logistic function (as tanh: no overflow warnings for large ``|x|``)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class Sides(NamedTuple):
    """Per draw and candidate ``(n, S)``: P(fights for the defenders), P(fights for the
    aggressor); their sum is at most 1 (the rest: it stays out)."""

    defender: np.ndarray
    aggressor: np.ndarray


class ResponseModel(CrisisModel, Protocol):
    """Who comes, and on which side: P(state fights for each side | force is lawful for it);
    its provenance reads ``crisis/response/<name>``.

    Attributes
    ----------
    relevant : bool
        Whether the model wants the politically relevant candidates (contiguous to a party or
        tied to one by ATOP) besides the treaties' members and the major powers.
    """

    relevant: bool

    def probability(self, problem: CrisisProblem, draws: Draws) -> Sides:
        """The two sides' probabilities, ``(draws.n, len(problem.states))`` each."""
        ...


class AssumedResponse:
    """The response model with assumed coefficients and published base rates (module docstring)."""

    name = "assumed"
    citations = (
        "leeds_long_mitchell_2000",
        "leeds_2003",
        "berkemeier_fuhrmann_2018",
        "leeds_anac_2005",
        "bailey_strezhnev_voeten_2017",
    )

    relevant = False

    def probability(self, problem: CrisisProblem, draws: Draws) -> Sides:
        """Each candidate fights on the side the problem put it on (by its obligations, or
        by UN affinity for an unbound state)."""
        p = self.logistic(problem, draws)
        defender = problem.side == DEFENDER
        return Sides(np.where(defender, p, 0.0), np.where(defender, 0.0, p))

    def logistic(self, problem: CrisisProblem, draws: Draws) -> np.ndarray:
        """P(the candidate uses force | lawful), whatever its side (module docstring)."""
        eta_rows = obligation_logit(draws, problem.row_level, problem.row_response, problem.row_depth)
        starts = problem.row_starts
        eta = eta_rows if len(starts) == eta_rows.shape[1] else np.maximum.reduceat(eta_rows, starts, axis=1)
        logd = problem.log_km - np.log(draws.reference_km)
        eta += common_logit(draws, logd, problem.affinity, problem.dispute, problem.nondem, problem.severity)
        return expit(eta)


def obligation_logit(d: Draws, level: np.ndarray, response: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """``eta_obl`` for rows with obligation ``level`` (0..4), response code and depth flags.

    Clamped so that, for the same treaty features, a higher level never has a lower value:
    unbound <= consult_if <= consult <= defend_if <= defend.
    """
    lb = _logit(d.reliability_base)
    lu = _logit(d.unbound_rate)
    l1 = np.maximum(lu, lb + d.consult + d.conditional)
    l2 = np.maximum(l1, lb + d.consult)
    out = np.hstack([lu, l1, l2, lb + d.conditional, lb])[:, level]  # (n, R)
    bound = level >= 3
    if bound.any():
        zero = np.zeros_like(lb)
        shift = np.hstack([zero, d.response_automatic, d.response_constitutional])[:, response[bound]]
        if depth[bound].any():
            shift = shift + d.depth @ depth[bound].T.astype(float)
        out[:, bound] = np.maximum(out[:, bound] + shift, l2)
    return out


def common_logit(
    d: Draws, logd: np.ndarray, affinity: np.ndarray, dispute: np.ndarray, nondem: np.ndarray, severity: str
) -> np.ndarray:
    """The shifts every candidate gets: distance, affinity, own dispute, regime, severity."""
    out = (
        d.distance_per_log * logd
        + d.affinity * affinity
        + d.dispute * dispute
        + d.nondemocratic_major * nondem
    )
    return out + d.severity(severity)


def response_probability(
    status: str,
    response: str | None = None,
    depth: Mapping[str, bool] | None = None,
    distance_km: float | None = None,
    affinity: float = 0.0,
    dispute: bool = False,
    nondemocratic_major: bool = False,
    severity: str = "limited",
    p_lawful: float = 1.0,
    params: Mapping[str, Any] | None = None,
) -> float:
    """The assumed response model for one state at the parameters' default values.

    Parameters
    ----------
    status : str
        ``defend``, ``defend_if``, ``consult``, ``consult_if``, ``neutral`` or ``not_bound``
        (as :func:`foedus.obligations.obligations` reports it).
    response : str, optional
        The response clause of a defence obligation.
    depth : mapping, optional
        ATOP depth flags of the binding treaty (``integrated_command``, ``bases``, ...).
    distance_km : float, optional
        Capital-to-place distance (``None``: the neutral reference distance).
    affinity, dispute, nondemocratic_major, severity
        As in the module docstring; the defaults are neutral.
    p_lawful : float
        Probability that force is lawful (the product of the reservations' probabilities).
    params : mapping, optional
        Overrides, as :func:`foedus.parameters.resolve` takes them.
    """
    if status not in LEVEL:
        raise InputError(f"status: expected one of {', '.join(LEVEL)}, got {status!r}")
    if response not in (*RESPONSES, "as_it_deems_necessary"):
        raise InputError(f"response: unknown response clause {response!r}")
    if not 0.0 <= p_lawful <= 1.0:
        raise InputError(f"p_lawful: expected a probability in [0, 1], got {p_lawful}")
    d = Draws.at_defaults(resolve(params))
    code = RESPONSES.index(response) if response in RESPONSES else 0
    flags = np.array([[bool((depth or {}).get(f, False)) for f in DEPTH_FLAGS]])
    logd = 0.0 if distance_km is None else np.log(max(distance_km, 1.0) / d.reference_km)
    eta = obligation_logit(d, np.array([LEVEL[status]]), np.array([code]), flags) + common_logit(
        d, np.asarray(logd), np.asarray(affinity), np.asarray(float(dispute)),
        np.asarray(float(nondemocratic_major)), severity,
    )  # fmt: skip
    return float(p_lawful * expit(eta)[0, 0])


RESPONSE_MODELS: dict[str, ResponseModel | str] = {
    "assumed": AssumedResponse(),
    "estimated": "foedus.crisis.estimated:EstimatedResponse",
}
"""Response models by name, or ``"module:class"`` built on first use (:func:`foedus.crisis.simulate`
takes a name or a model)."""
